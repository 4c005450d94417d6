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
  MemberBalance& balance = members_.FindOrAdd(member);
  // Hours recorded before the member joined name it too.
  if (balance.member_id.empty()) balance.member_id = member;
  return balance;
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
  MemberBalance& balance = MemberOf(member);  // Named by MemberOf.
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
//   "MBL " version=3 mode default_rate names members activities rates invoices reversible
//   mode       := 0 (reversible events kept) | 1 (read back from the store: `reversible` empty)
//                 | 2 (as 1, and only invoices with an amount open: `invoices` has `open`)
//   names      := count { activity_id }               every activity id named below but "",
//                                                      in id order, each once
//   activity   := varint: 0 for "", i + 1 for names[i]
//   members    := count { shared suffix activity regime month_count { month paid internal volunteer } }
//                 in member id order; the id is the first `shared` bytes of the previous id
//                 followed by the text `suffix`
//   month      := varint: year * 12 + month for "YYYY-MM" (never 0), or 0 and the month as text
//   activities := count { activity invoiced collected contribution expenses other_income }
//   rates      := count { activity ppm }                in activity id order
//   invoices   := count { invoice_number activity [open] } in number order
//   reversible := count { event }                      in seq order
// An as-of read of the figures reads `names` and `members` of a snapshot of 150,000 members: an
// activity named once, not by each of its members and invoices, and months as numbers make it
// half the bytes of version 2 (activity ids and months as text), which `rebuild` writes again.
// Version 1 kept every invoice. Both are refused.
namespace coopledger::projections {
namespace {

Error BadSnapshot(const std::string& what) {
  return Error(ErrorCode::kCorruption, "member balances snapshot: " + what);
}

// The activity ids a snapshot names, sorted, each once, "" left out.
class ActivityNames {
 public:
  void Add(std::string_view id) {
    if (!id.empty()) names_.push_back(id);
  }
  void Seal() {
    std::sort(names_.begin(), names_.end());
    names_.erase(std::unique(names_.begin(), names_.end()), names_.end());
  }
  const std::vector<std::string_view>& names() const { return names_; }
  // REQUIRES: Seal() called, `id` added.
  uint64_t Ref(std::string_view id) const {
    if (id.empty()) return 0;
    auto at = std::lower_bound(names_.begin(), names_.end(), id);
    COOPLEDGER_ASSERT(at != names_.end() && *at == id);
    return static_cast<uint64_t>(at - names_.begin()) + 1;
  }

 private:
  std::vector<std::string_view> names_;
};

// "YYYY-MM" as year * 12 + month (1 to 12); 0 for any other text.
uint64_t MonthNumber(std::string_view month) {
  if (month.size() != 7 || month[4] != '-') return 0;
  uint64_t year = 0;
  for (size_t i = 0; i < 4; ++i) {
    if (month[i] < '0' || month[i] > '9') return 0;
    year = year * 10 + static_cast<uint64_t>(month[i] - '0');
  }
  if (month[5] < '0' || month[5] > '1' || month[6] < '0' || month[6] > '9') return 0;
  const auto number = static_cast<uint64_t>((month[5] - '0') * 10 + (month[6] - '0'));
  if (number < 1 || number > 12) return 0;
  return year * 12 + number;
}

// The largest MonthNumber: December 9999.
constexpr uint64_t kMonthNumberMax = 9999 * 12 + 12;

// The text of a MonthNumber. REQUIRES: 0 < number <= kMonthNumberMax.
std::string MonthText(uint64_t number) {
  const uint64_t year = (number - 1) / 12;
  const uint64_t month = (number - 1) % 12 + 1;
  std::string text = "0000-00";
  for (size_t i = 4, value = year; i-- > 0; value /= 10) text[i] = static_cast<char>('0' + value % 10);
  text[5] = static_cast<char>('0' + month / 10);
  text[6] = static_cast<char>('0' + month % 10);
  return text;
}

// The shared part of the previous id, and the rest.
size_t SharedPrefix(std::string_view previous, std::string_view id) {
  size_t shared = 0;
  while (shared < previous.size() && shared < id.size() && previous[shared] == id[shared]) ++shared;
  return shared;
}

// Reads an `activity` reference into `id`.
bool ReadActivity(SnapshotReader& in, const std::vector<std::string>& names, std::string* id) {
  uint64_t ref = 0;
  if (!in.Varint(&ref) || ref > names.size()) return false;
  if (ref == 0) {
    id->clear();
  } else {
    *id = names[ref - 1];
  }
  return true;
}

}  // namespace

std::string MemberBalances::Snapshot() const {
  ActivityNames names;
  members_.ForEach([&names](const std::string&, const MemberBalance& member) { names.Add(member.activity_id); });
  for (const auto& [id, account] : activities_) names.Add(id);
  for (const auto& [id, ppm] : activity_rates_) names.Add(id);
  for (const auto& [number, id] : invoice_activity_) names.Add(id);
  names.Seal();

  SnapshotWriter out(kSnapshotMagic, kSnapshotVersion);
  out.Varint(Mode());
  out.Integer(default_rate_ppm_);
  out.Count(names.names().size());
  for (const std::string_view name : names.names()) out.Text(name);
  out.Count(members_.size());
  std::string_view previous;
  members_.ForEach([&](const std::string& id, const MemberBalance& member) {
    COOPLEDGER_ASSERT(member.member_id == id);  // MemberOf names every member.
    const size_t shared = SharedPrefix(previous, id);
    out.Varint(shared);
    out.Text(std::string_view(id).substr(shared));
    previous = id;
    out.Varint(names.Ref(member.activity_id));
    out.Varint(static_cast<uint64_t>(member.regime));
    out.Count(member.months.size());
    for (const auto& [month, hours] : member.months) {
      const uint64_t number = MonthNumber(month);
      out.Varint(number);
      if (number == 0) out.Text(month);
      out.Integer(hours.paid_minutes);
      out.Integer(hours.internal_minutes);
      out.Integer(hours.volunteer_minutes);
    }
  });
  out.Count(activities_.size());
  for (const auto& [id, account] : activities_) {
    out.Varint(names.Ref(id));
    for (const Money amount : {account.invoiced, account.collected, account.contribution,
                               account.expenses, account.other_income}) {
      out.Amount(amount);
    }
  }
  out.Count(activity_rates_.size());
  for (const auto* rate : InKeyOrder(activity_rates_)) {
    out.Varint(names.Ref(rate->first));
    out.Integer(rate->second);
  }
  out.Count(invoice_activity_.size());
  for (const auto* invoice : InKeyOrder(invoice_activity_)) {
    out.Text(invoice->first);
    out.Varint(names.Ref(invoice->second));
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
  std::vector<std::string> names(count);
  for (size_t i = 0; i < count; ++i) {
    if (!in.Text(&names[i]) || names[i].empty() || (i > 0 && !(names[i - 1] < names[i]))) {
      return BadSnapshot("bad activity names");
    }
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  balances.members_.Reserve(count);
  std::string id;
  for (size_t i = 0; i < count; ++i) {
    MemberBalance member;
    uint64_t shared = 0;
    std::string_view suffix;
    uint64_t regime = 0;
    size_t months = 0;
    if (!in.Varint(&shared) || shared > id.size() || !in.Text(&suffix) ||
        !ReadActivity(in, names, &member.activity_id) || !in.Varint(&regime) ||
        regime > static_cast<uint64_t>(events::Regime::kCesa) || !in.Count(&months)) {
      return BadSnapshot("bad member");
    }
    id.resize(static_cast<size_t>(shared));
    id.append(suffix);
    member.member_id = id;
    member.months.reserve(months);
    member.regime = static_cast<events::Regime>(regime);
    for (size_t m = 0; m < months; ++m) {
      uint64_t number = 0;
      std::string month;
      MonthHours hours;
      if (!in.Varint(&number) || number > kMonthNumberMax || (number == 0 && !in.Text(&month)) ||
          !in.Integer(&hours.paid_minutes) || !in.Integer(&hours.internal_minutes) ||
          !in.Integer(&hours.volunteer_minutes)) {
        return BadSnapshot("bad month");
      }
      if (number != 0) month = MonthText(number);
      if (!member.months.empty() && !(member.months.back().first < month)) {
        return BadSnapshot("months out of order");
      }
      member.months.emplace_back(std::move(month), hours);
    }
    if (!balances.members_.Append(id, std::move(member))) return BadSnapshot("members out of order");
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string activity;
    ActivityAccount account;
    if (!ReadActivity(in, names, &activity) || !in.Amount(&account.invoiced) ||
        !in.Amount(&account.collected) || !in.Amount(&account.contribution) ||
        !in.Amount(&account.expenses) || !in.Amount(&account.other_income)) {
      return BadSnapshot("bad activity");
    }
    balances.activities_.emplace_hint(balances.activities_.end(), std::move(activity), account);
  }
  if (figures_only) return OkStatus();
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string activity;
    int64_t ppm = 0;
    if (!ReadActivity(in, names, &activity) || !in.Integer(&ppm)) return BadSnapshot("bad rate");
    balances.activity_rates_[activity] = ppm;
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  balances.invoice_activity_.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    std::string number;
    std::string activity;
    int64_t open = 0;
    if (!in.Text(&number) || !ReadActivity(in, names, &activity) ||
        (balances.open_only_ && !in.Integer(&open))) {
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
