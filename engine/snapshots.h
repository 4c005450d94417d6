// Snapshots of projections (DESIGN section 4): every projection of engine/projection_set.h,
// written every N events and after each period close, pay-month close and seal, so that a query
// as known at seq S loads the nearest snapshots at or before S and replays only the events after
// them.
//
// `rebuild` replays the log from event 1 and writes the snapshots; `check` replays it again in
// memory and compares, byte for byte, every stored snapshot with the state rebuilt at its seq,
// loads each one back and compares its encoding again, and compares the state reached from the
// latest snapshots plus the tail with the one rebuilt from event 1.
#ifndef COOPLEDGER_ENGINE_SNAPSHOTS_H_
#define COOPLEDGER_ENGINE_SNAPSHOTS_H_

#include <map>
#include <string>
#include <vector>

#include "engine/event_store.h"
#include "engine/projection_set.h"

namespace coopledger::engine {

// Events between two snapshots by default: a query then replays at most this many events after
// its snapshot. Chosen by bench/asof_bench (bench/RESULTS.md, "As-of queries").
inline constexpr Seq kSnapshotEveryDefault = 10'000;

struct RebuildReport {
  Seq events = 0;
  std::vector<Seq> snapshots;                // Seqs snapshotted.
  std::vector<std::string> projections;      // Names snapshotted at each.
  uint64_t snapshot_bytes = 0;               // Written in all.
  uint64_t movement_blocks = 0;              // Blocks of figure movements written.
  uint64_t movement_bytes = 0;
};

// True for the events after which a snapshot is written whatever N: period closes, pay-month
// closes, year closes and seals.
bool ClosesAPeriod(const events::StoredEvent& event);

// Whether projection `name` is snapshotted after `event`, with a snapshot every `every` events.
// The member balances, the ledger and the trial balance: every N events and after each event
// ClosesAPeriod names. The work state and the payroll state keep every payslip (about 2 KB each),
// stretch of hours and reversible event, so their snapshots grow with the log (100 MB and more
// from half a million events): written every N events, or even monthly, a rebuild would write a
// quadratic number of bytes. They are written after each FiscalYearClosed only (and by `rebuild`
// at the head).
bool SnapshotDue(const std::string& name, const events::StoredEvent& event, Seq every);

// Replays the whole log into every projection, writing the figure movements of every event
// (engine/movement_log.h) and their snapshots every `every` events,
// after each event ClosesAPeriod names, and at the head; returns once they are flushed and the
// compactions they made due are done (EventStore::Flush). `chart` is the ledger's. REQUIRES:
// `store` opened for writing.
Result<RebuildReport> RebuildSnapshots(EventStore& store, const projections::Chart& chart,
                                       Seq every, const ProgressFn& progress);

// The latest seq <= `last` at which every projection of `names` has a snapshot (0: none), their
// bytes into `found` by name.
Result<Seq> FindSnapshotsAt(EventStore& store, const std::vector<std::string>& names, Seq last,
                            std::map<std::string, std::string>* found);

// Brings `set` (fresh: no event applied) to the state after event `last`: loads the latest
// snapshots of its projections taken at one seq <= `last`, then folds the events after it.
// Returns that seq (0: no snapshot, the replay started at event 1).
Result<Seq> LoadAsOf(EventStore& store, Seq last, ProjectionSet* set);

// A fetcher reading events back from `store` by seq and the first event of a stream; `store` must
// outlive it.
projections::EventFetcher FetcherOf(EventStore& store);

struct CheckReport {
  Seq events = 0;
  size_t snapshots_checked = 0;
  std::vector<std::string> mismatches;  // "ledger at seq 1200: ..."
  bool ok() const { return mismatches.empty(); }
};

// Rebuilds every projection from event 1 in memory and compares with every stored snapshot, and
// with the state the snapshots give at the head. `chart` is the ledger's.
Result<CheckReport> CheckSnapshots(EventStore& store, const projections::Chart& chart,
                                   const ProgressFn& progress);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_SNAPSHOTS_H_
