#include "engine/snapshots.h"

#include <algorithm>
#include <map>
#include <set>

#include "engine/command_service.h"
#include "engine/movement_log.h"

namespace coopledger::engine {
namespace {

constexpr Seq kProgressEvery = 10'000;

// Folds the events after `set->last_seq()` up to `last` into `set`.
Status ReplayTail(EventStore& store, Seq last, ProjectionSet* set) {
  return ReplayRange(store, set->last_seq() + 1, last,
                     [set](const events::StoredEvent& event) { set->Apply(event); });
}

std::string Mismatch(const std::string& name, Seq seq, const std::string& what) {
  return name + " at seq " + std::to_string(seq) + ": " + what;
}

// What differs between a stored block of figure movements and the block `rebuilt` recorded from
// event 1, over the events the stored one covers (it may start after its block's first seq, when
// no block was stored before it); nothing when they agree.
std::optional<std::string> CompareBlock(std::string_view stored,
                                        const projections::MovementBlock& rebuilt) {
  Result<projections::MovementRange> range = projections::MovementBlockRange(stored);
  if (!range) return range.error().message();
  if (range->last > rebuilt.last_seq()) return "the block holds events after the head of the log";
  Result<projections::MovementBlock> expected =
      projections::MovementBlock::Slice(rebuilt.Bytes(), range->first, range->last);
  if (!expected) return expected.error().message();
  if (expected->Bytes() != stored) {
    return "the stored movements differ from those recorded rebuilding from event 1";
  }
  return std::nullopt;
}

}  // namespace

bool ClosesAPeriod(const events::StoredEvent& event) {
  return std::holds_alternative<events::AccountingPeriodClosed>(event.body) ||
         std::holds_alternative<events::FiscalYearClosed>(event.body) ||
         std::holds_alternative<events::SealRecorded>(event.body) ||
         std::holds_alternative<events::PayrollMonthClosed>(event.body);
}

bool SnapshotDue(const std::string& name, const events::StoredEvent& event, Seq every) {
  if (name == kWorkStateSnapshot || name == kPayrollSnapshot) {
    return std::holds_alternative<events::FiscalYearClosed>(event.body);
  }
  return ClosesAPeriod(event) || event.seq % every == 0;
}

projections::EventFetcher FetcherOf(EventStore& store) {
  return projections::EventFetcher(
      [&store](events::Seq seq) -> std::optional<events::StoredEvent> {
        Result<std::vector<events::StoredEvent>> read = store.ReadLog(seq, 1);
        if (!read || read->empty() || read->front().seq != seq) return std::nullopt;
        return std::move(read->front());
      },
      [&store](std::string_view stream) -> std::optional<events::StoredEvent> {
        Result<std::vector<events::StoredEvent>> read = store.ReadStream(stream, 1, 1);
        if (!read || read->empty()) return std::nullopt;
        return std::move(read->front());
      });
}

Result<RebuildReport> RebuildSnapshots(EventStore& store, const projections::Chart& chart,
                                       Seq every, const ProgressFn& progress) {
  if (every == 0) return Error(ErrorCode::kInvalidArgument, "--every: must be at least 1");
  RebuildReport report;
  const Seq head = store.head().seq;
  ProjectionSet set(kAllProjections, chart, FetcherOf(store));
  report.projections = set.Names();
  COOPLEDGER_ASSIGN_OR_RETURN(const std::unique_ptr<MovementLog> movements,
                              MovementLog::Start(&store, &set));
  Status written = OkStatus();
  COOPLEDGER_RETURN_IF_ERROR(ReplayLog(store, head, [&](const events::StoredEvent& event) {
    if (!written) return;
    written = movements->Before(event);
    if (!written) return;
    set.Apply(event);
    report.events = event.seq;
    bool any = false;
    for (const std::string& name : report.projections) {
      if (event.seq != head && !SnapshotDue(name, event, every)) continue;
      const std::string bytes = set.SnapshotOf(name);
      report.snapshot_bytes += bytes.size();
      written = store.PutSnapshot(name, event.seq, bytes);
      if (!written) return;
      any = true;
    }
    if (any) report.snapshots.push_back(event.seq);
    if (progress && (event.seq % kProgressEvery == 0 || event.seq == head)) progress(event.seq, head);
  }));
  COOPLEDGER_RETURN_IF_ERROR(written);
  COOPLEDGER_RETURN_IF_ERROR(movements->Flush());
  report.movement_blocks = movements->blocks_written();
  report.movement_bytes = movements->bytes_written();
  COOPLEDGER_RETURN_IF_ERROR(store.Sync());
  COOPLEDGER_RETURN_IF_ERROR(store.Flush());
  return report;
}

Result<Seq> FindSnapshotsAt(EventStore& store, const std::vector<std::string>& names, Seq last,
                            std::map<std::string, std::string>* found) {
  // They are written together, so the first candidate is normally the one.
  Seq at = last;
  while (at > 0) {
    found->clear();
    Seq earliest = at;
    for (const std::string& name : names) {
      COOPLEDGER_ASSIGN_OR_RETURN(auto snapshot, store.FindSnapshot(name, at));
      if (!snapshot) {
        earliest = 0;
        break;
      }
      earliest = std::min(earliest, snapshot->first);
      if (snapshot->first == at) found->emplace(name, std::move(snapshot->second));
    }
    if (earliest == at) return at;
    at = earliest;
  }
  found->clear();
  return 0;
}

Result<Seq> LoadAsOf(EventStore& store, Seq last, ProjectionSet* set) {
  COOPLEDGER_ASSERT(set->last_seq() == 0);
  const std::vector<std::string> names = set->Names();
  std::map<std::string, std::string> found;
  COOPLEDGER_ASSIGN_OR_RETURN(Seq at, FindSnapshotsAt(store, names, last, &found));
  // Snapshots of an earlier format (written before an upgrade) are as good as none: the state is
  // replayed from event 1 until `rebuild` writes them again.
  for (const auto& [name, bytes] : found) {
    if (at > 0 && set->Outdated(name, bytes)) at = 0;
  }
  if (at > 0) {
    for (const std::string& name : names) COOPLEDGER_RETURN_IF_ERROR(set->Load(name, at, found[name]));
  }
  COOPLEDGER_RETURN_IF_ERROR(ReplayTail(store, last, set));
  return at;
}

Result<CheckReport> CheckSnapshots(EventStore& store, const projections::Chart& chart,
                                   const ProgressFn& progress) {
  CheckReport report;
  ProjectionSet rebuilt(kAllProjections, chart, FetcherOf(store));
  const std::vector<std::string> names = rebuilt.Names();
  // Every seq any projection has a snapshot at, and which projections.
  std::map<Seq, std::vector<std::string>> stored;
  for (const std::string& name : names) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<Seq> seqs, store.SnapshotSeqs(name));
    for (const Seq seq : seqs) stored[seq].push_back(name);
  }
  const Seq head = store.head().seq;
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<Seq> block_seqs, store.SnapshotSeqs(kMovementsName));
  const std::set<Seq> blocks(block_seqs.begin(), block_seqs.end());
  projections::MovementBlock movements(1);
  rebuilt.RecordMovements(&movements);
  auto next = stored.begin();
  Status read = OkStatus();
  COOPLEDGER_RETURN_IF_ERROR(ReplayLog(store, head, [&](const events::StoredEvent& event) {
    if (!read) return;
    const Seq block = projections::MovementBlockStart(event.seq);
    if (block != projections::MovementBlockStart(movements.first_seq())) movements.Reset(event.seq);
    rebuilt.Apply(event);
    report.events = event.seq;
    if ((event.seq % projections::kMovementBlock == 0 || event.seq == head) && blocks.count(block) > 0) {
      Result<std::optional<std::pair<Seq, std::string>>> stored_block =
          store.FindSnapshot(kMovementsName, block);
      if (!stored_block) {
        read = stored_block.error();
        return;
      }
      ++report.snapshots_checked;
      if (std::optional<std::string> differs = CompareBlock((*stored_block)->second, movements)) {
        report.mismatches.push_back(Mismatch(kMovementsName, block, *differs));
      }
    }
    for (; next != stored.end() && next->first == event.seq; ++next) {
      for (const std::string& name : next->second) {
        Result<std::optional<std::pair<Seq, std::string>>> snapshot =
            store.FindSnapshot(name, event.seq);
        if (!snapshot) {
          read = snapshot.error();
          return;
        }
        ++report.snapshots_checked;
        const std::string live = rebuilt.SnapshotOf(name);
        if (*snapshot && rebuilt.Outdated(name, (*snapshot)->second)) {
          // Written by an earlier version: queries replay past it, and it differs by its format.
          report.mismatches.push_back(Mismatch(
              name, event.seq, "the stored snapshot is of an earlier format, which queries ignore: "
                               "run `coopledger rebuild` to write it again"));
          continue;
        }
        if (!*snapshot || (*snapshot)->second != live) {
          report.mismatches.push_back(Mismatch(
              name, event.seq, "the stored snapshot differs from the state rebuilt from event 1"));
          continue;
        }
        // The bytes load back into a state that encodes to the same bytes.
        ProjectionSet loaded(rebuilt.mask(), rebuilt.mask() & kLedgerProjection
                                                 ? rebuilt.ledger().chart()
                                                 : projections::Chart{},
                             FetcherOf(store));
        if (Status status = loaded.Load(name, event.seq, (*snapshot)->second); !status) {
          report.mismatches.push_back(Mismatch(name, event.seq, status.error().message()));
        } else if (loaded.SnapshotOf(name) != live) {
          report.mismatches.push_back(
              Mismatch(name, event.seq, "the state loaded from the snapshot encodes differently"));
        }
      }
    }
    if (progress && (event.seq % kProgressEvery == 0 || event.seq == head)) progress(event.seq, head);
  }));
  COOPLEDGER_RETURN_IF_ERROR(read);
  for (; next != stored.end(); ++next) {
    for (const std::string& name : next->second) {
      report.mismatches.push_back(Mismatch(name, next->first, "after the head of the log"));
    }
  }
  for (auto block = blocks.upper_bound(head); block != blocks.end(); ++block) {
    report.mismatches.push_back(Mismatch(kMovementsName, *block, "after the head of the log"));
  }
  if (!report.mismatches.empty()) return report;
  // The state a query reaches through the snapshots must be the rebuilt one.
  ProjectionSet through(kAllProjections, chart, FetcherOf(store));
  Result<Seq> from = LoadAsOf(store, head, &through);
  if (!from) {
    report.mismatches.push_back("at the head: " + from.error().message());
    return report;
  }
  for (const std::string& name : names) {
    if (through.SnapshotOf(name) != rebuilt.SnapshotOf(name)) {
      report.mismatches.push_back(Mismatch(name, head, "the snapshot of seq " + std::to_string(*from) +
                                                           " and the events after it differ from "
                                                           "the rebuild from event 1"));
    }
  }
  return report;
}

}  // namespace coopledger::engine
