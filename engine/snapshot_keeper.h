// Writes the projections' snapshots as the log grows, so that a store being written to needs no
// `rebuild` for its as-of queries to stay fast (DESIGN section 4).
#ifndef COOPLEDGER_ENGINE_SNAPSHOT_KEEPER_H_
#define COOPLEDGER_ENGINE_SNAPSHOT_KEEPER_H_

#include <memory>

#include "engine/event_store.h"
#include "engine/movement_log.h"
#include "engine/projection_set.h"

namespace coopledger::engine {

// Follows the log with every projection and writes their snapshots at the seqs RebuildSnapshots
// would: after each event ClosesAPeriod names and every `every` events (the head of a rebuild
// aside), and the figure movements of the events it folds (engine/movement_log.h). Not thread-safe: one caller at a time; the store may be appended to meanwhile.
class SnapshotKeeper {
 public:
  // Starts from the latest snapshots at or before the head, then catches up with the log.
  // REQUIRES: `store` opened for writing; it must outlive the keeper.
  static Result<std::unique_ptr<SnapshotKeeper>> Open(EventStore* store, projections::Chart chart,
                                                      Seq every);

  // Folds the events appended since the last call, writing the snapshots that fall due.
  // Returns how many snapshot seqs were written.
  Result<size_t> CatchUp();

  Seq last_seq() const { return set_.last_seq(); }

 private:
  SnapshotKeeper(EventStore* store, projections::Chart chart, Seq every);

  EventStore* store_;
  Seq every_;
  ProjectionSet set_;
  std::unique_ptr<MovementLog> movements_;  // After set_: stops its recording first.
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_SNAPSHOT_KEEPER_H_
