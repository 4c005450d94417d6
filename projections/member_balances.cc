#include "projections/member_balances.h"

#include "events/overloaded.h"

#include <algorithm>
#include <cstdio>
#include <string_view>

#include "events/assert.h"
#include "events/codec.h"

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

// ---------------------------------------------------------------- snapshots
//
// Grammar (integers little-endian 8 bytes, strings as their length then their bytes):
//   "MB1" default_rate members activities rates invoices reversible
//   members    := count { member_id activity_id regime month_count { month paid internal volunteer } }
//   activities := count { activity_id invoiced collected contribution expenses other_income }
//   rates      := count { activity_id ppm }            in activity id order
//   invoices   := count { invoice_number activity_id } in number order
//   reversible := count { canonical event bytes }      in seq order
namespace coopledger::projections {
namespace {

constexpr std::string_view kSnapshotMagic = "MB1";

void PutInteger(std::string* out, int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  for (int shift = 0; shift < 64; shift += 8) out->push_back(static_cast<char>(bits >> shift));
}

void PutText(std::string* out, std::string_view text) {
  PutInteger(out, static_cast<int64_t>(text.size()));
  out->append(text);
}

class SnapshotReader {
 public:
  explicit SnapshotReader(std::string_view bytes) : bytes_(bytes) {}
  bool Integer(int64_t* value) {
    if (bytes_.size() < 8) return false;
    uint64_t bits = 0;
    for (int i = 7; i >= 0; --i) bits = (bits << 8) | static_cast<unsigned char>(bytes_[static_cast<size_t>(i)]);
    *value = static_cast<int64_t>(bits);
    bytes_.remove_prefix(8);
    return true;
  }
  bool Count(size_t* count) {
    int64_t value = 0;
    // A count can never exceed the bytes left: each element takes at least one byte.
    if (!Integer(&value) || value < 0 || static_cast<uint64_t>(value) > bytes_.size()) return false;
    *count = static_cast<size_t>(value);
    return true;
  }
  bool Text(std::string* text) {
    size_t size = 0;
    if (!Count(&size)) return false;
    text->assign(bytes_.substr(0, size));
    bytes_.remove_prefix(size);
    return true;
  }
  bool Money(coopledger::Money* money) {
    int64_t cents = 0;
    if (!Integer(&cents)) return false;
    *money = coopledger::Money::FromCents(cents);
    return true;
  }
  bool Done() const { return bytes_.empty(); }

 private:
  std::string_view bytes_;
};

template <typename Map>
std::vector<typename Map::const_iterator> InKeyOrder(const Map& map) {
  std::vector<typename Map::const_iterator> sorted;
  for (auto it = map.begin(); it != map.end(); ++it) sorted.push_back(it);
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a->first < b->first; });
  return sorted;
}

Error BadSnapshot(const std::string& what) {
  return Error(ErrorCode::kCorruption, "member balances snapshot: " + what);
}

}  // namespace

std::string MemberBalances::Snapshot() const {
  std::string out(kSnapshotMagic);
  PutInteger(&out, default_rate_ppm_);
  PutInteger(&out, static_cast<int64_t>(members_.size()));
  for (const auto& [id, member] : members_) {
    PutText(&out, member.member_id);
    PutText(&out, member.activity_id);
    PutInteger(&out, static_cast<int64_t>(member.regime));
    PutInteger(&out, static_cast<int64_t>(member.months.size()));
    for (const auto& [month, hours] : member.months) {
      PutText(&out, month);
      PutInteger(&out, hours.paid_minutes);
      PutInteger(&out, hours.internal_minutes);
      PutInteger(&out, hours.volunteer_minutes);
    }
  }
  PutInteger(&out, static_cast<int64_t>(activities_.size()));
  for (const auto& [id, account] : activities_) {
    PutText(&out, id);
    for (const Money amount : {account.invoiced, account.collected, account.contribution,
                               account.expenses, account.other_income}) {
      PutInteger(&out, amount.cents());
    }
  }
  PutInteger(&out, static_cast<int64_t>(activity_rates_.size()));
  for (const auto& it : InKeyOrder(activity_rates_)) {
    PutText(&out, it->first);
    PutInteger(&out, it->second);
  }
  PutInteger(&out, static_cast<int64_t>(invoice_activity_.size()));
  for (const auto& it : InKeyOrder(invoice_activity_)) {
    PutText(&out, it->first);
    PutText(&out, it->second);
  }
  PutInteger(&out, static_cast<int64_t>(reversible_.size()));
  for (const auto& it : InKeyOrder(reversible_)) PutText(&out, events::Encode(it->second));
  return out;
}

Result<MemberBalances> MemberBalances::FromSnapshot(std::string_view bytes) {
  if (bytes.substr(0, kSnapshotMagic.size()) != kSnapshotMagic) return BadSnapshot("not one");
  SnapshotReader in(bytes.substr(kSnapshotMagic.size()));
  MemberBalances balances;
  size_t count = 0;
  if (!in.Integer(&balances.default_rate_ppm_) || !in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    MemberBalance member;
    int64_t regime = 0;
    size_t months = 0;
    if (!in.Text(&member.member_id) || !in.Text(&member.activity_id) || !in.Integer(&regime) ||
        regime < 0 || regime > static_cast<int64_t>(events::Regime::kCesa) || !in.Count(&months)) {
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
      member.months[month] = hours;
    }
    const std::string id = member.member_id;
    balances.members_[id] = std::move(member);
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string id;
    ActivityAccount account;
    if (!in.Text(&id) || !in.Money(&account.invoiced) || !in.Money(&account.collected) ||
        !in.Money(&account.contribution) || !in.Money(&account.expenses) ||
        !in.Money(&account.other_income)) {
      return BadSnapshot("bad activity");
    }
    balances.activities_[id] = account;
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string id;
    int64_t ppm = 0;
    if (!in.Text(&id) || !in.Integer(&ppm)) return BadSnapshot("bad rate");
    balances.activity_rates_[id] = ppm;
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string number;
    std::string activity;
    if (!in.Text(&number) || !in.Text(&activity)) return BadSnapshot("bad invoice");
    balances.invoice_activity_[number] = activity;
  }
  if (!in.Count(&count)) return BadSnapshot("truncated");
  for (size_t i = 0; i < count; ++i) {
    std::string encoded;
    if (!in.Text(&encoded)) return BadSnapshot("bad event");
    Result<events::StoredEvent> event = events::Decode(encoded);
    if (!event) return BadSnapshot(event.error().message());
    const events::Seq seq = event->seq;
    balances.reversible_.emplace(seq, std::move(*event));
  }
  if (!in.Done()) return BadSnapshot("trailing bytes");
  return balances;
}

}  // namespace coopledger::projections
