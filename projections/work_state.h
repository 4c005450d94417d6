// The state that commands are validated against: the CAE, its activities, members, clients,
// jobs, hours, documents, payments and closed periods. A pure fold of the log: the same events
// always give the same state.
#ifndef COOPLEDGER_PROJECTIONS_WORK_STATE_H_
#define COOPLEDGER_PROJECTIONS_WORK_STATE_H_

#include <functional>
#include <map>
#include <set>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "events/event.h"

namespace coopledger::projections {

using events::Seq;

struct ActivityState {
  events::ActivityOpened opened;
  std::optional<Date> closed_on;
  friend bool operator==(const ActivityState&, const ActivityState&) = default;
};

struct MemberState {
  events::MemberJoined joined;  // With contract changes applied.
  std::optional<Date> left_on;
  // The last day the member may work: the contract's end or the day they left, if any.
  std::optional<Date> LastDay() const;
  // Whether the contract covers some day of the pay month starting on `month`.
  bool EmployedIn(Date month) const;
  friend bool operator==(const MemberState&, const MemberState&) = default;
};

enum class JobStatus { kAgreed, kCompleted, kCancelled };

struct JobState {
  events::JobAgreed agreed;
  JobStatus status = JobStatus::kAgreed;
  friend bool operator==(const JobState&, const JobState&) = default;
};

// One stretch of work of a member on a day, [start_minute, end_minute).
struct WorkStretch {
  int32_t start_minute = 0;
  int32_t end_minute = 0;
  Seq seq = 0;
  friend bool operator==(const WorkStretch&, const WorkStretch&) = default;
};

struct InvoiceState {
  events::InvoiceValidated invoice;
  Money credited;          // Incl. VAT, by credit notes.
  Money paid;              // Incl. VAT, by payment allocations.
  int32_t reminder_level = 0;
  Date last_reminder_on;  // Meaningful when reminder_level > 0.
  bool recovery_indemnity_claimed = false;
  // What the client still owes on this invoice.
  Money Open() const;
  friend bool operator==(const InvoiceState&, const InvoiceState&) = default;
};

// What commands need of an issued payslip (a wage paid names it): whose it is, its month and
// its net. The payslip itself stays in the log and in the payroll state.
struct PayslipFacts {
  events::MemberId member_id;
  Date period_start;
  Money net_paid;
  friend bool operator==(const PayslipFacts&, const PayslipFacts&) = default;
};

struct DocumentSequence {
  int32_t last_number = 0;
  Date last_issued_on;
  friend bool operator==(const DocumentSequence&, const DocumentSequence&) = default;
};

class WorkState {
 public:
  // Folds one event. REQUIRES: events come in seq order, each once.
  void Apply(const events::StoredEvent& event);

  Seq last_seq() const { return last_seq_; }
  const std::optional<events::CaeConfigured>& cae() const { return cae_; }
  const ActivityState* FindActivity(const events::ActivityId& id) const;
  const MemberState* FindMember(const events::MemberId& id) const;
  const events::ClientRegistered* FindClient(const events::ClientId& id) const;
  const JobState* FindJob(const events::JobId& id) const;
  const InvoiceState* FindInvoice(const events::DocumentNumber& number) const;
  // Calls `visit` for every validated invoice, in no particular order.
  template <typename Visit>
  void ForEachInvoice(Visit visit) const {
    for (const auto& [number, invoice] : invoices_) {
      if (!invoice.invoice.invoice_number.empty()) visit(invoice);
    }
  }
  const events::InvoiceDrafted* FindDraft(const std::string& draft_id) const;
  bool DraftValidated(const std::string& draft_id) const;
  // The number the draft was validated under, if it was.
  std::optional<events::DocumentNumber> InvoiceOfDraft(const std::string& draft_id) const;
  bool HasCreditNote(const events::DocumentNumber& number) const;
  bool HasPayment(const events::PaymentId& id) const;

  // The member's stretches of work on `day` (paid and volunteer).
  const std::vector<WorkStretch>& StretchesOn(const events::MemberId& member, Date day) const;
  // Minutes worked on `day`, and in the ISO week (Monday to Sunday) that contains it.
  int32_t MinutesOn(const events::MemberId& member, Date day) const;
  int32_t MinutesInWeekOf(const events::MemberId& member, Date day) const;

  // The invoice and credit-note sequence of a year.
  DocumentSequence SequenceOf(int year) const;
  // Money a client paid beyond its allocations, less refunds.
  Money ClientCredit(const events::ClientId& client) const;
  // Accounting periods are closed from the start: every day before this one is closed.
  std::optional<Date> ClosedBefore() const { return closed_before_; }
  // The end (excluded) of the last fiscal year closed, if any.
  std::optional<Date> FiscalYearClosedBefore() const { return fiscal_closed_before_; }
  // The earlier event `seq` if it can still be reversed (a kind that may be, not yet reversed).
  const events::StoredEvent* FindReversible(Seq seq) const;
  bool IsReversed(Seq seq) const { return reversed_.count(seq) > 0; }
  // True once any event was appended to `stream`: ids of created things are taken.
  bool StreamExists(const std::string& stream) const { return streams_.count(stream) > 0; }

  // Payroll: adopted parameter versions, issued payslips and closed pay months ("2025-07").
  bool ParametersAdopted(const std::string& version) const { return parameter_versions_.count(version) > 0; }
  const PayslipFacts* FindPayslip(const std::string& payslip_id) const;
  bool HasPayslip(const events::MemberId& member, const std::string& month) const {
    return member_payslips_.count(member.value + "/" + month) > 0;
  }
  int32_t PayslipCount(const std::string& month) const;
  bool PayMonthClosed(const std::string& month) const { return pay_months_closed_.count(month) > 0; }
  Money WagesPaid(const std::string& payslip_id) const;
  // Calls `visit` for every activity, in no particular order.
  template <typename Visit>
  void ForEachActivity(Visit visit) const {
    for (const auto& [id, activity] : activities_) visit(activity);
  }
  // Calls `visit` for every member, in no particular order.
  template <typename Visit>
  void ForEachMember(Visit visit) const {
    for (const auto& [id, member] : members_) visit(member);
  }

  // Seals (engine/seals.h): the last month sealed, the last seq its seal covers, how many.
  std::optional<Date> LastSealedMonth() const { return last_sealed_month_; }
  Seq LastSealedSeq() const { return last_sealed_seq_; }
  uint64_t SealCount() const { return seal_count_; }

  // Tentative application, for a batch of commands each decided against the ones before it:
  // after BeginTentative, Apply records how to undo what it changes (the entries it touches,
  // not the whole state); RollbackTentative restores the state as it was at BeginTentative,
  // CommitTentative keeps it. Cost proportional to the batch, not to the state.
  void BeginTentative();
  void CommitTentative();
  void RollbackTentative();

  // Member-wise: a state rebuilt from event 1 must equal the live one (the undo journal of a
  // tentative batch is not part of the state).
  friend bool operator==(const WorkState& a, const WorkState& b);

  // Writes and reads the whole state as a snapshot (projections/work_state_snapshot.h).
  friend class WorkStateSnapshotCodec;

 private:
  void ApplyBody(const events::StoredEvent& event, int sign);
  void ApplyHours(const events::HoursLogged& hours, Seq seq, int sign);
  void ApplyPayment(const events::PaymentReceived& payment, int sign);
  // Journals the entry of `map` at `key` (its value, or that it was absent) before a change,
  // when a tentative batch is open.
  // Steps name the field by member pointer, so that a state moved or copied with its batch open
  // still undoes its own fields.
  template <typename Map>
  void Remember(Map WorkState::*map, const typename Map::key_type& key);
  // The same for a set: whether `key` was in it.
  template <typename Set>
  void RememberMember(Set WorkState::*set, const typename Set::key_type& key);
  // The same for a member's stretches of one day.
  void RememberStretches(const std::string& member, int32_t day);
  // The same for a whole field (the small ones, journaled once at BeginTentative).
  template <typename Field>
  void RememberField(Field WorkState::*field);

  auto Fields() const {
    return std::tie(last_seq_, cae_, activities_, members_, clients_, jobs_, invoices_, drafts_,
                    drafts_validated_, credit_notes_, payments_, work_, sequences_, client_credit_,
                    closed_before_, fiscal_closed_before_, reversible_, reversed_,
                    parameter_versions_, payslips_, member_payslips_, payslips_by_month_,
                    pay_months_closed_, wages_paid_, streams_, last_sealed_month_,
                    last_sealed_seq_, seal_count_);
  }

  Seq last_seq_ = 0;
  std::optional<events::CaeConfigured> cae_;
  std::unordered_map<std::string, ActivityState> activities_;
  std::unordered_map<std::string, MemberState> members_;
  std::unordered_map<std::string, events::ClientRegistered> clients_;
  std::unordered_map<std::string, JobState> jobs_;
  std::unordered_map<std::string, InvoiceState> invoices_;
  std::unordered_map<std::string, events::InvoiceDrafted> drafts_;
  std::unordered_map<std::string, events::DocumentNumber> drafts_validated_;
  std::unordered_map<std::string, bool> credit_notes_;
  std::unordered_map<std::string, bool> payments_;
  // member id -> day -> stretches.
  std::unordered_map<std::string, std::map<int32_t, std::vector<WorkStretch>>> work_;
  std::map<int, DocumentSequence> sequences_;
  std::unordered_map<std::string, Money> client_credit_;
  std::optional<Date> closed_before_;
  std::optional<Date> fiscal_closed_before_;
  std::unordered_map<Seq, events::StoredEvent> reversible_;
  std::unordered_map<Seq, bool> reversed_;
  std::set<std::string> parameter_versions_;
  std::unordered_map<std::string, PayslipFacts> payslips_;
  std::set<std::string> member_payslips_;  // "member/2025-07".
  std::map<std::string, int32_t> payslips_by_month_;
  std::set<std::string> pay_months_closed_;
  std::unordered_map<std::string, Money> wages_paid_;
  std::unordered_set<std::string> streams_;
  std::optional<Date> last_sealed_month_;
  Seq last_sealed_seq_ = 0;
  uint64_t seal_count_ = 0;

  // The open tentative batch's undo steps, in the order taken; none when no batch is open.
  std::optional<std::vector<std::function<void(WorkState&)>>> undo_;
};

// Kinds that Reversed may cancel. Documents (invoices, credit notes) are credited instead; facts
// of the organisation and of payroll have their own corrective events.
bool IsReversibleKind(const events::EventBody& body);

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_WORK_STATE_H_
