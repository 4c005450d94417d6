#include "projections/member_balances.h"

#include "events/overloaded.h"

#include <cstdio>

#include "events/assert.h"

namespace coopledger::projections {
namespace {

std::string MonthKey(Date day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", day.year(), day.month());
  return text;
}

Money Plus(Money total, int sign, Money amount) {
  return Money::FromCents(total.cents() + sign * amount.cents());
}

std::string Hours(int64_t minutes) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(minutes / 60),
                static_cast<long long>(minutes % 60 * 100 / 60));
  return text;
}

}  // namespace

Money ActivityAccount::Result() const {
  return Money::FromCents(invoiced.cents() - contribution.cents() - expenses.cents() +
                          other_income.cents());
}

MonthHours MemberBalance::Total() const {
  MonthHours total;
  for (const auto& [month, hours] : months) {
    total.paid_minutes += hours.paid_minutes;
    total.internal_minutes += hours.internal_minutes;
    total.volunteer_minutes += hours.volunteer_minutes;
  }
  return total;
}

int64_t MemberBalances::ContributionRatePpm(const std::string& activity_id) const {
  auto it = activity_rates_.find(activity_id);
  return it == activity_rates_.end() ? default_rate_ppm_ : it->second;
}

void MemberBalances::Apply(const events::StoredEvent& event) {
  if (const auto* reversal = std::get_if<events::Reversed>(&event.body)) {
    auto original = reversible_.find(reversal->reversed_seq);
    if (original == reversible_.end()) return;  // A kind this projection does not count.
    ApplySigned(original->second, -1);
    reversible_.erase(original);
    return;
  }
  if (std::holds_alternative<events::HoursLogged>(event.body) ||
      std::holds_alternative<events::VolunteerParticipation>(event.body) ||
      std::holds_alternative<events::ExpenseRecorded>(event.body) ||
      std::holds_alternative<events::PaymentReceived>(event.body) ||
      std::holds_alternative<events::SelfFinancingRecorded>(event.body) ||
      std::holds_alternative<events::GrantReceived>(event.body)) {
    reversible_.emplace(event.seq, event);
  }
  ApplySigned(event, +1);
}

void MemberBalances::ApplySigned(const events::StoredEvent& event, int sign) {
  std::visit(
      Overloaded{
          [this](const events::CaeConfigured& cae) { default_rate_ppm_ = cae.contribution_rate_ppm; },
          [this](const events::ActivityOpened& opened) {
            if (opened.has_contribution_rate) {
              activity_rates_[opened.activity_id.value] = opened.contribution_rate_ppm;
            }
            activities_[opened.activity_id.value];
          },
          [this](const events::MemberJoined& joined) {
            MemberBalance& member = members_[joined.member_id.value];
            member.member_id = joined.member_id.value;
            member.activity_id = joined.activity_id.value;
            member.regime = joined.regime;
          },
          [this](const events::ContractChanged& changed) {
            members_[changed.member_id.value].regime = changed.regime;
          },
          [this, sign](const events::HoursLogged& hours) {
            MonthHours& month = members_[hours.member_id.value].months[MonthKey(hours.day)];
            int64_t& bucket = hours.volunteer        ? month.volunteer_minutes
                              : hours.job_id.empty() ? month.internal_minutes
                                                     : month.paid_minutes;
            bucket += sign * hours.minutes;
          },
          [this, sign](const events::VolunteerParticipation& volunteer) {
            members_[volunteer.member_id.value].months[MonthKey(volunteer.day)].volunteer_minutes +=
                sign * volunteer.minutes;
          },
          [this](const events::InvoiceValidated& invoice) {
            invoice_activity_[invoice.invoice_number.value] = invoice.activity_id.value;
            ActivityAccount& account = activities_[invoice.activity_id.value];
            account.invoiced = Plus(account.invoiced, +1, invoice.total_excl_vat);
            const int64_t rate = ContributionRatePpm(invoice.activity_id.value);
            // The contribution is taken on each document's revenue excl. VAT, half-up.
            const int64_t contribution =
                MulDivRoundHalfUp(invoice.total_excl_vat.cents(), rate, 1'000'000).value();
            account.contribution = Plus(account.contribution, +1, Money::FromCents(contribution));
          },
          [this](const events::CreditNoteValidated& credit) {
            const std::string& activity = invoice_activity_[credit.invoice_number.value];
            ActivityAccount& account = activities_[activity];
            account.invoiced = Plus(account.invoiced, -1, credit.total_excl_vat);
            const int64_t contribution =
                MulDivRoundHalfUp(credit.total_excl_vat.cents(), ContributionRatePpm(activity), 1'000'000)
                    .value();
            account.contribution = Plus(account.contribution, -1, Money::FromCents(contribution));
          },
          [this, sign](const events::PaymentReceived& payment) {
            for (const events::Allocation& allocation : payment.allocations) {
              ActivityAccount& account = activities_[invoice_activity_[allocation.invoice_number.value]];
              account.collected = Plus(account.collected, sign, allocation.amount);
            }
          },
          [this, sign](const events::ExpenseRecorded& expense) {
            ActivityAccount& account = activities_[expense.activity_id.value];
            account.expenses = Plus(account.expenses, sign, expense.amount_excl_vat);
          },
          [this, sign](const events::SelfFinancingRecorded& action) {
            ActivityAccount& account = activities_[action.activity_id.value];
            account.other_income = Plus(account.other_income, sign, action.amount);
          },
          [this, sign](const events::GrantReceived& grant) {
            ActivityAccount& account = activities_[grant.activity_id.value];
            account.other_income = Plus(account.other_income, sign, grant.amount);
          },
          [](const auto&) {},
      },
      event.body);
}

std::vector<const MemberBalance*> MemberBalances::Members() const {
  std::vector<const MemberBalance*> members;
  for (const auto& [id, member] : members_) members.push_back(&member);
  return members;
}

const ActivityAccount* MemberBalances::FindActivityAccount(const std::string& activity_id) const {
  auto it = activities_.find(activity_id);
  return it == activities_.end() ? nullptr : &it->second;
}

std::string MemberBalances::ToString() const {
  std::string text;
  for (const auto& [id, member] : members_) {
    for (const auto& [month, hours] : member.months) {
      text += id + " " + month + " paid " + Hours(hours.paid_minutes) + " internal " +
              Hours(hours.internal_minutes) + " volunteer " + Hours(hours.volunteer_minutes) + "\n";
    }
  }
  for (const auto& [id, account] : activities_) {
    text += "activity " + id + " invoiced " + account.invoiced.ToString() + " collected " +
            account.collected.ToString() + " contribution " + account.contribution.ToString() +
            " expenses " + account.expenses.ToString() + " other " +
            account.other_income.ToString() + "\n";
  }
  return text;
}

}  // namespace coopledger::projections
