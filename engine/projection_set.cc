#include "engine/projection_set.h"

#include "events/assert.h"
#include "projections/snapshot_codec.h"
#include "projections/work_state_snapshot.h"

namespace coopledger::engine {

ProjectionSet::ProjectionSet(uint32_t mask, projections::Chart chart,
                             projections::EventFetcher fetch)
    : mask_(mask), fetch_(std::move(fetch)), balances_(fetch_) {
  if ((mask_ & kLedgerProjection) != 0) {
    // Lettering is left out: no report read from snapshots needs it, and it is most of the
    // ledger's state.
    ledger_ = std::make_unique<projections::Ledger>(std::move(chart), &trial_balances_, fetch_,
                                                    projections::LedgerOptions{false});
  }
}

void ProjectionSet::Apply(const events::StoredEvent& event) {
  COOPLEDGER_ASSERT(event.seq > last_seq_);
  last_seq_ = event.seq;
  if (movements_ != nullptr) movements_->BeginEvent(event.seq);
  if ((mask_ & kWorkStateProjection) != 0) work_state_.Apply(event);
  if ((mask_ & kBalancesProjection) != 0) balances_.Apply(event);
  if ((mask_ & kPayrollProjection) != 0) payroll_.Apply(event);
  if ((mask_ & kLedgerProjection) != 0) ledger_->Apply(event);
}

void ProjectionSet::RecordMovements(projections::MovementBlock* movements) {
  movements_ = movements;
  balances_.RecordInto((mask_ & kBalancesProjection) != 0 ? movements : nullptr);
  trial_balances_.RecordInto((mask_ & kLedgerProjection) != 0 ? movements : nullptr);
}

std::vector<std::string> ProjectionSet::Names() const {
  std::vector<std::string> names;
  if ((mask_ & kWorkStateProjection) != 0) names.push_back(kWorkStateSnapshot);
  if ((mask_ & kBalancesProjection) != 0) names.push_back(kBalancesSnapshot);
  if ((mask_ & kPayrollProjection) != 0) names.push_back(kPayrollSnapshot);
  if ((mask_ & kLedgerProjection) != 0) {
    names.push_back(kLedgerSnapshot);
    names.push_back(kTrialBalanceSnapshot);
  }
  return names;
}

std::string ProjectionSet::SnapshotOf(const std::string& name) const {
  if (name == kWorkStateSnapshot) return projections::WorkStateSnapshot(work_state_);
  if (name == kBalancesSnapshot) return balances_.Snapshot();
  if (name == kPayrollSnapshot) return payroll_.Snapshot();
  if (name == kLedgerSnapshot) return ledger_->Snapshot();
  COOPLEDGER_ASSERT(name == kTrialBalanceSnapshot);
  return trial_balances_.Snapshot();
}

bool ProjectionSet::Outdated(const std::string& name, std::string_view bytes) const {
  const auto older = [bytes](std::string_view magic, uint64_t current) {
    const std::optional<uint64_t> version = projections::SnapshotVersion(bytes, magic);
    return version.has_value() && *version < current;
  };
  if (name == kLedgerSnapshot) {
    return older(projections::Ledger::kSnapshotMagic, projections::Ledger::kSnapshotVersion);
  }
  if (name == kBalancesSnapshot) {
    return older(projections::MemberBalances::kSnapshotMagic,
                 projections::MemberBalances::kSnapshotVersion);
  }
  return false;
}

Status ProjectionSet::Load(const std::string& name, events::Seq seq, std::string_view bytes) {
  const auto named = [&name, seq](const Error& error) {
    return Error(error.code(), name + " at seq " + std::to_string(seq) + ": " + error.message());
  };
  if (name == kWorkStateSnapshot) {
    Result<projections::WorkState> state = projections::WorkStateFromSnapshot(bytes);
    if (!state) return named(state.error());
    if (state->last_seq() != seq) {
      return named(Error(ErrorCode::kCorruption, "the snapshot holds the state after event " +
                                                     std::to_string(state->last_seq())));
    }
    work_state_ = std::move(*state);
  } else if (name == kBalancesSnapshot) {
    Result<projections::MemberBalances> balances =
        projections::MemberBalances::FromSnapshot(bytes, fetch_);
    if (!balances) return named(balances.error());
    balances_ = std::move(*balances);
  } else if (name == kPayrollSnapshot) {
    Result<projections::PayrollState> payroll = projections::PayrollState::FromSnapshot(bytes);
    if (!payroll) return named(payroll.error());
    payroll_ = std::move(*payroll);
  } else if (name == kLedgerSnapshot) {
    COOPLEDGER_ASSERT(ledger_ != nullptr);
    auto fresh = std::make_unique<projections::Ledger>(ledger_->chart(), &trial_balances_, fetch_,
                                                       projections::LedgerOptions{false});
    if (Status loaded = fresh->LoadSnapshot(bytes); !loaded) return named(loaded.error());
    ledger_ = std::move(fresh);
  } else if (name == kTrialBalanceSnapshot) {
    Result<projections::TrialBalances> totals = projections::TrialBalances::FromSnapshot(bytes);
    if (!totals) return named(totals.error());
    trial_balances_ = std::move(*totals);
  } else {
    return Error(ErrorCode::kInvalidArgument, "no projection is named " + name);
  }
  last_seq_ = seq;
  RecordMovements(movements_);  // The state loaded records nothing yet.
  return OkStatus();
}

}  // namespace coopledger::engine
