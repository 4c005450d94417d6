// Figure movements: what each event added to the figures the as-of views read most (the member
// balances' hours and activity accounts, the trial balance of every fiscal year), recorded while
// the projections fold the log and stored by blocks of kMovementBlock events
// (engine/movement_log.h).
//
// An as-of read of those figures then loads their snapshots (small beside the ledger's, which
// holds open invoices and payments) and adds the movements of the events after them, instead of
// loading the ledger and folding those events again: the tail costs the reading of a few blocks,
// not the decoding and folding of up to N events (engine::FiguresAsOf).
//
// A block's bytes:
//   block  := "FMV " version=2 first_seq last_seq sum { event }
//   sum    := text holding: count { movement }  the movements of all the block's events, one per
//                                               key (amounts summed; of a member's joins and
//                                               contract changes, the last): what a query that
//                                               needs the whole block adds
//   event  := seq_delta count { movement }     seq_delta from the previous event (or first_seq - 1);
//                                               events that move no figure are left out
//   movement := 1 year account debit credit            a trial balance line (integers: cents)
//             | 2 member activity regime               a member joined (or joined again)
//             | 3 member regime                        a member's contract changed
//             | 4 member month paid internal volunteer minutes added to a member's month
//             | 5 activity invoiced collected contribution expenses other_income
//                                                      cents added to an activity's account
// (elements as in projections/snapshot_codec.h). A zero movement still counts: it creates the
// entry the fold creates (an activity opened, a month logged then reversed). Version 1 had no
// sum; its blocks are taken as missing.
#ifndef COOPLEDGER_PROJECTIONS_FIGURE_MOVEMENTS_H_
#define COOPLEDGER_PROJECTIONS_FIGURE_MOVEMENTS_H_

#include <memory>
#include <string>
#include <string_view>

#include "events/event.h"
#include "events/result.h"
#include "projections/snapshot_codec.h"

namespace coopledger::projections {

struct MonthHours;
struct ActivityAccount;
class MovementSum;
class MemberBalances;
class TrialBalances;

// Events a block holds: block k (from 0) holds seqs k * kMovementBlock + 1 to (k + 1) * kMovementBlock.
inline constexpr events::Seq kMovementBlock = 1'000;

// The first seq of the block holding `seq` (>= 1).
inline events::Seq MovementBlockStart(events::Seq seq) {
  return (seq - 1) / kMovementBlock * kMovementBlock + 1;
}

// The movements of consecutive events of one block, as they are recorded.
class MovementBlock {
 public:
  static constexpr std::string_view kMagic = "FMV ";
  static constexpr uint64_t kVersion = 2;

  // An empty block whose first event will be `first` (a block may start after its block start
  // when no block was recorded before it).
  explicit MovementBlock(events::Seq first = 1);
  MovementBlock(MovementBlock&&) noexcept;
  MovementBlock& operator=(MovementBlock&&) noexcept;
  ~MovementBlock();
  void Reset(events::Seq first);

  // Starts the movements of event `seq`. REQUIRES: first_seq() <= seq, seq > last_seq(), and seq
  // in the block of first_seq().
  void BeginEvent(events::Seq seq);

  // The movements of the event begun last.
  void Trial(int32_t year, std::string_view account, int64_t debit, int64_t credit);
  void Member(std::string_view member, std::string_view activity, events::Regime regime);
  void Regime(std::string_view member, events::Regime regime);
  void Hours(std::string_view member, std::string_view month, const MonthHours& added);
  void Activity(std::string_view activity, const ActivityAccount& added);

  events::Seq first_seq() const { return first_; }
  // The last event begun; first_seq() - 1 before any.
  events::Seq last_seq() const { return last_; }
  // The block as stored.
  std::string Bytes() const;

  // The block `bytes` (as stored) cut after event `last`: recording goes on from there, so that a
  // fold resumed after a snapshot in the middle of a block keeps the events before it. kNotFound
  // when `bytes` do not hold every event from their first to `last`; kCorruption for bytes no
  // block wrote.
  static Result<MovementBlock> Resume(std::string_view bytes, events::Seq last);
  // The movements of the events `first` to `last` of block `bytes`, as a block starting at
  // `first`. Errors as Resume's, for `first` to `last`.
  static Result<MovementBlock> Slice(std::string_view bytes, events::Seq first, events::Seq last);

 private:
  void CloseEvent();

  events::Seq first_ = 1;
  events::Seq last_ = 0;
  events::Seq written_ = 0;  // The last event whose movements are in body_.
  SnapshotWriter body_;
  SnapshotWriter event_;     // The movements of event last_, not yet in body_.
  uint64_t event_count_ = 0;
  std::unique_ptr<MovementSum> sum_;  // Of every movement recorded: the block's sum.
};

// The events a stored block covers.
struct MovementRange {
  events::Seq first = 0;
  events::Seq last = 0;
};
// kCorruption, naming the block, for bytes no block wrote.
Result<MovementRange> MovementBlockRange(std::string_view bytes);

// Adds the movements of the events `from` to `to` of block `bytes` to `balances` and `totals`
// (either may be null: its movements are skipped). kNotFound when the block does not cover
// `from` to `to` (nothing is added then); kCorruption for bytes no block wrote, found on the way:
// the figures are then partly added, and must be dropped.
Status ApplyMovements(std::string_view bytes, events::Seq from, events::Seq to,
                      MemberBalances* balances, TrialBalances* totals);

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_FIGURE_MOVEMENTS_H_
