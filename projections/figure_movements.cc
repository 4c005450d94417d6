#include "projections/figure_movements.h"

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

// Reads the header of a block; `in` is then at its first event.
Result<MovementRange> ReadHeader(SnapshotReader& in) {
  MovementRange range;
  if (!in.ok() || !in.Varint(&range.first) || !in.Varint(&range.last) || range.first == 0 ||
      range.last + 1 < range.first ||
      MovementBlockStart(range.first) != MovementBlockStart(std::max(range.first, range.last))) {
    return BadBlock("not one, or a malformed header");
  }
  return range;
}

// Reads one movement and adds it to `balances` and `totals` (either may be null).
bool ReadMovement(SnapshotReader& in, MemberBalances* balances, TrialBalances* totals) {
  uint64_t tag = 0;
  if (!in.Varint(&tag)) return false;
  std::string_view id;
  switch (tag) {
    case kTrial: {
      int32_t year = 0;
      int64_t debit = 0;
      int64_t credit = 0;
      if (!in.Int32(&year) || !in.Text(&id) || !in.Integer(&debit) || !in.Integer(&credit)) {
        return false;
      }
      if (totals != nullptr) totals->Add(year, id, debit, credit);
      return true;
    }
    case kMember: {
      std::string_view activity;
      uint64_t regime = 0;
      if (!in.Text(&id) || !in.Text(&activity) || !in.Varint(&regime) || regime > kRegimeMax) {
        return false;
      }
      if (balances != nullptr) balances->SetMember(id, activity, static_cast<events::Regime>(regime));
      return true;
    }
    case kRegime: {
      uint64_t regime = 0;
      if (!in.Text(&id) || !in.Varint(&regime) || regime > kRegimeMax) return false;
      if (balances != nullptr) balances->SetRegime(id, static_cast<events::Regime>(regime));
      return true;
    }
    case kHours: {
      std::string_view month;
      MonthHours added;
      if (!in.Text(&id) || !in.Text(&month) || !in.Integer(&added.paid_minutes) ||
          !in.Integer(&added.internal_minutes) || !in.Integer(&added.volunteer_minutes)) {
        return false;
      }
      if (balances != nullptr) balances->AddHours(id, month, added);
      return true;
    }
    case kActivity: {
      ActivityAccount added;
      if (!in.Text(&id) || !in.Amount(&added.invoiced) || !in.Amount(&added.collected) ||
          !in.Amount(&added.contribution) || !in.Amount(&added.expenses) ||
          !in.Amount(&added.other_income)) {
        return false;
      }
      if (balances != nullptr) balances->AddToActivity(id, added);
      return true;
    }
    default:
      return false;
  }
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
}

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
  event_.Varint(kTrial);
  event_.Integer(year);
  event_.Text(account);
  event_.Integer(debit);
  event_.Integer(credit);
  ++event_count_;
}

void MovementBlock::Member(std::string_view member, std::string_view activity,
                           events::Regime regime) {
  event_.Varint(kMember);
  event_.Text(member);
  event_.Text(activity);
  event_.Varint(static_cast<uint64_t>(regime));
  ++event_count_;
}

void MovementBlock::Regime(std::string_view member, events::Regime regime) {
  event_.Varint(kRegime);
  event_.Text(member);
  event_.Varint(static_cast<uint64_t>(regime));
  ++event_count_;
}

void MovementBlock::Hours(std::string_view member, std::string_view month, const MonthHours& added) {
  event_.Varint(kHours);
  event_.Text(member);
  event_.Text(month);
  event_.Integer(added.paid_minutes);
  event_.Integer(added.internal_minutes);
  event_.Integer(added.volunteer_minutes);
  ++event_count_;
}

void MovementBlock::Activity(std::string_view activity, const ActivityAccount& added) {
  event_.Varint(kActivity);
  event_.Text(activity);
  for (const Money amount : {added.invoiced, added.collected, added.contribution, added.expenses,
                             added.other_income}) {
    event_.Amount(amount);
  }
  ++event_count_;
}

std::string MovementBlock::Bytes() const {
  SnapshotWriter out(kMagic, kVersion);
  out.Varint(first_);
  out.Varint(last_);
  out.Part(body_.bytes());
  if (event_count_ > 0) {  // The event begun last, not closed yet.
    out.Varint(last_ - written_);
    out.Count(event_count_);
    out.Part(event_.bytes());
  }
  return out.Take();
}

Result<MovementBlock> MovementBlock::Resume(std::string_view bytes, events::Seq last) {
  COOPLEDGER_ASSIGN_OR_RETURN(const MovementRange range, MovementBlockRange(bytes));
  return Slice(bytes, range.first, last);
}

Result<MovementBlock> MovementBlock::Slice(std::string_view bytes, events::Seq first,
                                           events::Seq last) {
  SnapshotReader in(bytes, kMagic, kVersion);
  COOPLEDGER_ASSIGN_OR_RETURN(const MovementRange range, ReadHeader(in));
  if (first < range.first || last > range.last || last + 1 < first ||
      MovementBlockStart(first) != MovementBlockStart(range.first)) {
    return Error(ErrorCode::kNotFound, "figure movements block of seqs " + std::to_string(range.first) +
                                           " to " + std::to_string(range.last) + ": not seqs " +
                                           std::to_string(first) + " to " + std::to_string(last));
  }
  MovementBlock block(first);
  events::Seq seq = range.first - 1;
  while (!in.Done()) {
    uint64_t delta = 0;
    size_t count = 0;
    if (!in.Varint(&delta) || delta == 0 || !in.Count(&count)) return BadBlock("bad event");
    seq += delta;
    if (seq > range.last) return BadBlock("events after its last seq");
    if (seq > last) break;
    const std::string_view movements = in.rest();
    for (size_t i = 0; i < count; ++i) {
      if (!ReadMovement(in, nullptr, nullptr)) return BadBlock("bad movement");
    }
    if (seq < first) continue;
    block.body_.Varint(seq - block.written_);
    block.body_.Count(count);
    block.body_.Part(movements.substr(0, movements.size() - in.rest().size()));
    block.written_ = seq;
  }
  if (!in.ok()) return BadBlock("truncated");
  block.last_ = last;
  return block;
}

Result<MovementRange> MovementBlockRange(std::string_view bytes) {
  SnapshotReader in(bytes, MovementBlock::kMagic, MovementBlock::kVersion);
  return ReadHeader(in);
}

Status ApplyMovements(std::string_view bytes, events::Seq from, events::Seq to,
                      MemberBalances* balances, TrialBalances* totals) {
  SnapshotReader in(bytes, MovementBlock::kMagic, MovementBlock::kVersion);
  COOPLEDGER_ASSIGN_OR_RETURN(const MovementRange range, ReadHeader(in));
  if (from < range.first || to > range.last) {
    return Error(ErrorCode::kNotFound, "figure movements block of seqs " + std::to_string(range.first) +
                                           " to " + std::to_string(range.last) + ": not seqs " +
                                           std::to_string(from) + " to " + std::to_string(to));
  }
  events::Seq seq = range.first - 1;
  while (!in.Done()) {
    uint64_t delta = 0;
    size_t count = 0;
    if (!in.Varint(&delta) || delta == 0 || !in.Count(&count)) return BadBlock("bad event");
    seq += delta;
    if (seq > range.last) return BadBlock("events after its last seq");
    if (seq > to) return OkStatus();
    const bool wanted = seq >= from;
    for (size_t i = 0; i < count; ++i) {
      if (!ReadMovement(in, wanted ? balances : nullptr, wanted ? totals : nullptr)) {
        return BadBlock("bad movement");
      }
    }
  }
  if (!in.ok()) return BadBlock("truncated");
  return OkStatus();
}

}  // namespace coopledger::projections
