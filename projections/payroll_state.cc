#include "projections/payroll_state.h"

#include <cstdio>

#include "events/overloaded.h"

namespace coopledger::projections {
namespace {

Money Plus(Money a, int64_t cents) { return Money::FromCents(a.cents() + cents); }

int64_t Contribution(Money revenue, int64_t rate_ppm) {
  // As MemberBalances: the contribution on each document's revenue excl. VAT, half-up.
  const Result<int64_t> cents = MulDivRoundHalfUp(revenue.cents(), rate_ppm, 1'000'000);
  return cents ? *cents : 0;
}

}  // namespace

std::string PayslipLineOrganisation(const std::string& code) {
  for (const char* prefix : {"retraite_complementaire", "ceg", "cet", "apec", "agirc"}) {
    if (code.rfind(prefix, 0) == 0) return "agirc_arrco";
  }
  for (const char* prefix : {"complementaire_sante", "prevoyance", "mutuelle"}) {
    if (code.rfind(prefix, 0) == 0) return "health_insurer";
  }
  return "urssaf";
}

std::string PayMonthKey(Date day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", day.year(), day.month());
  return text;
}

events::PayslipYearToDate PayrollMember::YearToDate(int year) const {
  events::PayslipYearToDate total;
  for (const auto& [month, issued] : payslips) {
    if (issued.payslip.period_start.year() == year) total = issued.payslip.year_to_date;
  }
  return total;
}

Money PayrollMember::ContractGross() const {
  int64_t cents = 0;
  for (const auto& [month, issued] : payslips) {
    if (!(issued.payslip.period_end < joined.contract_start)) cents += issued.payslip.gross.cents();
  }
  return Money::FromCents(cents);
}

Money ActivityResults::AvailableThrough(const std::string& month_key) const {
  int64_t cents = 0;
  for (auto it = result_by_month.begin(); it != result_by_month.end() && it->first <= month_key; ++it) {
    cents += it->second.cents();
  }
  for (auto it = payroll_cost_by_month.begin(); it != payroll_cost_by_month.end() && it->first <= month_key; ++it) {
    cents -= it->second.cents();
  }
  return Money::FromCents(cents);
}

const PayrollMember* PayrollState::FindMember(const std::string& member_id) const {
  auto it = members_.find(member_id);
  return it == members_.end() ? nullptr : &it->second;
}

const ActivityResults* PayrollState::FindActivity(const std::string& activity_id) const {
  auto it = activities_.find(activity_id);
  return it == activities_.end() ? nullptr : &it->second;
}

const AdoptedParameters* PayrollState::ParametersFor(Date month) const {
  const AdoptedParameters* found = nullptr;
  for (const AdoptedParameters& adopted : parameters_) {
    if (!(month < adopted.effective_from) && (!adopted.effective_until || month < *adopted.effective_until)) {
      found = &adopted;
    }
  }
  return found;
}

const events::DistributionDecided* PayrollState::DistributionFor(const std::string& activity_id,
                                                                 Date month) const {
  auto it = distributions_.find({activity_id, PayMonthKey(month)});
  return it == distributions_.end() ? nullptr : &it->second;
}

std::vector<const IssuedPayslip*> PayrollState::PayslipsOf(Date month) const {
  std::vector<const IssuedPayslip*> found;
  const std::string key = PayMonthKey(month);
  for (const auto& [id, member] : members_) {
    if (auto it = member.payslips.find(key); it != member.payslips.end()) found.push_back(&it->second);
  }
  return found;
}

const IssuedPayslip* PayrollState::FindPayslip(const std::string& payslip_id) const {
  auto it = payslip_index_.find(payslip_id);
  if (it == payslip_index_.end()) return nullptr;
  return &members_.at(it->second.first).payslips.at(it->second.second);
}

Money PayrollState::ContributionsPaid(Date month, const std::string& organisation) const {
  auto it = contributions_paid_.find({PayMonthKey(month), organisation});
  return it == contributions_paid_.end() ? Money::Zero() : it->second;
}

int64_t PayrollState::RatePpm(const std::string& activity_id) const {
  auto it = activities_.find(activity_id);
  if (it != activities_.end() && it->second.contribution_rate_ppm) return *it->second.contribution_rate_ppm;
  return cae_ ? cae_->contribution_rate_ppm : 0;
}

void PayrollState::AddResult(const std::string& activity_id, Date day, int64_t cents) {
  Money& month = activities_[activity_id].result_by_month[PayMonthKey(day)];
  month = Plus(month, cents);
}

void PayrollState::ApplyHours(const events::StoredEvent& event, const events::HoursLogged& hours) {
  if (hours.volunteer) return;
  auto member = members_.find(hours.member_id.value);
  if (member == members_.end()) return;
  member->second.hours.push_back({event.seq, hours.day, hours.minutes, ""});
}

void PayrollState::ApplyReversal(const events::Reversed& reversal) {
  auto original = reversible_.find(reversal.reversed_seq);
  if (original == reversible_.end()) return;
  const events::StoredEvent event = std::move(original->second);
  reversible_.erase(original);
  std::visit(Overloaded{
                 [&](const events::HoursLogged& hours) {
                   auto member = members_.find(hours.member_id.value);
                   if (member == members_.end()) return;
                   std::vector<PaidHours>& list = member->second.hours;
                   for (auto it = list.begin(); it != list.end(); ++it) {
                     if (it->seq != event.seq || it->minutes < 0) continue;
                     if (it->payslip_id.empty()) {
                       list.erase(it);  // Not paid yet: simply gone.
                     } else {
                       // Paid already: the next payslip takes it back.
                       list.push_back({event.seq, it->day, -it->minutes, ""});
                     }
                     return;
                   }
                 },
                 [&](const events::ExpenseRecorded& expense) {
                   AddResult(expense.activity_id.value, expense.spent_on, expense.amount_excl_vat.cents());
                 },
                 [&](const events::SelfFinancingRecorded& action) {
                   AddResult(action.activity_id.value, action.held_on, -action.amount.cents());
                 },
                 [&](const events::GrantReceived& grant) {
                   AddResult(grant.activity_id.value, grant.received_on, -grant.amount.cents());
                 },
                 [](const auto&) {},
             },
             event.body);
}

void PayrollState::Apply(const events::StoredEvent& event) {
  std::visit(
      Overloaded{
          [&](const events::CaeConfigured& cae) { cae_ = cae; },
          [&](const events::ParametersAdopted& adopted) {
            parameters_.push_back({adopted.version, adopted.effective_from, adopted.effective_until,
                                   adopted.table, event.seq});
          },
          [&](const events::ActivityOpened& opened) {
            ActivityResults& activity = activities_[opened.activity_id.value];
            activity.kind = opened.kind;
            activity.name = opened.name;
            activity.analytic_code = opened.analytic_code;
            if (opened.has_contribution_rate) activity.contribution_rate_ppm = opened.contribution_rate_ppm;
          },
          [&](const events::JournalEntryRecorded& entry) {
            // "provision-cape/<activity>/<month>": the run's provision of that activity.
            const std::string prefix = kCapeProvisionEntryPrefix;
            if (entry.entry_id.value.rfind(prefix, 0) != 0) return;
            const std::string rest = entry.entry_id.value.substr(prefix.size());
            auto activity = activities_.find(rest.substr(0, rest.rfind('/')));
            if (activity == activities_.end()) return;
            for (const events::Posting& posting : entry.postings) {
              if (posting.account != kCapeProvisionAccount) continue;
              activity->second.provisioned =
                  Plus(activity->second.provisioned,
                       posting.side == events::Side::kCredit ? posting.amount.cents() : -posting.amount.cents());
            }
          },
          [&](const events::MemberJoined& joined) {
            PayrollMember& member = members_[joined.member_id.value];
            member.joined = joined;
            member.left_on.reset();
          },
          [&](const events::ContractChanged& changed) {
            auto member = members_.find(changed.member_id.value);
            if (member == members_.end()) return;
            events::MemberJoined& contract = member->second.joined;
            contract.regime = changed.regime;
            contract.contract_end = changed.contract_end;
            contract.hourly_rate = changed.hourly_rate;
            contract.weekly_minutes = changed.weekly_minutes;
          },
          [&](const events::MemberLeft& left) {
            auto member = members_.find(left.member_id.value);
            if (member != members_.end()) member->second.left_on = left.left_on;
          },
          [&](const events::HoursLogged& hours) {
            reversible_.emplace(event.seq, event);
            ApplyHours(event, hours);
          },
          [&](const events::InvoiceValidated& invoice) {
            invoice_activity_[invoice.invoice_number.value] = invoice.activity_id.value;
            const int64_t revenue = invoice.total_excl_vat.cents();
            AddResult(invoice.activity_id.value, invoice.issued_on,
                      revenue - Contribution(invoice.total_excl_vat, RatePpm(invoice.activity_id.value)));
          },
          [&](const events::CreditNoteValidated& credit) {
            const std::string activity = invoice_activity_[credit.invoice_number.value];
            const int64_t revenue = credit.total_excl_vat.cents();
            AddResult(activity, credit.issued_on, -(revenue - Contribution(credit.total_excl_vat, RatePpm(activity))));
          },
          [&](const events::ExpenseRecorded& expense) {
            reversible_.emplace(event.seq, event);
            AddResult(expense.activity_id.value, expense.spent_on, -expense.amount_excl_vat.cents());
          },
          [&](const events::SelfFinancingRecorded& action) {
            reversible_.emplace(event.seq, event);
            AddResult(action.activity_id.value, action.held_on, action.amount.cents());
          },
          [&](const events::GrantReceived& grant) {
            reversible_.emplace(event.seq, event);
            AddResult(grant.activity_id.value, grant.received_on, grant.amount.cents());
          },
          [&](const events::Reversed& reversal) { ApplyReversal(reversal); },
          [&](const events::DistributionDecided& decided) {
            distributions_[{decided.activity_id.value, PayMonthKey(decided.month)}] = decided;
          },
          [&](const events::PayslipIssued& payslip) {
            auto member = members_.find(payslip.member_id.value);
            if (member == members_.end()) return;
            const std::string month = PayMonthKey(payslip.period_start);
            // The payslip paid every pending hour of a day before its period's end.
            for (PaidHours& hours : member->second.hours) {
              if (hours.payslip_id.empty() && hours.day < payslip.period_end) hours.payslip_id = payslip.payslip_id.value;
            }
            member->second.payslips[month] = {event.seq, payslip, Money::Zero(), std::nullopt};
            payslip_index_[payslip.payslip_id.value] = {payslip.member_id.value, month};
            Money& cost = activities_[payslip.activity_id.value].payroll_cost_by_month[month];
            cost = Plus(cost, payslip.employer_cost.cents());
          },
          [&](const events::WagePaid& paid) {
            auto found = payslip_index_.find(paid.payslip_id.value);
            if (found == payslip_index_.end()) return;
            IssuedPayslip& issued = members_[found->second.first].payslips[found->second.second];
            issued.wages_paid = Plus(issued.wages_paid, paid.amount.cents());
            if (!issued.last_paid_on || *issued.last_paid_on < paid.paid_on) issued.last_paid_on = paid.paid_on;
          },
          [&](const events::ContributionsPaid& paid) {
            Money& total = contributions_paid_[{PayMonthKey(paid.month), paid.organisation}];
            total = Plus(total, paid.amount.cents());
          },
          [&](const events::PayrollMonthClosed& closed) { closed_months_.insert(PayMonthKey(closed.month)); },
          [](const auto&) {},
      },
      event.body);
}

}  // namespace coopledger::projections
