#include "projections/work_state.h"

#include "events/overloaded.h"

#include <algorithm>

#include "events/assert.h"

namespace coopledger::projections {
namespace {

const std::vector<WorkStretch>& NoStretches() {
  static const std::vector<WorkStretch> empty;
  return empty;
}

template <typename Map, typename Key>
const typename Map::mapped_type* Find(const Map& map, const Key& key) {
  auto it = map.find(key);
  return it == map.end() ? nullptr : &it->second;
}

}  // namespace

std::optional<Date> MemberState::LastDay() const {
  std::optional<Date> last = joined.contract_end;
  if (left_on && (!last || *left_on < *last)) last = left_on;
  return last;
}

bool MemberState::EmployedIn(Date month) const {
  if (!(joined.contract_start < month.FirstOfNextMonth())) return false;
  const std::optional<Date> last = LastDay();
  return !last || !(*last < month);
}

Money InvoiceState::Open() const {
  return Money::FromCents(invoice.total_incl_vat.cents() - credited.cents() - paid.cents());
}

bool IsReversibleKind(const events::EventBody& body) {
  return std::holds_alternative<events::HoursLogged>(body) ||
         std::holds_alternative<events::VolunteerParticipation>(body) ||
         std::holds_alternative<events::PaymentReceived>(body) ||
         std::holds_alternative<events::ExpenseRecorded>(body) ||
         std::holds_alternative<events::SelfFinancingRecorded>(body) ||
         std::holds_alternative<events::GrantReceived>(body) ||
         std::holds_alternative<events::ReminderSent>(body) ||
         std::holds_alternative<events::JobCompleted>(body);
}

void WorkState::Apply(const events::StoredEvent& event) {
  COOPLEDGER_ASSERT(event.seq > last_seq_);  // The runner feeds events in log order.
  last_seq_ = event.seq;
  RememberMember(&WorkState::streams_, event.stream);
  streams_.insert(event.stream);
  if (const auto* reversal = std::get_if<events::Reversed>(&event.body)) {
    auto original = reversible_.find(reversal->reversed_seq);
    COOPLEDGER_ASSERT(original != reversible_.end());  // Checked by the command handler.
    ApplyBody(original->second, -1);
    Remember(&WorkState::reversed_, reversal->reversed_seq);
    reversed_[reversal->reversed_seq] = true;
    Remember(&WorkState::reversible_, reversal->reversed_seq);
    reversible_.erase(reversal->reversed_seq);
    return;
  }
  if (IsReversibleKind(event.body)) {
    // What a reversal needs, and only that: the state is then the same whether `event` was
    // applied as decided (CommandService) or as read back from the log.
    events::StoredEvent kept;
    kept.seq = event.seq;
    kept.stream = event.stream;
    kept.effective = event.effective;
    kept.body = event.body;
    Remember(&WorkState::reversible_, event.seq);
    reversible_.emplace(event.seq, std::move(kept));
  }
  ApplyBody(event, +1);
}

bool operator==(const WorkState& a, const WorkState& b) { return a.Fields() == b.Fields(); }

template <typename Map>
void WorkState::Remember(Map WorkState::*map, const typename Map::key_type& key) {
  if (!undo_) return;
  auto it = (this->*map).find(key);
  if (it == (this->*map).end()) {
    undo_->push_back([map, key](WorkState& state) { (state.*map).erase(key); });
  } else {
    undo_->push_back([map, key, value = it->second](WorkState& state) {
      (state.*map).insert_or_assign(key, value);
    });
  }
}

template <typename Set>
void WorkState::RememberMember(Set WorkState::*set, const typename Set::key_type& key) {
  if (!undo_ || (this->*set).count(key) > 0) return;
  undo_->push_back([set, key](WorkState& state) { (state.*set).erase(key); });
}

void WorkState::RememberStretches(const std::string& member, int32_t day) {
  if (!undo_) return;
  auto by_day = work_.find(member);
  if (by_day == work_.end()) {
    undo_->push_back([member](WorkState& state) { state.work_.erase(member); });
    return;
  }
  auto stretches = by_day->second.find(day);
  if (stretches == by_day->second.end()) {
    undo_->push_back([member, day](WorkState& state) { state.work_[member].erase(day); });
  } else {
    undo_->push_back([member, day, value = stretches->second](WorkState& state) {
      state.work_[member][day] = value;
    });
  }
}

template <typename Field>
void WorkState::RememberField(Field WorkState::*field) {
  undo_->push_back([field, value = this->*field](WorkState& state) { state.*field = value; });
}

void WorkState::BeginTentative() {
  COOPLEDGER_ASSERT(!undo_);  // Batches do not nest.
  undo_.emplace();
  // The fields that are not keyed by document or member, whole: they are small.
  RememberField(&WorkState::last_seq_);
  RememberField(&WorkState::cae_);
  RememberField(&WorkState::sequences_);
  RememberField(&WorkState::closed_before_);
  RememberField(&WorkState::fiscal_closed_before_);
  RememberField(&WorkState::parameter_versions_);
  RememberField(&WorkState::payslips_by_month_);
  RememberField(&WorkState::pay_months_closed_);
  RememberField(&WorkState::last_sealed_month_);
  RememberField(&WorkState::last_sealed_seq_);
  RememberField(&WorkState::seal_count_);
}

void WorkState::CommitTentative() { undo_.reset(); }

void WorkState::RollbackTentative() {
  COOPLEDGER_ASSERT(undo_);
  std::vector<std::function<void(WorkState&)>> steps = std::move(*undo_);
  undo_.reset();
  for (auto step = steps.rbegin(); step != steps.rend(); ++step) (*step)(*this);
}

void WorkState::ApplyHours(const events::HoursLogged& hours, Seq seq, int sign) {
  RememberStretches(hours.member_id.value, hours.day.days_since_epoch());
  std::vector<WorkStretch>& stretches = work_[hours.member_id.value][hours.day.days_since_epoch()];
  if (sign > 0) {
    stretches.push_back(WorkStretch{hours.start_minute, hours.start_minute + hours.minutes, seq});
    return;
  }
  std::erase_if(stretches, [seq](const WorkStretch& stretch) { return stretch.seq == seq; });
}

void WorkState::ApplyPayment(const events::PaymentReceived& payment, int sign) {
  Money allocated;
  for (const events::Allocation& allocation : payment.allocations) {
    Remember(&WorkState::invoices_, allocation.invoice_number.value);
    InvoiceState& invoice = invoices_[allocation.invoice_number.value];
    invoice.paid = Money::FromCents(invoice.paid.cents() + sign * allocation.amount.cents());
    allocated = Money::FromCents(allocated.cents() + allocation.amount.cents());
  }
  Remember(&WorkState::client_credit_, payment.client_id.value);
  Money& credit = client_credit_[payment.client_id.value];
  credit = Money::FromCents(credit.cents() + sign * (payment.amount.cents() - allocated.cents()));
  Remember(&WorkState::payments_, payment.payment_id.value);
  payments_[payment.payment_id.value] = sign > 0;
}

void WorkState::ApplyBody(const events::StoredEvent& event, int sign) {
  std::visit(
      Overloaded{
          [this](const events::CaeConfigured& cae) { cae_ = cae; },
          [this](const events::ActivityOpened& opened) {
            Remember(&WorkState::activities_, opened.activity_id.value);
            activities_[opened.activity_id.value] = ActivityState{opened, std::nullopt};
          },
          [this](const events::ActivityClosed& closed) {
            Remember(&WorkState::activities_, closed.activity_id.value);
            activities_[closed.activity_id.value].closed_on = closed.closed_on;
          },
          [this](const events::MemberJoined& joined) {
            Remember(&WorkState::members_, joined.member_id.value);
            members_[joined.member_id.value] = MemberState{joined, std::nullopt};
          },
          [this](const events::ContractChanged& changed) {
            Remember(&WorkState::members_, changed.member_id.value);
            events::MemberJoined& contract = members_[changed.member_id.value].joined;
            contract.regime = changed.regime;
            contract.contract_end = changed.contract_end;
            contract.hourly_rate = changed.hourly_rate;
            contract.weekly_minutes = changed.weekly_minutes;
          },
          [this](const events::MemberLeft& left) {
            Remember(&WorkState::members_, left.member_id.value);
            members_[left.member_id.value].left_on = left.left_on;
          },
          [this](const events::ClientRegistered& client) {
            Remember(&WorkState::clients_, client.client_id.value);
            clients_[client.client_id.value] = client;
          },
          [this](const events::JobAgreed& job) {
            Remember(&WorkState::jobs_, job.job_id.value);
            jobs_[job.job_id.value] = JobState{job};
          },
          [this, sign](const events::JobCompleted& done) {
            Remember(&WorkState::jobs_, done.job_id.value);
            jobs_[done.job_id.value].status = sign > 0 ? JobStatus::kCompleted : JobStatus::kAgreed;
          },
          [this](const events::JobCancelled& cancelled) {
            Remember(&WorkState::jobs_, cancelled.job_id.value);
            jobs_[cancelled.job_id.value].status = JobStatus::kCancelled;
          },
          [this, &event, sign](const events::HoursLogged& hours) { ApplyHours(hours, event.seq, sign); },
          [this](const events::InvoiceDrafted& draft) {
            Remember(&WorkState::drafts_, draft.draft_id);
            drafts_[draft.draft_id] = draft;
          },
          [this](const events::InvoiceValidated& invoice) {
            Remember(&WorkState::invoices_, invoice.invoice_number.value);
            invoices_[invoice.invoice_number.value].invoice = invoice;
            if (!invoice.draft_id.empty()) {
              Remember(&WorkState::drafts_validated_, invoice.draft_id);
              drafts_validated_[invoice.draft_id] = invoice.invoice_number;
            }
            DocumentSequence& sequence = sequences_[invoice.issued_on.year()];
            ++sequence.last_number;
            sequence.last_issued_on = invoice.issued_on;
          },
          [this](const events::CreditNoteValidated& credit) {
            Remember(&WorkState::invoices_, credit.invoice_number.value);
            InvoiceState& invoice = invoices_[credit.invoice_number.value];
            // Crediting what the client already paid leaves money to give back: it becomes the
            // client's credit, which a refund (or a later allocation) settles.
            const int64_t overpaid_before = std::max<int64_t>(0, -invoice.Open().cents());
            invoice.credited =
                Money::FromCents(invoice.credited.cents() + credit.total_incl_vat.cents());
            const int64_t overpaid_after = std::max<int64_t>(0, -invoice.Open().cents());
            Remember(&WorkState::client_credit_, invoice.invoice.client_id.value);
            Money& client_credit = client_credit_[invoice.invoice.client_id.value];
            client_credit =
                Money::FromCents(client_credit.cents() + overpaid_after - overpaid_before);
            Remember(&WorkState::credit_notes_, credit.credit_note_number.value);
            credit_notes_[credit.credit_note_number.value] = true;
            DocumentSequence& sequence = sequences_[credit.issued_on.year()];
            ++sequence.last_number;
            sequence.last_issued_on = credit.issued_on;
          },
          [this, sign](const events::PaymentReceived& payment) { ApplyPayment(payment, sign); },
          [this](const events::PaymentRefunded& refund) {
            Remember(&WorkState::client_credit_, refund.client_id.value);
            Money& credit = client_credit_[refund.client_id.value];
            credit = Money::FromCents(credit.cents() - refund.amount.cents());
          },
          [this, sign](const events::ReminderSent& reminder) {
            Remember(&WorkState::invoices_, reminder.invoice_number.value);
            InvoiceState& invoice = invoices_[reminder.invoice_number.value];
            invoice.reminder_level += sign > 0 ? 1 : -1;
            if (sign > 0) invoice.last_reminder_on = reminder.sent_on;
            if (reminder.recovery_indemnity.cents() > 0) invoice.recovery_indemnity_claimed = sign > 0;
          },
          [this](const events::AccountingPeriodClosed& closed) {
            if (!closed_before_ || *closed_before_ < closed.period_end) closed_before_ = closed.period_end;
          },
          [this](const events::FiscalYearClosed& closed) { fiscal_closed_before_ = closed.year_end; },
          [this](const events::ParametersAdopted& adopted) { parameter_versions_.insert(adopted.version); },
          [this](const events::PayslipIssued& payslip) {
            const std::string month = payslip.period_start.ToString().substr(0, 7);
            Remember(&WorkState::payslips_, payslip.payslip_id.value);
            payslips_[payslip.payslip_id.value] =
                PayslipFacts{payslip.member_id, payslip.period_start, payslip.net_paid};
            RememberMember(&WorkState::member_payslips_, payslip.member_id.value + "/" + month);
            member_payslips_.insert(payslip.member_id.value + "/" + month);
            ++payslips_by_month_[month];
          },
          [this](const events::WagePaid& paid) {
            Remember(&WorkState::wages_paid_, paid.payslip_id.value);
            Money& total = wages_paid_[paid.payslip_id.value];
            total = Money::FromCents(total.cents() + paid.amount.cents());
          },
          [this](const events::PayrollMonthClosed& closed) {
            pay_months_closed_.insert(closed.month.ToString().substr(0, 7));
          },
          [this](const events::SealRecorded& seal) {
            last_sealed_month_ = seal.month;
            last_sealed_seq_ = seal.last_seq;
            ++seal_count_;
          },
          [](const auto&) {},
      },
      event.body);
}

const ActivityState* WorkState::FindActivity(const events::ActivityId& id) const {
  return Find(activities_, id.value);
}
const MemberState* WorkState::FindMember(const events::MemberId& id) const {
  return Find(members_, id.value);
}
const events::ClientRegistered* WorkState::FindClient(const events::ClientId& id) const {
  return Find(clients_, id.value);
}
const PayslipFacts* WorkState::FindPayslip(const std::string& payslip_id) const {
  return Find(payslips_, payslip_id);
}
int32_t WorkState::PayslipCount(const std::string& month) const {
  auto it = payslips_by_month_.find(month);
  return it == payslips_by_month_.end() ? 0 : it->second;
}
Money WorkState::WagesPaid(const std::string& payslip_id) const {
  auto it = wages_paid_.find(payslip_id);
  return it == wages_paid_.end() ? Money::Zero() : it->second;
}
const JobState* WorkState::FindJob(const events::JobId& id) const { return Find(jobs_, id.value); }
const InvoiceState* WorkState::FindInvoice(const events::DocumentNumber& number) const {
  const InvoiceState* invoice = Find(invoices_, number.value);
  return invoice != nullptr && !invoice->invoice.invoice_number.empty() ? invoice : nullptr;
}
const events::InvoiceDrafted* WorkState::FindDraft(const std::string& draft_id) const {
  return Find(drafts_, draft_id);
}
bool WorkState::DraftValidated(const std::string& draft_id) const {
  return drafts_validated_.count(draft_id) > 0;
}
std::optional<events::DocumentNumber> WorkState::InvoiceOfDraft(const std::string& draft_id) const {
  const events::DocumentNumber* number = Find(drafts_validated_, draft_id);
  return number == nullptr ? std::nullopt : std::optional<events::DocumentNumber>(*number);
}

bool WorkState::HasCreditNote(const events::DocumentNumber& number) const {
  return credit_notes_.count(number.value) > 0;
}
bool WorkState::HasPayment(const events::PaymentId& id) const {
  const bool* present = Find(payments_, id.value);
  return present != nullptr && *present;
}

const std::vector<WorkStretch>& WorkState::StretchesOn(const events::MemberId& member,
                                                       Date day) const {
  auto by_day = work_.find(member.value);
  if (by_day == work_.end()) return NoStretches();
  auto stretches = by_day->second.find(day.days_since_epoch());
  return stretches == by_day->second.end() ? NoStretches() : stretches->second;
}

int32_t WorkState::MinutesOn(const events::MemberId& member, Date day) const {
  int32_t minutes = 0;
  for (const WorkStretch& stretch : StretchesOn(member, day)) {
    minutes += stretch.end_minute - stretch.start_minute;
  }
  return minutes;
}

int32_t WorkState::MinutesInWeekOf(const events::MemberId& member, Date day) const {
  const Date monday = day.AddDays(-day.weekday());
  int32_t minutes = 0;
  for (int32_t offset = 0; offset < 7; ++offset) minutes += MinutesOn(member, monday.AddDays(offset));
  return minutes;
}

DocumentSequence WorkState::SequenceOf(int year) const {
  auto it = sequences_.find(year);
  return it == sequences_.end() ? DocumentSequence{} : it->second;
}

Money WorkState::ClientCredit(const events::ClientId& client) const {
  const Money* credit = Find(client_credit_, client.value);
  return credit == nullptr ? Money() : *credit;
}

const events::StoredEvent* WorkState::FindReversible(Seq seq) const {
  return Find(reversible_, seq);
}

}  // namespace coopledger::projections
