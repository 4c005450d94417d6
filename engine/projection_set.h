// The projections that the read verbs replay and that snapshots hold (DESIGN section 4), fed
// together from one pass over the log:
//   work_state       the validation state (projections/work_state.h), which receivables are
//                    computed from, and which the command service starts from
//   member_balances  hours and activity accounts (projections/member_balances.h)
//   payroll_state    contracts, paid hours, payslips, activity results (payroll_state.h)
//   ledger           the ledger's state (projections/ledger.h), lettering left out
//   trial_balance    the trial balance of every fiscal year (projections/trial_balance.h)
// A set holds the ones its mask names; the ledger and the trial balance go together.
#ifndef COOPLEDGER_ENGINE_PROJECTION_SET_H_
#define COOPLEDGER_ENGINE_PROJECTION_SET_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "events/event.h"
#include "events/result.h"
#include "projections/chart.h"
#include "projections/event_fetcher.h"
#include "projections/figure_movements.h"
#include "projections/ledger.h"
#include "projections/member_balances.h"
#include "projections/payroll_state.h"
#include "projections/trial_balance.h"
#include "projections/work_state.h"

namespace coopledger::engine {

inline constexpr const char* kWorkStateSnapshot = "work_state";
inline constexpr const char* kBalancesSnapshot = "member_balances";
inline constexpr const char* kPayrollSnapshot = "payroll_state";
inline constexpr const char* kLedgerSnapshot = "ledger";
inline constexpr const char* kTrialBalanceSnapshot = "trial_balance";

enum ProjectionMask : uint32_t {
  kWorkStateProjection = 1,
  kBalancesProjection = 2,
  kPayrollProjection = 4,
  kLedgerProjection = 8,  // The ledger and the trial balance of every year.
  kAllProjections = 15,
};

class ProjectionSet {
 public:
  // `chart` is needed with kLedgerProjection; `fetch` reads reversed events back from the store
  // (the ledger and the member balances take reversals out that way). `fetch` must stay usable
  // for the set's lifetime.
  ProjectionSet(uint32_t mask, projections::Chart chart, projections::EventFetcher fetch);
  ProjectionSet(const ProjectionSet&) = delete;
  ProjectionSet& operator=(const ProjectionSet&) = delete;

  // Folds one event into every projection held. REQUIRES: events in seq order, each once.
  void Apply(const events::StoredEvent& event);
  // Records the figure movements (projections/figure_movements.h) of the member balances and
  // trial balances held into `movements` for each event applied from now on (null: stop);
  // engine/movement_log.h moves it from block to block. It must outlive its use here.
  void RecordMovements(projections::MovementBlock* movements);
  // The last event folded (or the seq of the snapshots loaded); 0 before any.
  events::Seq last_seq() const { return last_seq_; }

  // The names of the projections held, in a fixed order.
  std::vector<std::string> Names() const;
  // The snapshot bytes of projection `name` (one of Names()).
  std::string SnapshotOf(const std::string& name) const;
  // Replaces projection `name` with the state `bytes` hold, taken after event `seq`. Load every
  // projection of Names() at the same seq before applying further events. kCorruption, naming the
  // projection, for bytes its codec refuses.
  Status Load(const std::string& name, events::Seq seq, std::string_view bytes);
  // True when `bytes` are a snapshot of projection `name` in an earlier format, which Load
  // refuses: LoadAsOf then replays from event 1 instead.
  bool Outdated(const std::string& name, std::string_view bytes) const;

  uint32_t mask() const { return mask_; }
  const projections::WorkState& work_state() const { return work_state_; }
  // Moves the work state out; the set must not be used afterwards.
  projections::WorkState TakeWorkState() { return std::move(work_state_); }
  const projections::MemberBalances& balances() const { return balances_; }
  const projections::PayrollState& payroll() const { return payroll_; }
  // REQUIRES: kLedgerProjection in the mask.
  const projections::Ledger& ledger() const { return *ledger_; }
  const projections::TrialBalances& trial_balances() const { return trial_balances_; }

 private:
  uint32_t mask_;
  projections::EventFetcher fetch_;
  events::Seq last_seq_ = 0;
  projections::MovementBlock* movements_ = nullptr;  // Not owned.
  projections::WorkState work_state_;
  projections::MemberBalances balances_;
  projections::PayrollState payroll_;
  projections::TrialBalances trial_balances_;  // The ledger's sink: declared before it.
  std::unique_ptr<projections::Ledger> ledger_;
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_PROJECTION_SET_H_
