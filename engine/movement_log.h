// The figure movements in the store (projections/figure_movements.h): blocks of kMovementBlock
// events kept beside the snapshots, under the name kMovementsName and the first seq of their
// block. The folds that write snapshots (RebuildSnapshots, SnapshotKeeper) write them; `check`
// compares them with a rebuild; FiguresAsOf (engine/figures_as_of.h) reads them.
//
// They are derived data, like snapshots: a block missing or covering fewer events (a store
// written before they existed, a crash before a block was written) only sends the queries that
// need it to the slower way, the fold of the events after the snapshots; `rebuild` writes them
// all again.
#ifndef COOPLEDGER_ENGINE_MOVEMENT_LOG_H_
#define COOPLEDGER_ENGINE_MOVEMENT_LOG_H_

#include <memory>
#include <string>

#include "engine/event_store.h"
#include "engine/projection_set.h"
#include "projections/figure_movements.h"

namespace coopledger::engine {

inline constexpr const char* kMovementsName = "figure_movements";

// Records the movements of the events a ProjectionSet folds and writes them block by block.
class MovementLog {
 public:
  // Starts recording into `store` the movements of the events `set` folds after its last_seq():
  // the block holding that seq is read back and kept up to it. `store` and `set` must outlive the
  // log. REQUIRES: `store` opened for writing.
  static Result<std::unique_ptr<MovementLog>> Start(EventStore* store, ProjectionSet* set);
  MovementLog(const MovementLog&) = delete;
  MovementLog& operator=(const MovementLog&) = delete;
  // Stops the set's recording (the block in progress is not written: Flush first).
  ~MovementLog();

  // To call before set->Apply(event): writes the block in progress when `event` starts another.
  Status Before(const events::StoredEvent& event);
  // Writes the block in progress: at the end of a fold, so that the head's block is stored too.
  Status Flush();

  // Written since Start, in blocks and bytes (a block written again counts again).
  uint64_t blocks_written() const { return blocks_written_; }
  uint64_t bytes_written() const { return bytes_written_; }

 private:
  MovementLog(EventStore* store, ProjectionSet* set, projections::MovementBlock block);

  EventStore* store_;
  ProjectionSet* set_;
  projections::MovementBlock block_;
  uint64_t blocks_written_ = 0;
  uint64_t bytes_written_ = 0;
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_MOVEMENT_LOG_H_
