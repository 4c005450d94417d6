#include "projections/figure_movements.h"

#include <array>
#include <map>
#include <utility>

#include "events/assert.h"
#include "projections/member_balances.h"
#include "projections/trial_balance.h"

namespace coopledger::projections {
namespace {

enum Tag : uint64_t { kTrial = 1, kMember = 2, kRegime = 3, kHours = 4, kActivity = 5 };

constexpr uint64_t kRegimeMax = static_cast<uint64_t>(events::Regime::kCesa);

Error BadBlock(const std::string& what) {
  return Error(ErrorCode::kCorruption, "figure movements block: " + what);
}

Error NotCovered(const MovementRange& range, events::Seq from, events::Seq to) {
  return Error(ErrorCode::kNotFound, "figure movements block of seqs " + std::to_string(range.first) +
                                         " to " + std::to_string(range.last) + ": not seqs " +
                                         std::to_string(from) + " to " + std::to_string(to));
}

// One movement as read, its texts viewing the block's bytes.
struct Movement {
  uint64_t tag = 0;
  std::string_view id;      // The member, the activity or the account.
  std::string_view second;  // The member's activity (kMember) or the month (kHours).
  int32_t year = 0;
  events::Regime regime = events::Regime::kUnset;
  std::array<int64_t, 5> values = {};  // Debit, credit; minutes; or the activity's cents.
};

Movement MovementOf(uint64_t tag, std::string_view id, std::string_view second = {}) {
  Movement movement;
  movement.tag = tag;
  movement.id = id;
  movement.second = second;
  return movement;
}

void WriteTrial(SnapshotWriter& out, int32_t year, std::string_view account, int64_t debit,
                int64_t credit) {
  out.Varint(kTrial);
  out.Integer(year);
  out.Text(account);
  out.Integer(debit);
  out.Integer(credit);
}

void WriteMember(SnapshotWriter& out, std::string_view member, std::string_view activity,
                 events::Regime regime) {
  out.Varint(kMember);
  out.Text(member);
  out.Text(activity);
  out.Varint(static_cast<uint64_t>(regime));
}

void WriteRegime(SnapshotWriter& out, std::string_view member, events::Regime regime) {
  out.Varint(kRegime);
  out.Text(member);
  out.Varint(static_cast<uint64_t>(regime));
}

void WriteHours(SnapshotWriter& out, std::string_view member, std::string_view month,
                const std::array<int64_t, 3>& minutes) {
  out.Varint(kHours);
  out.Text(member);
  out.Text(month);
  for (const int64_t value : minutes) out.Integer(value);
}

void WriteActivity(SnapshotWriter& out, std::string_view activity,
                   const std::array<int64_t, 5>& cents) {
  out.Varint(kActivity);
  out.Text(activity);
  for (const int64_t value : cents) out.Integer(value);
}

bool ReadRegime(SnapshotReader& in, events::Regime* regime) {
  uint64_t value = 0;
  if (!in.Varint(&value) || value > kRegimeMax) return false;
  *regime = static_cast<events::Regime>(value);
  return true;
}

bool ReadMovement(SnapshotReader& in, Movement* movement) {
  if (!in.Varint(&movement->tag)) return false;
  auto& values = movement->values;
  switch (movement->tag) {
    case kTrial:
      return in.Int32(&movement->year) && in.Text(&movement->id) && in.Integer(&values[0]) &&
             in.Integer(&values[1]);
    case kMember:
      return in.Text(&movement->id) && in.Text(&movement->second) && ReadRegime(in, &movement->regime);
    case kRegime:
      return in.Text(&movement->id) && ReadRegime(in, &movement->regime);
    case kHours:
      return in.Text(&movement->id) && in.Text(&movement->second) && in.Integer(&values[0]) &&
             in.Integer(&values[1]) && in.Integer(&values[2]);
    case kActivity:
      return in.Text(&movement->id) && in.Integer(&values[0]) && in.Integer(&values[1]) &&
             in.Integer(&values[2]) && in.Integer(&values[3]) && in.Integer(&values[4]);
    default:
      return false;
  }
}

void Apply(const Movement& movement, MemberBalances* balances, TrialBalances* totals) {
  const auto& values = movement.values;
  if (movement.tag == kTrial) {
    if (totals != nullptr) totals->Add(movement.year, movement.id, values[0], values[1]);
    return;
  }
  if (balances == nullptr) return;
  switch (movement.tag) {
    case kMember:
      balances->SetMember(movement.id, movement.second, movement.regime);
      return;
    case kRegime:
      balances->SetRegime(movement.id, movement.regime);
      return;
    case kHours:
      balances->AddHours(movement.id, movement.second, MonthHours{values[0], values[1], values[2]});
      return;
    default: {
      ActivityAccount added;
      added.invoiced = Money::FromCents(values[0]);
      added.collected = Money::FromCents(values[1]);
      added.contribution = Money::FromCents(values[2]);
      added.expenses = Money::FromCents(values[3]);
      added.other_income = Money::FromCents(values[4]);
      balances->AddToActivity(movement.id, added);
    }
  }
}

}  // namespace

// The movements of several events as one per key: sums of the amounts, and of a member's joins
// and contract changes the last ones. Adding them gives the state adding each one gives.
class MovementSum {
 public:
  void Add(const Movement& movement) {
    const auto& values = movement.values;
    switch (movement.tag) {
      case kTrial: {
        auto& [debit, credit] = trial_[{movement.year, std::string(movement.id)}];
        debit += values[0];
        credit += values[1];
        return;
      }
      case kMember: {
        Member& member = Of(members_, movement.id);
        member.joined = true;
        member.activity = movement.second;
        member.joined_regime = movement.regime;
        member.changed = false;  // SetMember sets the regime too.
        return;
      }
      case kRegime: {
        Member& member = Of(members_, movement.id);
        member.changed = true;
        member.regime = movement.regime;
        return;
      }
      case kHours: {
        auto& minutes = hours_[{std::string(movement.id), std::string(movement.second)}];
        for (size_t i = 0; i < minutes.size(); ++i) minutes[i] += values[i];
        return;
      }
      default: {
        auto& cents = Of(activities_, movement.id);
        for (size_t i = 0; i < cents.size(); ++i) cents[i] += values[i];
      }
    }
  }

  // count { movement }: the members' joins and changes, hours, activities, then trial lines.
  void Write(SnapshotWriter& out) const {
    SnapshotWriter movements;
    size_t count = 0;
    for (const auto& [id, member] : members_) {
      if (member.joined) WriteMember(movements, id, member.activity, member.joined_regime);
      if (member.changed) WriteRegime(movements, id, member.regime);
      count += (member.joined ? 1u : 0u) + (member.changed ? 1u : 0u);
    }
    for (const auto& [key, minutes] : hours_) WriteHours(movements, key.first, key.second, minutes);
    for (const auto& [id, cents] : activities_) WriteActivity(movements, id, cents);
    for (const auto& [key, amounts] : trial_) {
      WriteTrial(movements, key.first, key.second, amounts.first, amounts.second);
    }
    out.Count(count + hours_.size() + activities_.size() + trial_.size());
    out.Part(movements.bytes());
  }

 private:
  struct Member {
    bool joined = false;  // A join: its activity and regime.
    std::string activity;
    events::Regime joined_regime = events::Regime::kUnset;
    bool changed = false;  // A contract change after the last join: its regime.
    events::Regime regime = events::Regime::kUnset;
  };

  template <typename Map>
  static typename Map::mapped_type& Of(Map& map, std::string_view key) {
    auto found = map.find(key);
    if (found == map.end()) found = map.emplace(std::string(key), typename Map::mapped_type{}).first;
    return found->second;
  }

  std::map<std::string, Member, std::less<>> members_;
  std::map<std::pair<std::string, std::string>, std::array<int64_t, 3>> hours_;
  std::map<std::string, std::array<int64_t, 5>, std::less<>> activities_;
  std::map<std::pair<int32_t, std::string>, std::pair<int64_t, int64_t>> trial_;
};

namespace {

// A block's header and its sum, read; `in` is then at its first event.
struct Header {
  MovementRange range;
  std::string_view sum;  // count { movement }
};

Result<Header> ReadHeader(SnapshotReader& in) {
  if (in.ok() && in.version() != MovementBlock::kVersion) {
    // Written before blocks held their sum: as good as missing until `rebuild`.
    return Error(ErrorCode::kNotFound, "figure movements block of an earlier format (version " +
                                           std::to_string(in.version()) + "): run `coopledger rebuild`");
  }
  Header header;
  MovementRange& range = header.range;
  if (!in.ok() || !in.Varint(&range.first) || !in.Varint(&range.last) || range.first == 0 ||
      range.last + 1 < range.first ||
      MovementBlockStart(range.first) != MovementBlockStart(std::max(range.first, range.last)) ||
      !in.Text(&header.sum)) {
    return BadBlock("not one, or a malformed header");
  }
  return header;
}

// Calls `on(seq, reader)` for each event of the block `in` is in, the reader at its `count`
// movements, which `on` must read. Stops after `last`.
template <typename OnEvent>
Status ForEachEvent(SnapshotReader& in, const MovementRange& range, events::Seq last, OnEvent on) {
  events::Seq seq = range.first - 1;
  while (!in.Done()) {
    uint64_t delta = 0;
    size_t count = 0;
    if (!in.Varint(&delta) || delta == 0 || !in.Count(&count)) return BadBlock("bad event");
    seq += delta;
    if (seq > range.last) return BadBlock("events after its last seq");
    if (seq > last) return OkStatus();
    COOPLEDGER_RETURN_IF_ERROR(on(seq, count));
  }
  if (!in.ok()) return BadBlock("truncated");
  return OkStatus();
}

}  // namespace

void MovementBlock::Reset(events::Seq first) {
  COOPLEDGER_ASSERT(first >= 1);
  first_ = first;
  last_ = first - 1;
  written_ = first - 1;
  body_ = SnapshotWriter();
  event_ = SnapshotWriter();
  event_count_ = 0;
  sum_ = std::make_unique<MovementSum>();
}

MovementBlock::MovementBlock(events::Seq first) { Reset(first); }
MovementBlock::MovementBlock(MovementBlock&&) noexcept = default;
MovementBlock& MovementBlock::operator=(MovementBlock&&) noexcept = default;
MovementBlock::~MovementBlock() = default;

void MovementBlock::CloseEvent() {
  if (event_count_ == 0) return;
  body_.Varint(last_ - written_);
  body_.Count(event_count_);
  body_.Part(event_.bytes());
  written_ = last_;
  event_ = SnapshotWriter();
  event_count_ = 0;
}

void MovementBlock::BeginEvent(events::Seq seq) {
  COOPLEDGER_ASSERT(seq > last_ && MovementBlockStart(seq) == MovementBlockStart(first_));
  CloseEvent();
  last_ = seq;
}

void MovementBlock::Trial(int32_t year, std::string_view account, int64_t debit, int64_t credit) {
  WriteTrial(event_, year, account, debit, credit);
  ++event_count_;
  Movement movement = MovementOf(kTrial, account);
  movement.year = year;
  movement.values = {debit, credit};
  sum_->Add(movement);
}

void MovementBlock::Member(std::string_view member, std::string_view activity,
                           events::Regime regime) {
  WriteMember(event_, member, activity, regime);
  ++event_count_;
  Movement movement = MovementOf(kMember, member, activity);
  movement.regime = regime;
  sum_->Add(movement);
}

void MovementBlock::Regime(std::string_view member, events::Regime regime) {
  WriteRegime(event_, member, regime);
  ++event_count_;
  Movement movement = MovementOf(kRegime, member);
  movement.regime = regime;
  sum_->Add(movement);
}

void MovementBlock::Hours(std::string_view member, std::string_view month, const MonthHours& added) {
  WriteHours(event_, member, month,
             {added.paid_minutes, added.internal_minutes, added.volunteer_minutes});
  ++event_count_;
  Movement movement = MovementOf(kHours, member, month);
  movement.values = {added.paid_minutes, added.internal_minutes, added.volunteer_minutes, 0, 0};
  sum_->Add(movement);
}

void MovementBlock::Activity(std::string_view activity, const ActivityAccount& added) {
  const std::array<int64_t, 5> cents = {added.invoiced.cents(), added.collected.cents(),
                                        added.contribution.cents(), added.expenses.cents(),
                                        added.other_income.cents()};
  WriteActivity(event_, activity, cents);
  ++event_count_;
  Movement movement = MovementOf(kActivity, activity);
  movement.values = cents;
  sum_->Add(movement);
}

std::string MovementBlock::Bytes() const {
  SnapshotWriter events;
  events.Part(body_.bytes());
  if (event_count_ > 0) {  // The event begun last, not closed yet.
    events.Varint(last_ - written_);
    events.Count(event_count_);
    events.Part(event_.bytes());
  }
  SnapshotWriter sum_bytes;
  sum_->Write(sum_bytes);
  SnapshotWriter out(kMagic, kVersion);
  out.Varint(first_);
  out.Varint(last_);
  out.Text(sum_bytes.bytes());
  out.Part(events.bytes());
  return out.Take();
}

Result<MovementBlock> MovementBlock::Resume(std::string_view bytes, events::Seq last) {
  COOPLEDGER_ASSIGN_OR_RETURN(const MovementRange range, MovementBlockRange(bytes));
  return Slice(bytes, range.first, last);
}

Result<MovementBlock> MovementBlock::Slice(std::string_view bytes, events::Seq first,
                                           events::Seq last) {
  SnapshotReader in(bytes, kMagic, kVersion);
  COOPLEDGER_ASSIGN_OR_RETURN(const Header header, ReadHeader(in));
  const MovementRange& range = header.range;
  if (first < range.first || last > range.last || last + 1 < first) {
    return NotCovered(range, first, last);
  }
  MovementBlock block(first);
  COOPLEDGER_RETURN_IF_ERROR(ForEachEvent(in, range, last, [&](events::Seq seq, size_t count) -> Status {
    const std::string_view movements = in.rest();
    Movement movement;
    for (size_t i = 0; i < count; ++i) {
      if (!ReadMovement(in, &movement)) return BadBlock("bad movement");
      if (seq >= first) block.sum_->Add(movement);
    }
    if (seq < first) return OkStatus();
    block.body_.Varint(seq - block.written_);
    block.body_.Count(count);
    block.body_.Part(movements.substr(0, movements.size() - in.rest().size()));
    block.written_ = seq;
    return OkStatus();
  }));
  block.last_ = last;
  return block;
}

Result<MovementRange> MovementBlockRange(std::string_view bytes) {
  SnapshotReader in(bytes, MovementBlock::kMagic, MovementBlock::kVersion);
  COOPLEDGER_ASSIGN_OR_RETURN(const Header header, ReadHeader(in));
  return header.range;
}

Status ApplyMovements(std::string_view bytes, events::Seq from, events::Seq to,
                      MemberBalances* balances, TrialBalances* totals) {
  SnapshotReader in(bytes, MovementBlock::kMagic, MovementBlock::kVersion);
  COOPLEDGER_ASSIGN_OR_RETURN(const Header header, ReadHeader(in));
  const MovementRange& range = header.range;
  if (from < range.first || to > range.last) return NotCovered(range, from, to);
  Movement movement;
  if (from == range.first && to == range.last) {
    // The whole block: its sum, one movement per key.
    SnapshotReader sum(header.sum);
    size_t count = 0;
    if (!sum.Count(&count)) return BadBlock("bad sum");
    for (size_t i = 0; i < count; ++i) {
      if (!ReadMovement(sum, &movement)) return BadBlock("bad movement in the sum");
      Apply(movement, balances, totals);
    }
    if (!sum.Done()) return BadBlock("bytes after the sum");
    return OkStatus();
  }
  return ForEachEvent(in, range, to, [&](events::Seq seq, size_t count) -> Status {
    for (size_t i = 0; i < count; ++i) {
      if (!ReadMovement(in, &movement)) return BadBlock("bad movement");
      if (seq >= from) Apply(movement, balances, totals);
    }
    return OkStatus();
  });
}

}  // namespace coopledger::projections
