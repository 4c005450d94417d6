// Member balances: per member and month, the hours paid (jobs), internal (office duty,
// prospecting, training, meetings) and volunteer; for CAPE and CESA members, the account of their
// activity: revenue invoiced and collected, the CAE contribution, expenses. A pure fold.
#ifndef COOPLEDGER_PROJECTIONS_MEMBER_BALANCES_H_
#define COOPLEDGER_PROJECTIONS_MEMBER_BALANCES_H_

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "events/event.h"
#include "projections/event_fetcher.h"
#include "projections/sorted_table.h"

namespace coopledger::projections {

struct MonthHours {
  int64_t paid_minutes = 0;      // On jobs.
  int64_t internal_minutes = 0;  // Paid internal tasks.
  int64_t volunteer_minutes = 0;
};

// Revenue and costs of one activity (an enseigne), excluding VAT.
struct ActivityAccount {
  Money invoiced;      // Invoices less credit notes, excl. VAT.
  Money collected;     // Payments allocated to its invoices, incl. VAT.
  Money contribution;  // The CAE's share of the invoiced revenue.
  Money expenses;      // Excl. VAT.
  Money other_income;  // Self-financing actions and grants.
  // What remains for the activity: invoiced - contribution - expenses + other income.
  Money Result() const;
};

struct MemberBalance {
  std::string member_id;
  std::string activity_id;
  events::Regime regime = events::Regime::kUnset;
  // "2025-07" -> hours, in month order: a member works a few months a year, so a sorted vector
  // rather than a tree (fewer allocations when a snapshot is loaded, faster to read).
  std::vector<std::pair<std::string, MonthHours>> months;
  MonthHours Total() const;
};

class MovementBlock;

class MemberBalances {
 public:
  // Without `fetch`, every reversible event counted is kept in memory (and in snapshots) so that
  // a later Reversed can take it out. With `fetch`, a Reversed reads its event back from the store
  // instead: the state, and its snapshot, are then proportional to members, months and
  // activities, not to the log. With a `fetch` that also reads streams, an invoice settled exactly
  // (invoiced less credited and paid is zero) is forgotten too, and read back from its validation
  // ("invoice/<number>") when a later credit note, payment or reversal names it: the state is then
  // proportional to open invoices. The modes give the same figures; snapshots of one mode load
  // only into the same mode.
  explicit MemberBalances(EventFetcher fetch = nullptr)
      : fetch_(std::move(fetch)), open_only_(fetch_.ReadsStreams()) {}

  // REQUIRES: events in seq order.
  void Apply(const events::StoredEvent& event);

  // Records the movements of the events applied from now on into `movements` (null: stop).
  // `movements` must outlive its use here.
  void RecordInto(MovementBlock* movements) { movements_ = movements; }

  // The changes an event makes to the figures (members, their months, activity accounts), each
  // recorded as a movement when RecordInto is on; figure_movements.h applies recorded movements
  // through them, without the event.
  void SetMember(std::string_view member, std::string_view activity, events::Regime regime);
  void SetRegime(std::string_view member, events::Regime regime);
  void AddHours(std::string_view member, std::string_view month, const MonthHours& added);
  void AddToActivity(std::string_view activity, const ActivityAccount& added);

  // Members in id order.
  std::vector<const MemberBalance*> Members() const;
  const ActivityAccount* FindActivityAccount(const std::string& activity_id) const;
  // One line per member and month, then one per activity account: for tests and `check`.
  std::string ToString() const;

  // The whole state as bytes (a snapshot, engine/snapshots.h; grammar in member_balances.cc),
  // and back. The same state always gives the same bytes: maps are written in key order.
  // FromSnapshot returns kCorruption for bytes that Snapshot did not write, or that a
  // MemberBalances of the other mode (with or without `fetch`) wrote.
  std::string Snapshot() const;
  static Result<MemberBalances> FromSnapshot(std::string_view bytes, EventFetcher fetch = nullptr);
  // The members and activity accounts of a snapshot only, its other tables (rates, open invoices,
  // reversible events) left unread: figures to read, into which no event may be folded (their
  // movements may be added: figure_movements.h).
  static Result<MemberBalances> FiguresFromSnapshot(std::string_view bytes);
  // The snapshots' magic and version (3: activity ids named once, months as numbers; 2 added
  // mode 2; 1 and 2 are refused).
  static constexpr std::string_view kSnapshotMagic = "MBL ";
  static constexpr uint64_t kSnapshotVersion = 3;

 private:
  void ApplySigned(const events::StoredEvent& event, int sign);
  MemberBalance& MemberOf(std::string_view member);
  ActivityAccount& ActivityAccountOf(std::string_view activity);
  // The activity of invoice `number`, validated before event `before` ("" if unknown); remembered
  // until it is settled.
  std::string ActivityOf(const std::string& number, events::Seq before);
  // `cents` of invoice `number` credited or paid (negative: a payment reversed).
  void Settle(const std::string& number, int64_t cents);
  void ForgetIfSettled(const std::string& number);
  uint64_t Mode() const { return open_only_ ? 2 : fetch_ ? 1 : 0; }
  // Reads a snapshot into `balances` (of the snapshot's mode), up to its activity accounts when
  // `figures_only`.
  static Status Read(std::string_view bytes, bool figures_only, MemberBalances& balances);
  int64_t ContributionRatePpm(const std::string& activity_id) const;

  SortedTable<MemberBalance> members_;  // By member id.
  std::map<std::string, ActivityAccount, std::less<>> activities_;
  std::unordered_map<std::string, int64_t> activity_rates_;  // Overrides, by activity.
  int64_t default_rate_ppm_ = 0;
  std::unordered_map<std::string, std::string> invoice_activity_;  // Invoice number -> activity.
  // When open_only_: invoice number -> incl. VAT left to pay, for those in invoice_activity_.
  std::unordered_map<std::string, int64_t> invoice_open_;
  std::unordered_map<events::Seq, events::StoredEvent> reversible_;  // Without fetch_ only.
  EventFetcher fetch_;
  bool open_only_ = false;
  MovementBlock* movements_ = nullptr;  // Not owned; not part of the state.
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_MEMBER_BALANCES_H_
