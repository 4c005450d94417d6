// Snapshots of projections (DESIGN section 4): written every N events and after each period close
// and seal, so that a query as known at seq S loads the nearest snapshot at or before S and
// replays at most the events after it. Today the member balances are snapshotted.
//
// `rebuild` replays the log from event 1 and writes the snapshots; `check` replays it again in
// memory and compares, byte for byte, every stored snapshot with the state rebuilt at its seq, and
// the state reached from the latest snapshot plus the tail with the one rebuilt from event 1.
#ifndef COOPLEDGER_ENGINE_SNAPSHOTS_H_
#define COOPLEDGER_ENGINE_SNAPSHOTS_H_

#include <string>
#include <vector>

#include "engine/event_store.h"
#include "projections/member_balances.h"

namespace coopledger::engine {

inline constexpr const char* kBalancesSnapshot = "member_balances";
// Events between two snapshots by default: a query then replays at most this many events after
// its snapshot (see bench/RESULTS.md).
inline constexpr Seq kSnapshotEveryDefault = 10'000;

struct RebuildReport {
  Seq events = 0;
  std::vector<Seq> snapshots;  // Seqs snapshotted.
};

// Replays the whole log, writing a snapshot every `every` events, after each
// AccountingPeriodClosed and SealRecorded, and at the head. REQUIRES: `store` opened for writing.
Result<RebuildReport> RebuildSnapshots(EventStore& store, Seq every, const ProgressFn& progress);

// The member balances as known after event `last`: the nearest snapshot at or before it, then the
// events after it. Returns the seq the replay started from in `*snapshot_seq` (0: none).
Result<projections::MemberBalances> BalancesAsOf(EventStore& store, Seq last, Seq* snapshot_seq);

struct CheckReport {
  Seq events = 0;
  size_t snapshots_checked = 0;
  std::vector<std::string> mismatches;  // "member_balances at seq 1200: ..."
  bool ok() const { return mismatches.empty(); }
};

// Rebuilds from event 1 in memory and compares with every stored snapshot and with the state the
// snapshots give at the head.
Result<CheckReport> CheckSnapshots(EventStore& store, const ProgressFn& progress);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_SNAPSHOTS_H_
