// The figures that `explain` and `diff` account for, each named by a key, and for every event
// the figures it changed. A pure fold of the log, like the projections it composes:
//   balance/<member>               hours paid, internal and volunteer (minutes); for CAPE and
//                                  CESA members their activity's account (cents)
//   invoice/<number>               the open amount of an invoice, incl. VAT
//   net-pay/<member>/<YYYY-MM>     net paid and gross of the member's payslips of the month
//   account/<year>/<account>       a trial-balance line: debit and credit movements of a
//                                  general account in a fiscal year (closing entries left out)
// "Changed" is exact: an event is listed for a figure when the figure's value after the event
// differs from its value before it.
#ifndef COOPLEDGER_PROJECTIONS_AUDIT_FIGURES_H_
#define COOPLEDGER_PROJECTIONS_AUDIT_FIGURES_H_

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "projections/ledger.h"
#include "projections/member_balances.h"
#include "projections/work_state.h"

namespace coopledger::projections {

// A figure's value: named integers; names end in _cents (money) or _minutes (time).
using FigureValue = std::vector<std::pair<std::string, int64_t>>;

class AuditFigures {
 public:
  // `fetch` reads an earlier event back (for the ledger's reversals).
  AuditFigures(Chart chart, EventFetcher fetch);
  ~AuditFigures();
  AuditFigures(const AuditFigures&) = delete;
  AuditFigures& operator=(const AuditFigures&) = delete;

  // Folds one event and notes the figures it changed. REQUIRES: events in seq order, each once.
  void Apply(const events::StoredEvent& event);
  // The keys of the figures the last event applied changed, in key order.
  const std::vector<std::string>& changed() const { return changed_; }

  // The value of one figure; nullopt if it does not exist (yet).
  std::optional<FigureValue> Value(const std::string& key) const;
  // Every figure, in key order.
  std::map<std::string, FigureValue> Values() const;

  const WorkState& state() const { return state_; }
  const MemberBalances& balances() const { return balances_; }

 private:
  class Sink;
  std::optional<FigureValue> BalanceValue(const std::string& member_id) const;
  std::optional<FigureValue> InvoiceValue(const std::string& number) const;
  // Members and invoices the event may change, before it is applied.
  void Candidates(const events::StoredEvent& event, std::set<std::string>* members,
                  std::set<std::string>* invoices) const;

  WorkState state_;
  MemberBalances balances_;
  std::unique_ptr<Sink> sink_;
  std::unique_ptr<Ledger> ledger_;
  std::map<std::string, std::set<std::string>> activity_members_;
  std::map<std::string, std::pair<int64_t, int64_t>> net_pay_;  // Key -> (net, gross) cents.
  std::map<std::string, std::pair<int64_t, int64_t>> accounts_;  // Key -> (debit, credit).
  std::vector<std::string> changed_;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_AUDIT_FIGURES_H_
