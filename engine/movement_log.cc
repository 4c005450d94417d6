#include "engine/movement_log.h"

namespace coopledger::engine {

MovementLog::MovementLog(EventStore* store, ProjectionSet* set, projections::MovementBlock block)
    : store_(store), set_(set), block_(std::move(block)) {
  set_->RecordMovements(&block_);
}

MovementLog::~MovementLog() { set_->RecordMovements(nullptr); }

Result<std::unique_ptr<MovementLog>> MovementLog::Start(EventStore* store, ProjectionSet* set) {
  const Seq next = set->last_seq() + 1;
  const Seq start = projections::MovementBlockStart(next);
  projections::MovementBlock block(next);
  if (start < next) {
    // Keep the events of this block folded before: those of the block stored, when it has them.
    COOPLEDGER_ASSIGN_OR_RETURN(auto stored, store->FindSnapshot(kMovementsName, start));
    if (stored && stored->first == start) {
      // A block that does not reach `next` - 1, or that `check` would call corrupt, is replaced
      // by one starting at `next`: queries before it then take the slower way.
      Result<projections::MovementBlock> resumed =
          projections::MovementBlock::Resume(stored->second, next - 1);
      if (resumed) block = std::move(*resumed);
    }
  }
  return std::unique_ptr<MovementLog>(new MovementLog(store, set, std::move(block)));
}

Status MovementLog::Before(const events::StoredEvent& event) {
  if (projections::MovementBlockStart(event.seq) == projections::MovementBlockStart(block_.first_seq())) {
    return OkStatus();
  }
  COOPLEDGER_RETURN_IF_ERROR(Flush());
  block_.Reset(event.seq);
  return OkStatus();
}

Status MovementLog::Flush() {
  if (block_.last_seq() < block_.first_seq()) return OkStatus();  // No event yet.
  const std::string bytes = block_.Bytes();
  COOPLEDGER_RETURN_IF_ERROR(store_->PutSnapshot(
      kMovementsName, projections::MovementBlockStart(block_.first_seq()), bytes));
  ++blocks_written_;
  bytes_written_ += bytes.size();
  return OkStatus();
}

}  // namespace coopledger::engine
