#include "engine/snapshots.h"

#include <algorithm>

#include "engine/command_service.h"

namespace coopledger::engine {
namespace {

bool ClosesAPeriod(const events::StoredEvent& event) {
  return std::holds_alternative<events::AccountingPeriodClosed>(event.body) ||
         std::holds_alternative<events::SealRecorded>(event.body) ||
         std::holds_alternative<events::PayrollMonthClosed>(event.body);
}

}  // namespace

Result<RebuildReport> RebuildSnapshots(EventStore& store, Seq every, const ProgressFn& progress) {
  if (every == 0) return Error(ErrorCode::kInvalidArgument, "--every: must be at least 1");
  RebuildReport report;
  const Seq head = store.head().seq;
  projections::MemberBalances balances;
  Status written = OkStatus();
  COOPLEDGER_RETURN_IF_ERROR(ReplayLog(store, head, [&](const events::StoredEvent& event) {
    if (!written) return;
    balances.Apply(event);
    report.events = event.seq;
    if (event.seq % every == 0 || ClosesAPeriod(event) || event.seq == head) {
      written = store.PutSnapshot(kBalancesSnapshot, event.seq, balances.Snapshot());
      report.snapshots.push_back(event.seq);
    }
    if (progress && (event.seq % 10'000 == 0 || event.seq == head)) progress(event.seq, head);
  }));
  COOPLEDGER_RETURN_IF_ERROR(written);
  COOPLEDGER_RETURN_IF_ERROR(store.Sync());
  return report;
}

Result<projections::MemberBalances> BalancesAsOf(EventStore& store, Seq last, Seq* snapshot_seq) {
  COOPLEDGER_ASSIGN_OR_RETURN(const auto snapshot, store.FindSnapshot(kBalancesSnapshot, last));
  projections::MemberBalances balances;
  Seq from = 1;
  *snapshot_seq = 0;
  if (snapshot) {
    COOPLEDGER_ASSIGN_OR_RETURN(balances, projections::MemberBalances::FromSnapshot(snapshot->second));
    from = snapshot->first + 1;
    *snapshot_seq = snapshot->first;
  }
  constexpr int32_t kPage = 10'000;
  while (from <= last) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> page,
                                store.ReadLog(from, kPage));
    if (page.empty()) break;
    for (const events::StoredEvent& event : page) {
      if (event.seq > last) break;
      balances.Apply(event);
    }
    from = page.back().seq + 1;
  }
  return balances;
}

Result<CheckReport> CheckSnapshots(EventStore& store, const ProgressFn& progress) {
  CheckReport report;
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<Seq> stored, store.SnapshotSeqs(kBalancesSnapshot));
  const Seq head = store.head().seq;
  projections::MemberBalances rebuilt;
  size_t next = 0;
  Status read = OkStatus();
  COOPLEDGER_RETURN_IF_ERROR(ReplayLog(store, head, [&](const events::StoredEvent& event) {
    rebuilt.Apply(event);
    report.events = event.seq;
    for (; next < stored.size() && stored[next] == event.seq && read; ++next) {
      Result<std::optional<std::pair<Seq, std::string>>> found =
          store.FindSnapshot(kBalancesSnapshot, event.seq);
      if (!found) {
        read = found.error();
        return;
      }
      ++report.snapshots_checked;
      if (!*found || (*found)->first != event.seq || (*found)->second != rebuilt.Snapshot()) {
        report.mismatches.push_back(std::string(kBalancesSnapshot) + " at seq " +
                                    std::to_string(event.seq) +
                                    ": the stored snapshot differs from the state rebuilt from "
                                    "event 1");
      }
    }
    if (progress && (event.seq % 10'000 == 0 || event.seq == head)) progress(event.seq, head);
  }));
  COOPLEDGER_RETURN_IF_ERROR(read);
  for (; next < stored.size(); ++next) {
    report.mismatches.push_back(std::string(kBalancesSnapshot) + " at seq " +
                                std::to_string(stored[next]) + ": after the head of the log");
  }
  // The state a query reaches through the snapshots must be the rebuilt one.
  Seq snapshot_seq = 0;
  Result<projections::MemberBalances> through = BalancesAsOf(store, head, &snapshot_seq);
  if (!through) {
    report.mismatches.push_back(std::string(kBalancesSnapshot) + " at the head: " +
                                through.error().message());
  } else if (through->Snapshot() != rebuilt.Snapshot()) {
    report.mismatches.push_back(std::string(kBalancesSnapshot) +
                                " at the head: the snapshot of seq " + std::to_string(snapshot_seq) +
                                " and the events after it differ from the rebuild from event 1");
  }
  return report;
}

}  // namespace coopledger::engine
