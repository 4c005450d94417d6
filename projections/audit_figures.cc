#include "projections/audit_figures.h"

#include <algorithm>

#include "events/overloaded.h"
#include "projections/trial_balance.h"

namespace coopledger::projections {

// Adds each entry of the fiscal years' reports to the account totals, noting the keys touched.
class AuditFigures::Sink final : public EntrySink {
 public:
  explicit Sink(std::map<std::string, std::pair<int64_t, int64_t>>* accounts)
      : accounts_(accounts) {}
  void OnEntry(const LedgerEntry& entry) override {
    if (!InYearReports(entry, entry.fiscal_year)) return;
    for (const LedgerLine& line : entry.lines) {
      const std::string key = "account/" + std::to_string(entry.fiscal_year) + "/" + line.account;
      auto& [debit, credit] = (*accounts_)[key];
      debit += line.debit.cents();
      credit += line.credit.cents();
      if (line.debit.cents() != 0 || line.credit.cents() != 0) touched.insert(key);
    }
  }
  std::set<std::string> touched;

 private:
  std::map<std::string, std::pair<int64_t, int64_t>>* accounts_;
};

namespace {

bool HasActivityAccount(events::Regime regime) {
  return regime == events::Regime::kCape || regime == events::Regime::kCesa;
}

void AddMemberOf(const events::EventBody& body, std::set<std::string>* members) {
  std::visit(Overloaded{
                 [members](const events::HoursLogged& b) { members->insert(b.member_id.value); },
                 [members](const events::VolunteerParticipation& b) {
                   members->insert(b.member_id.value);
                 },
                 [members](const events::MemberJoined& b) { members->insert(b.member_id.value); },
                 [members](const events::ContractChanged& b) {
                   members->insert(b.member_id.value);
                 },
                 [](const auto&) {},
             },
             body);
}

void AddInvoicesOf(const events::EventBody& body, std::set<std::string>* invoices) {
  std::visit(Overloaded{
                 [invoices](const events::InvoiceValidated& b) {
                   invoices->insert(b.invoice_number.value);
                 },
                 [invoices](const events::CreditNoteValidated& b) {
                   invoices->insert(b.invoice_number.value);
                 },
                 [invoices](const events::PaymentReceived& b) {
                   for (const events::Allocation& a : b.allocations) {
                     invoices->insert(a.invoice_number.value);
                   }
                 },
                 [](const auto&) {},
             },
             body);
}

}  // namespace

AuditFigures::AuditFigures(Chart chart, EventFetcher fetch)
    : sink_(std::make_unique<Sink>(&accounts_)),
      ledger_(std::make_unique<Ledger>(std::move(chart), sink_.get(), std::move(fetch),
                                       LedgerOptions{false})) {}

AuditFigures::~AuditFigures() = default;

void AuditFigures::Candidates(const events::StoredEvent& event, std::set<std::string>* members,
                              std::set<std::string>* invoices) const {
  AddMemberOf(event.body, members);
  AddInvoicesOf(event.body, invoices);
  if (const auto* reversal = std::get_if<events::Reversed>(&event.body)) {
    if (const events::StoredEvent* original = state_.FindReversible(reversal->reversed_seq)) {
      AddMemberOf(original->body, members);
      AddInvoicesOf(original->body, invoices);
    }
  }
}

void AuditFigures::Apply(const events::StoredEvent& event) {
  changed_.clear();
  std::set<std::string> members;
  std::set<std::string> invoices;
  Candidates(event, &members, &invoices);
  std::map<std::string, std::optional<FigureValue>> before;
  for (const std::string& member : members) before["balance/" + member] = BalanceValue(member);
  for (const std::string& number : invoices) before["invoice/" + number] = InvoiceValue(number);
  // Activity accounts move with invoices, payments, expenses...: compare them all, they are few.
  std::map<std::string, FigureValue> accounts_before;
  for (const auto& [activity, unused] : activity_members_) {
    if (const ActivityAccount* account = balances_.FindActivityAccount(activity)) {
      accounts_before[activity] = {{"invoiced", account->invoiced.cents()},
                                   {"collected", account->collected.cents()},
                                   {"contribution", account->contribution.cents()},
                                   {"expenses", account->expenses.cents()},
                                   {"other", account->other_income.cents()}};
    }
  }

  sink_->touched.clear();
  state_.Apply(event);
  balances_.Apply(event);
  ledger_->Apply(event);
  if (const auto* joined = std::get_if<events::MemberJoined>(&event.body)) {
    activity_members_[joined->activity_id.value].insert(joined->member_id.value);
  }
  std::set<std::string> changed(sink_->touched.begin(), sink_->touched.end());
  if (const auto* payslip = std::get_if<events::PayslipIssued>(&event.body)) {
    const std::string key = "net-pay/" + payslip->member_id.value + "/" +
                            payslip->period_start.ToString().substr(0, 7);
    auto& [net, gross] = net_pay_[key];
    net += payslip->net_paid.cents();
    gross += payslip->gross.cents();
    changed.insert(key);
  }
  for (const auto& [activity, members_of] : activity_members_) {
    const ActivityAccount* account = balances_.FindActivityAccount(activity);
    auto it = accounts_before.find(activity);
    const bool moved = account != nullptr &&
                       (it == accounts_before.end() ||
                        it->second != FigureValue{{"invoiced", account->invoiced.cents()},
                                                  {"collected", account->collected.cents()},
                                                  {"contribution", account->contribution.cents()},
                                                  {"expenses", account->expenses.cents()},
                                                  {"other", account->other_income.cents()}});
    if (!moved) continue;
    // The account is part of the balance of CAPE and CESA members only.
    for (const std::string& member : members_of) {
      const std::optional<FigureValue> value = BalanceValue(member);
      if (value && value->size() > 3) changed.insert("balance/" + member);
    }
  }
  for (const auto& [key, value] : before) {
    if (Value(key) != value) changed.insert(key);
  }
  changed_.assign(changed.begin(), changed.end());
}

std::optional<FigureValue> AuditFigures::BalanceValue(const std::string& member_id) const {
  for (const MemberBalance* member : balances_.Members()) {
    if (member->member_id != member_id) continue;
    const MonthHours total = member->Total();
    FigureValue value = {{"paid_minutes", total.paid_minutes},
                         {"internal_minutes", total.internal_minutes},
                         {"volunteer_minutes", total.volunteer_minutes}};
    const ActivityAccount* account = balances_.FindActivityAccount(member->activity_id);
    if (HasActivityAccount(member->regime) && account != nullptr) {
      value.insert(value.end(), {{"invoiced_cents", account->invoiced.cents()},
                                 {"collected_cents", account->collected.cents()},
                                 {"contribution_cents", account->contribution.cents()},
                                 {"expenses_cents", account->expenses.cents()},
                                 {"result_cents", account->Result().cents()}});
    }
    return value;
  }
  return std::nullopt;
}

std::optional<FigureValue> AuditFigures::InvoiceValue(const std::string& number) const {
  const InvoiceState* invoice = state_.FindInvoice(events::DocumentNumber{number});
  if (invoice == nullptr || invoice->invoice.invoice_number.value.empty()) return std::nullopt;
  return FigureValue{{"total_cents", invoice->invoice.total_incl_vat.cents()},
                     {"open_cents", invoice->Open().cents()}};
}

std::optional<FigureValue> AuditFigures::Value(const std::string& key) const {
  const size_t slash = key.find('/');
  const std::string family = key.substr(0, slash);
  const std::string rest = slash == std::string::npos ? "" : key.substr(slash + 1);
  if (family == "balance") return BalanceValue(rest);
  if (family == "invoice") return InvoiceValue(rest);
  if (family == "net-pay") {
    auto it = net_pay_.find(key);
    if (it == net_pay_.end()) return std::nullopt;
    return FigureValue{{"net_paid_cents", it->second.first}, {"gross_cents", it->second.second}};
  }
  if (family == "account") {
    auto it = accounts_.find(key);
    if (it == accounts_.end()) return std::nullopt;
    return FigureValue{{"debit_cents", it->second.first}, {"credit_cents", it->second.second}};
  }
  return std::nullopt;
}

std::map<std::string, FigureValue> AuditFigures::Values() const {
  std::map<std::string, FigureValue> values;
  for (const MemberBalance* member : balances_.Members()) {
    values["balance/" + member->member_id] = *BalanceValue(member->member_id);
  }
  state_.ForEachInvoice([this, &values](const InvoiceState& invoice) {
    const std::string& number = invoice.invoice.invoice_number.value;
    values["invoice/" + number] = *InvoiceValue(number);
  });
  for (const auto& [key, unused] : net_pay_) values[key] = *Value(key);
  for (const auto& [key, unused] : accounts_) values[key] = *Value(key);
  return values;
}

}  // namespace coopledger::projections
