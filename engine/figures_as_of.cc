#include "engine/figures_as_of.h"

#include <algorithm>
#include <map>

#include "engine/movement_log.h"
#include "engine/snapshots.h"

namespace coopledger::engine {
namespace {

// The figures from the snapshots at `at` (none when 0) and the movements of the events after it up to `last`;
// nullopt when a block of movements is missing or does not cover them.
Result<std::optional<Figures>> FromMovements(EventStore& store, Seq at, Seq last, uint32_t mask,
                                             std::map<std::string, std::string>& found) {
  Figures figures;
  figures.snapshot_seq = at;
  figures.from_movements = true;
  const bool balances = (mask & kBalancesProjection) != 0;
  const bool totals = (mask & kLedgerProjection) != 0;
  if (balances && at > 0) {
    const std::string& bytes = found[kBalancesSnapshot];
    if (projections::SnapshotVersion(bytes, projections::MemberBalances::kSnapshotMagic) !=
        projections::MemberBalances::kSnapshotVersion) {
      return std::optional<Figures>();  // Of an earlier format: LoadAsOf replays from event 1.
    }
    COOPLEDGER_ASSIGN_OR_RETURN(figures.balances,
                                projections::MemberBalances::FiguresFromSnapshot(bytes));
  }
  if (totals && at > 0) {
    COOPLEDGER_ASSIGN_OR_RETURN(figures.trial_balances,
                                projections::TrialBalances::FromSnapshot(found[kTrialBalanceSnapshot]));
  }
  for (Seq block = projections::MovementBlockStart(at + 1); block <= last;
       block += projections::kMovementBlock) {
    COOPLEDGER_ASSIGN_OR_RETURN(auto stored, store.FindSnapshot(kMovementsName, block));
    if (!stored || stored->first != block) return std::optional<Figures>();
    const Seq from = std::max(at + 1, block);
    const Seq to = std::min(last, block + projections::kMovementBlock - 1);
    // A block that does not cover the events, or that `check` would call corrupt, sends the query
    // to the fold: the figures stay right.
    if (!projections::ApplyMovements(stored->second, from, to, balances ? &figures.balances : nullptr,
                                     totals ? &figures.trial_balances : nullptr)) {
      return std::optional<Figures>();
    }
  }
  return std::optional<Figures>(std::move(figures));
}

}  // namespace

Result<Figures> FiguresAsOf(EventStore& store, Seq last, uint32_t mask,
                            const projections::Chart& chart) {
  mask &= kBalancesProjection | kLedgerProjection;
  COOPLEDGER_ASSERT(mask != 0);
  std::vector<std::string> names;
  if ((mask & kBalancesProjection) != 0) names.push_back(kBalancesSnapshot);
  if ((mask & kLedgerProjection) != 0) names.push_back(kTrialBalanceSnapshot);
  std::map<std::string, std::string> found;
  COOPLEDGER_ASSIGN_OR_RETURN(const Seq at, FindSnapshotsAt(store, names, last, &found));
  COOPLEDGER_ASSIGN_OR_RETURN(std::optional<Figures> read, FromMovements(store, at, last, mask, found));
  if (read) return std::move(*read);
  ProjectionSet set(mask, chart, FetcherOf(store));
  Figures figures;
  COOPLEDGER_ASSIGN_OR_RETURN(figures.snapshot_seq, LoadAsOf(store, last, &set));
  figures.balances = set.balances();
  figures.trial_balances = set.trial_balances();
  return figures;
}

}  // namespace coopledger::engine
