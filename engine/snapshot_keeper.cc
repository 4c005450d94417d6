#include "engine/snapshot_keeper.h"

#include "engine/snapshots.h"

namespace coopledger::engine {

SnapshotKeeper::SnapshotKeeper(EventStore* store, projections::Chart chart, Seq every)
    : store_(store), every_(every), set_(kAllProjections, std::move(chart), FetcherOf(*store)) {}

Result<std::unique_ptr<SnapshotKeeper>> SnapshotKeeper::Open(EventStore* store,
                                                             projections::Chart chart, Seq every) {
  if (every == 0) return Error(ErrorCode::kInvalidArgument, "snapshot interval: must be at least 1");
  std::unique_ptr<SnapshotKeeper> keeper(new SnapshotKeeper(store, std::move(chart), every));
  // Loads the latest snapshots only: LoadAsOf with no event after them to fold.
  Seq latest = 0;
  for (const std::string& name : keeper->set_.Names()) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<Seq> seqs, store->SnapshotSeqs(name));
    const Seq last = seqs.empty() ? 0 : seqs.back();
    latest = name == keeper->set_.Names().front() ? last : std::min(latest, last);
  }
  if (latest > 0) COOPLEDGER_RETURN_IF_ERROR(LoadAsOf(*store, latest, &keeper->set_));
  COOPLEDGER_ASSIGN_OR_RETURN(keeper->movements_, MovementLog::Start(store, &keeper->set_));
  COOPLEDGER_RETURN_IF_ERROR(keeper->CatchUp());
  return keeper;
}

Result<size_t> SnapshotKeeper::CatchUp() {
  size_t written = 0;
  for (;;) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> page,
                                store_->ReadLog(set_.last_seq() + 1, kLogPageEvents));
    for (const events::StoredEvent& event : page) {
      COOPLEDGER_RETURN_IF_ERROR(movements_->Before(event));
      set_.Apply(event);
      bool any = false;
      for (const std::string& name : set_.Names()) {
        if (!SnapshotDue(name, event, every_)) continue;
        COOPLEDGER_RETURN_IF_ERROR(store_->PutSnapshot(name, event.seq, set_.SnapshotOf(name)));
        any = true;
      }
      if (any) ++written;
    }
    if (page.size() < static_cast<size_t>(kLogPageEvents)) {
      COOPLEDGER_RETURN_IF_ERROR(movements_->Flush());
      return written;
    }
  }
}

}  // namespace coopledger::engine
