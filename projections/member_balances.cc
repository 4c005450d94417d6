#include "projections/member_balances.h"

#include "events/overloaded.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "events/assert.h"
#include "events/codec.h"
#include "projections/figure_movements.h"
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
  // An invoice's or a credit note's revenue, and the CAE's contribution taken on it (on each
  // document's revenue excl. VAT, half-up).
  const auto revenue = [this](const std::string& activity, int sign_of, Money excl_vat) {
    const int64_t contribution =
        MulDivRoundHalfUp(excl_vat.cents(), ContributionRatePpm(activity), 1'000'000).value();
    ActivityAccount added;
    added.invoiced = Money::FromCents(sign_of * excl_vat.cents());
    added.contribution = Money::FromCents(sign_of * contribution);
    AddToActivity(activity, added);
  };
  std::visit(
      Overloaded{
          [this](const events::CaeConfigured& cae) { default_rate_ppm_ = cae.contribution_rate_ppm; },
          [this](const events::ActivityOpened& opened) {
            if (opened.has_contribution_rate) {
              activity_rates_[opened.activity_id.value] = opened.contribution_rate_ppm;
            }
            AddToActivity(opened.activity_id.value, ActivityAccount{});
          },
          [this](const events::MemberJoined& joined) {
            SetMember(joined.member_id.value, joined.activity_id.value, joined.regime);
          },
          [this](const events::ContractChanged& changed) {
            SetRegime(changed.member_id.value, changed.regime);
          },
          [this, sign](const events::HoursLogged& hours) {
            MonthHours added;
            int64_t& bucket = hours.volunteer        ? added.volunteer_minutes
                              : hours.job_id.empty() ? added.internal_minutes
                                                     : added.paid_minutes;
            bucket = sign * hours.minutes;
            AddHours(hours.member_id.value, MonthKey(hours.day), added);
          },
          [this, sign](const events::VolunteerParticipation& volunteer) {
            MonthHours added;
            added.volunteer_minutes = sign * volunteer.minutes;
            AddHours(volunteer.member_id.value, MonthKey(volunteer.day), added);
          },
          [this, &revenue](const events::InvoiceValidated& invoice) {
            invoice_activity_[invoice.invoice_number.value] = invoice.activity_id.value;
            if (open_only_) {
              invoice_open_[invoice.invoice_number.value] = invoice.total_incl_vat.cents();
              ForgetIfSettled(invoice.invoice_number.value);
            }
            revenue(invoice.activity_id.value, +1, invoice.total_excl_vat);
          },
          [this, &event, &revenue](const events::CreditNoteValidated& credit) {
            const std::string activity = ActivityOf(credit.invoice_number.value, event.seq);
            Settle(credit.invoice_number.value, credit.total_incl_vat.cents());
            revenue(activity, -1, credit.total_excl_vat);
          },
          [this, sign, &event](const events::PaymentReceived& payment) {
            for (const events::Allocation& allocation : payment.allocations) {
              ActivityAccount added;
              added.collected = Money::FromCents(sign * allocation.amount.cents());
              AddToActivity(ActivityOf(allocation.invoice_number.value, event.seq), added);
              Settle(allocation.invoice_number.value, sign * allocation.amount.cents());
            }
          },
          [this, sign](const events::ExpenseRecorded& expense) {
            ActivityAccount added;
            added.expenses = Money::FromCents(sign * expense.amount_excl_vat.cents());
            AddToActivity(expense.activity_id.value, added);
          },
          [this, sign](const events::SelfFinancingRecorded& action) {
            ActivityAccount added;
            added.other_income = Money::FromCents(sign * action.amount.cents());
            AddToActivity(action.activity_id.value, added);
          },
          [this, sign](const events::GrantReceived& grant) {
            ActivityAccount added;
            added.other_income = Money::FromCents(sign * grant.amount.cents());
            AddToActivity(grant.activity_id.value, added);
          },
          [](const auto&) {},
      },
      event.body);
}

MemberBalance& MemberBalances::MemberOf(std::string_view member) {
  return members_.FindOrAdd(member);
}

ActivityAccount& MemberBalances::ActivityAccountOf(std::string_view activity) {
  auto found = activities_.find(activity);
  if (found == activities_.end()) {
    found = activities_.emplace(std::string(activity), ActivityAccount{}).first;
  }
  return found->second;
}

void MemberBalances::SetMember(std::string_view member, std::string_view activity,
                               events::Regime regime) {
  MemberBalance& balance = MemberOf(member);
  balance.member_id = member;
  balance.activity_id = activity;
  balance.regime = regime;
  if (movements_ != nullptr) movements_->Member(member, activity, regime);
}

void MemberBalances::SetRegime(std::string_view member, events::Regime regime) {
  MemberOf(member).regime = regime;
  if (movements_ != nullptr) movements_->Regime(member, regime);
}

void MemberBalances::AddHours(std::string_view member, std::string_view month,
                              const MonthHours& added) {
  std::vector<std::pair<std::string, MonthHours>>& months = MemberOf(member).months;
  // Hours come mostly in month order: the last month first.
  auto found = !months.empty() && months.back().first == month
                   ? months.end() - 1
                   : std::lower_bound(months.begin(), months.end(), month,
                                      [](const std::pair<std::string, MonthHours>& entry,
                                         std::string_view key) { return entry.first < key; });
  if (found == months.end() || found->first != month) {
    found = months.emplace(found, std::string(month), MonthHours{});
  }
  found->second.paid_minutes += added.paid_minutes;
  found->second.internal_minutes += added.internal_minutes;
  found->second.volunteer_minutes += added.volunteer_minutes;
  if (movements_ != nullptr) movements_->Hours(member, month, added);
}

void MemberBalances::AddToActivity(std::string_view activity, const ActivityAccount& added) {
  ActivityAccount& account = ActivityAccountOf(activity);
  account.invoiced = Plus(account.invoiced, +1, added.invoiced);
  account.collected = Plus(account.collected, +1, added.collected);
  account.contribution = Plus(account.contribution, +1, added.contribution);
  account.expenses = Plus(account.expenses, +1, added.expenses);
  account.other_income = Plus(account.other_income, +1, added.other_income);
  if (movements_ != nullptr) movements_->Activity(activity, added);
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
  members.reserve(members_.size());
  members_.ForEach([&members](const std::string&, const MemberBalance& member) { members.push_back(&member); });
  return members;
}

const ActivityAccount* MemberBalances::FindActivityAccount(const std::string& activity_id) const {
  auto it = activities_.find(activity_id);
  return it == activities_.end() ? nullptr : &it->second;
}

std::string MemberBalances::ToString() const {
  std::string text;
  members_.ForEach([&text](const std::string& id, const MemberBalance& member) {
    for (const auto& [month, hours] : member.months) {
      text += id + " " + month + " paid " + Hours(hours.paid_minutes) + " internal " +
              Hours(hours.internal_minutes) + " volunteer " + Hours(hours.volunteer_minutes) + "\n";
    }
  });
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
  members_.ForEach([&out](const std::string&, const MemberBalance& member) {
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
  });
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
  MemberBalances balances(std::move(fetch));
  COOPLEDGER_RETURN_IF_ERROR(Read(bytes, false, balances));
  return balances;
}

Result<MemberBalances> MemberBalances::FiguresFromSnapshot(std::string_view bytes) {
  MemberBalances balances;
  COOPLEDGER_RETURN_IF_ERROR(Read(bytes, true, balances));
  return balances;
}

Status MemberBalances::Read(std::string_view bytes, bool figures_only, MemberBalances& balances) {
  SnapshotReader in(bytes, kSnapshotMagic, kSnapshotVersion);
  if (in.ok() && in.version() != kSnapshotVersion) {
    return BadSnapshot("version " + std::to_string(in.version()) +
                       " of an earlier format: run `coopledger rebuild`");
  }
  uint64_t mode = 0;
  size_t count = 0;
  if (!in.Varint(&mode) || mode > 2 || (!figures_only && mode != balances.Mode())) {
    return BadSnapshot("not one, or of the other mode");
  }
  if (!in.Integer(&balances.default_rate_ppm_) || !in.Count(&count)) return BadSnapshot("truncated");
  balances.members_.Reserve(count);
  for (size_t i = 0; i < count; ++i) {
    MemberBalance member;
    uint64_t regime = 0;
    size_t months = 0;
    if (!in.Text(&member.member_id) || !in.Text(&member.activity_id) || !in.Varint(&regime) ||
        regime > static_cast<uint64_t>(events::Regime::kCesa) || !in.Count(&months)) {
      return BadSnapshot("bad member");
    }
    member.months.reserve(months);
    member.regime = static_cast<events::Regime>(regime);
    for (size_t m = 0; m < months; ++m) {
      std::string month;
      MonthHours hours;
      if (!in.Text(&month) || !in.Integer(&hours.paid_minutes) ||
          !in.Integer(&hours.internal_minutes) || !in.Integer(&hours.volunteer_minutes)) {
        return BadSnapshot("bad month");
      }
      if (!member.months.empty() && !(member.months.back().first < month)) {
        return BadSnapshot("months out of order");
      }
      member.months.emplace_back(std::move(month), hours);
    }
    const std::string id = member.member_id;
    // Out of order (a member with hours before joining has no id yet): inserted; of the same id,
    // the first one kept, as a map would.
    if (!balances.members_.Append(id, std::move(member)) && balances.members_.Find(id) == nullptr) {
      balances.members_.FindOrAdd(id) = std::move(member);
    }
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
  if (figures_only) return OkStatus();
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
  return OkStatus();
}

}  // namespace coopledger::projections
