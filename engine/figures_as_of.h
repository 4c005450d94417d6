// The figures the as-of views read most, the member balances and the trial balance of every
// fiscal year, as known after any event: their snapshots at or before it, plus the figure
// movements recorded since (engine/movement_log.h), without loading the ledger nor folding the
// events after the snapshots. Where movements are missing (a store written before they existed,
// the events since the last snapshot keeper's pass), the events after the snapshots are folded
// instead (engine::LoadAsOf): both ways give the same figures.
#ifndef COOPLEDGER_ENGINE_FIGURES_AS_OF_H_
#define COOPLEDGER_ENGINE_FIGURES_AS_OF_H_

#include "engine/event_store.h"
#include "engine/projection_set.h"

namespace coopledger::engine {

struct Figures {
  // For reading only: read from movements, the balances hold their figures without their
  // tables of open invoices (MemberBalances::FiguresFromSnapshot), so no event may be folded.
  projections::MemberBalances balances;
  projections::TrialBalances trial_balances;
  Seq snapshot_seq = 0;         // The snapshots' seq; 0 when none: read from event 1.
  bool from_movements = false;  // False: the events after the snapshots were folded.
};

// The figures of `mask` (kBalancesProjection, kLedgerProjection for the trial balances, or both)
// as known after event `last`. `chart` is the ledger's (used when the events are folded).
Result<Figures> FiguresAsOf(EventStore& store, Seq last, uint32_t mask,
                            const projections::Chart& chart);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_FIGURES_AS_OF_H_
