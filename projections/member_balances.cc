#include "projections/member_balances.h"

#include "events/overloaded.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "events/assert.h"
#include "events/codec.h"
#include "projections/snapshot_codec.h"

namespace coopledger::projections {
namespace {

std::string MonthKey(Date day) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", day.year(), day.month());
  return text;
}

// The reversible kinds (projections/work_state.h) that change a balance.
bool CountsReversible(const events::EventBody& body) {
  return std::holds_alternative<events::HoursLogged>(body) ||
         std::holds_alternative<events::VolunteerParticipation>(body) ||
         std::holds_alternative<events::ExpenseRecorded>(body) ||
         std::holds_alternative<events::PaymentReceived>(body) ||
         std::holds_alternative<events::SelfFinancingRecorded>(body) ||
         std::holds_alternative<events::GrantReceived>(body);
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
    if (fetch_) {
      const std::optional<events::StoredEvent> original = fetch_(reversal->reversed_seq);
      COOPLEDGER_ASSERT(original.has_value());  // The log holds every event it reverses.
      if (CountsReversible(original->body)) ApplySigned(*original, -1);
      return;
    }
    auto original = reversible_.find(reversal->reversed_seq);
    if (original == reversible_.end()) return;  // A kind this projection does not count.
    ApplySigned(original->second, -1);
    reversible_.erase(original);
    return;
  }
  if (!fetch_ && CountsReversible(event.body)) reversible_.emplace(event.seq, event);
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
            if (open_only_) {
              invoice_open_[invoice.invoice_number.value] = invoice.total_incl_vat.cents();
              ForgetIfSettled(invoice.invoice_number.value);
            }
            ActivityAccount& account = activities_[invoice.activity_id.value];
            account.invoiced = Plus(account.invoiced, +1, invoice.total_excl_vat);
            const int64_t rate = ContributionRatePpm(invoice.activity_id.value);
            // The contribution is taken on each document's revenue excl. VAT, half-up.
            const int64_t contribution =
                MulDivRoundHalfUp(invoice.total_excl_vat.cents(), rate, 1'000'000).value();
            account.contribution = Plus(account.contribution, +1, Money::FromCents(contribution));
          },
          [this, &event](const events::CreditNoteValidated& credit) {
            const std::string activity = ActivityOf(credit.invoice_number.value, event.seq);
            Settle(credit.invoice_number.value, credit.total_incl_vat.cents());
            ActivityAccount& account = activities_[activity];
            account.invoiced = Plus(account.invoiced, -1, credit.total_excl_vat);
            const int64_t contribution =
                MulDivRoundHalfUp(credit.total_excl_vat.cents(), ContributionRatePpm(activity), 1'000'000)
                    .value();
            account.contribution = Plus(account.contribution, -1, Money::FromCents(contribution));
          },
          [this, sign, &event](const events::PaymentReceived& payment) {
            for (const events::Allocation& allocation : payment.allocations) {
              ActivityAccount& account =
                  activities_[ActivityOf(allocation.invoice_number.value, event.seq)];
              account.collected = Plus(account.collected, sign, allocation.amount);
              Settle(allocation.invoice_number.value, sign * allocation.amount.cents());
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

std::string MemberBalances::ActivityOf(const std::string& number, events::Seq before) {
  if (auto found = invoice_activity_.find(number); found != invoice_activity_.end()) {
    return found->second;
  }
  std::string activity;  // An unknown invoice counts for no activity.
  if (open_only_) {
    // A settled invoice left the tables: its validation, read back, names its activity.
    std::optional<events::StoredEvent> validated = fetch_.FirstOf("invoice/" + number);
    const auto* invoice =
        validated && validated->seq < before ? std::get_if<events::InvoiceValidated>(&validated->body)
                                             : nullptr;
    if (invoice != nullptr && invoice->invoice_number.value == number) {
      activity = invoice->activity_id.value;
    }
    invoice_open_.emplace(number, 0);
  }
  invoice_activity_.emplace(number, activity);
  return activity;
}

void MemberBalances::Settle(const std::string& number, int64_t cents) {
  if (!open_only_) return;
  invoice_open_[number] -= cents;
  ForgetIfSettled(number);
}

void MemberBalances::ForgetIfSettled(const std::string& number) {
  auto open = invoice_open_.find(number);
  if (open == invoice_open_.end() || open->second != 0) return;
  invoice_open_.erase(open);
  invoice_activity_.erase(number);
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

// ---------------------------------------------------------------- snapshots
//
// Grammar (projections/snapshot_codec.h for the elements):
//   "MBL " version=2 mode default_rate members activities rates invoices reversible
//   mode       := 0 (reversible events kept) | 1 (read back from the store: `reversible` empty)
//                 | 2 (as 1, and only invoices with an amount open: `invoices` has `open`)
//   members    := count { member_id activity_id regime month_count { month paid internal volunteer } }
//   activities := count { activity_id invoiced collected contribution expenses other_income }
//   rates      := count { activity_id ppm }            in activity id order
//   invoices   := count { invoice_number activity_id [open] } in number order
//   Version 1 kept every invoice; its snapshots are refused and `rebuild` writes them again.
//   reversible := count { event }                      in seq order
namespace coopledger::projections {
namespace {


Error BadSnapshot(const std::string& what) {
  return Error(ErrorCode::kCorruption, "member balances snapshot: " + what);
}

}  // namespace

std::string MemberBalances::Snapshot() const {
  SnapshotWriter out(kSnapshotMagic, kSnapshotVersion);
  out.Varint(Mode());
  out.Integer(default_rate_ppm_);
  out.Count(members_.size());
  for (const auto& [id, member] : members_) {
    out.Text(member.member_id);
    out.Text(member.activity_id);
    out.Varint(static_cast<uint64_t>(member.regime));
    out.Count(member.months.size());
    for (const auto& [month, hours] : member.months) {
      out.Text(month);
      out.Integer(hours.paid_minutes);
      out.Integer(hours.internal_minutes);
      out.Integer(hours.volunteer_minutes);
    }
  }
  out.Count(activities_.size());
  for (const auto& [id, account] : activities_) {
    out.Text(id);
    for (const Money amount : {account.invoiced, account.collected, account.contribution,
                               account.expenses, account.other_income}) {
      out.Amount(amount);
    }
  }
  out.Count(activity_rates_.size());
  for (const auto* rate : InKeyOrder(activity_rates_)) {
    out.Text(rate->first);
    out.Integer(rate->second);
  }
  out.Count(invoice_activity_.size());
  for (const auto* invoice : InKeyOrder(invoice_activity_)) {
    out.Text(invoice->first);
    out.Text(invoice->second);
    if (open_only_) out.Integer(invoice_open_.at(invoice->first));
  }
  out.Count(reversible_.size());
  for (const auto* event : InKeyOrder(reversible_)) out.Event(event->second);
  return out.Take();
}

Result<MemberBalances> MemberBalances::FromSnapshot(std::string_view bytes, EventFetcher fetch) {
  SnapshotReader in(bytes, kSnapshotMagic, kSnapshotVersion);
  if (in.ok() && in.version() != kSnapshotVersion) {
    return BadSnapshot("version " + std::to_string(in.version()) +
                       " of an earlier format: run `coopledger rebuild`");
  }
  MemberBalances balances(std::move(fetch));
  uint64_t mode = 0;
  size_t count = 0;
  if (!in.Varint(&mode) || mode != balances.Mode()) {
    return BadSnapshot("not one, or of the other mode");
  }
  if (!in.Integer(&balances.default_rate_ppm_) || !in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    MemberBalance member;
    uint64_t regime = 0;
    size_t months = 0;
    if (!in.Text(&member.member_id) || !in.Text(&member.activity_id) || !in.Varint(&regime) ||
        regime > static_cast<uint64_t>(events::Regime::kCesa) || !in.Count(&months)) {
      return BadSnapshot("bad member");
    }
    member.regime = static_cast<events::Regime>(regime);
    for (size_t m = 0; m < months; ++m) {
      std::string month;
      MonthHours hours;
      if (!in.Text(&month) || !in.Integer(&hours.paid_minutes) ||
          !in.Integer(&hours.internal_minutes) || !in.Integer(&hours.volunteer_minutes)) {
        return BadSnapshot("bad month");
      }
      member.months.emplace_hint(member.months.end(), std::move(month), hours);
    }
    std::string id = member.member_id;
    balances.members_.emplace_hint(balances.members_.end(), std::move(id), std::move(member));
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string id;
    ActivityAccount account;
    if (!in.Text(&id) || !in.Amount(&account.invoiced) || !in.Amount(&account.collected) ||
        !in.Amount(&account.contribution) || !in.Amount(&account.expenses) ||
        !in.Amount(&account.other_income)) {
      return BadSnapshot("bad activity");
    }
    balances.activities_.emplace_hint(balances.activities_.end(), std::move(id), account);
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string id;
    int64_t ppm = 0;
    if (!in.Text(&id) || !in.Integer(&ppm)) return BadSnapshot("bad rate");
    balances.activity_rates_[id] = ppm;
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  balances.invoice_activity_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string number;
    std::string activity;
    int64_t open = 0;
    if (!in.Text(&number) || !in.Text(&activity) || (balances.open_only_ && !in.Integer(&open))) {
      return BadSnapshot("bad invoice");
    }
    if (balances.open_only_) balances.invoice_open_.emplace(number, open);
    balances.invoice_activity_.emplace(std::move(number), std::move(activity));
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    events::StoredEvent event;
    if (!in.Event(&event)) return BadSnapshot("bad event");
    const events::Seq seq = event.seq;
    balances.reversible_.emplace(seq, std::move(event));
  }
  if (!in.Done()) return BadSnapshot("trailing bytes");
  return balances;
}

}  // namespace coopledger::projections
