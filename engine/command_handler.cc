#include "engine/command_handler.h"

#include "events/overloaded.h"

#include "engine/deciders.h"

namespace coopledger::engine {
namespace decide {

Error Invalid(const std::string& field, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, field + ": " + reason);
}

Error Unknown(const std::string& field, const std::string& what, const std::string& id) {
  return Error(ErrorCode::kNotFound, field + ": no " + what + " " + (id.empty() ? "''" : id));
}

Error Taken(const std::string& field, const std::string& id) {
  return Error(ErrorCode::kAlreadyExists, field + ": " + id + " already exists");
}

// Commands never carry 1970-01-01: a date left out of the JSON reads as that day.
bool IsUnset(Date day) { return day == Date(); }

Status RequireText(const std::string& field, const std::string& value) {
  if (value.empty()) return Invalid(field, "required");
  return OkStatus();
}

Status RequireDate(const std::string& field, Date day) {
  if (IsUnset(day)) return Invalid(field, "required, a YYYY-MM-DD date");
  return OkStatus();
}

Status NotInFuture(const std::string& field, Date day, const DecisionContext& context) {
  if (context.today < day) {
    return Invalid(field, day.ToString() + " is after today (" + context.today.ToString() + ")");
  }
  return OkStatus();
}

// A PCG account number: three digits of classes 1 to 7 first (FEC CompteNum, DOMAIN 3.1), then
// digits or capital letters, at most 20 characters.
bool IsAccountNumber(const std::string& account) {
  if (account.size() < 3 || account.size() > 20) return false;
  if (account[0] < '1' || account[0] > '7') return false;
  for (size_t i = 0; i < account.size(); ++i) {
    const char c = account[i];
    const bool digit = c >= '0' && c <= '9';
    if (i < 3 ? !digit : !(digit || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

Status PeriodOpen(const std::string& field, Date day, const WorkState& state) {
  if (state.ClosedBefore() && day < *state.ClosedBefore()) {
    return Error(ErrorCode::kPeriodClosed, field + ": " + day.ToString() +
                                               " lies in a closed period (closed before " +
                                               state.ClosedBefore()->ToString() + ")");
  }
  return OkStatus();
}

Result<const projections::ActivityState*> OpenActivity(const std::string& field,
                                                       const events::ActivityId& id, Date day,
                                                       const WorkState& state) {
  const projections::ActivityState* activity = state.FindActivity(id);
  if (activity == nullptr) return Unknown(field, "activity", id.value);
  if (day < activity->opened.opened_on || (activity->closed_on && *activity->closed_on < day)) {
    return Error(ErrorCode::kPeriodClosed,
                 field + ": activity " + id.value + " is not open on " + day.ToString());
  }
  return activity;
}

Decision One(ProposedEvent event) {
  std::vector<ProposedEvent> events;
  events.push_back(std::move(event));
  return events;
}

ProposedEvent Make(std::string stream, Date effective, events::EventBody body,
                   uint64_t expected_version) {
  return ProposedEvent{events::Event{std::move(stream), effective, std::move(body)},
                       expected_version};
}

}  // namespace decide

Result<std::vector<ProposedEvent>> Decide(const projections::WorkState& state,
                                          const DecisionContext& context,
                                          events::EventBody proposed) {
  using decide::Decision;
  const projections::WorkState& s = state;
  const DecisionContext& c = context;
  return std::visit(
      Overloaded{
          [&](events::CaeConfigured& b) { return decide::CaeConfigured(s, c, std::move(b)); },
          [&](events::ActivityOpened& b) { return decide::ActivityOpened(s, c, std::move(b)); },
          [&](events::ActivityClosed& b) { return decide::ActivityClosed(s, c, std::move(b)); },
          [&](events::MemberJoined& b) { return decide::MemberJoined(s, c, std::move(b)); },
          [&](events::ContractChanged& b) { return decide::ContractChanged(s, c, std::move(b)); },
          [&](events::MemberLeft& b) { return decide::MemberLeft(s, c, std::move(b)); },
          [&](events::PersonalDataErased& b) {
            return decide::PersonalDataErased(s, c, std::move(b));
          },
          [&](events::ClientRegistered& b) { return decide::ClientRegistered(s, c, std::move(b)); },
          [&](events::QuoteIssued& b) { return decide::QuoteIssued(s, c, std::move(b)); },
          [&](events::JobAgreed& b) { return decide::JobAgreed(s, c, std::move(b)); },
          [&](events::JobCompleted& b) { return decide::JobCompleted(s, c, std::move(b)); },
          [&](events::JobCancelled& b) { return decide::JobCancelled(s, c, std::move(b)); },
          [&](events::HoursLogged& b) { return decide::HoursLogged(s, c, std::move(b)); },
          [&](events::VolunteerParticipation& b) {
            return decide::VolunteerParticipation(s, c, std::move(b));
          },
          [&](events::InvoiceDrafted& b) { return decide::InvoiceDrafted(s, c, std::move(b)); },
          [&](events::InvoiceValidated& b) { return decide::InvoiceValidated(s, c, std::move(b)); },
          [&](events::CreditNoteValidated& b) {
            return decide::CreditNoteValidated(s, c, std::move(b));
          },
          [&](events::PaymentReceived& b) { return decide::PaymentReceived(s, c, std::move(b)); },
          [&](events::PaymentRefunded& b) { return decide::PaymentRefunded(s, c, std::move(b)); },
          [&](events::ReminderSent& b) { return decide::ReminderSent(s, c, std::move(b)); },
          [&](events::ExpenseRecorded& b) { return decide::ExpenseRecorded(s, c, std::move(b)); },
          [&](events::SelfFinancingRecorded& b) {
            return decide::SelfFinancingRecorded(s, c, std::move(b));
          },
          [&](events::GrantReceived& b) { return decide::GrantReceived(s, c, std::move(b)); },
          [&](events::AccountingPeriodClosed& b) {
            return decide::AccountingPeriodClosed(s, c, std::move(b));
          },
          [&](events::Reversed& b) { return decide::Reversed(s, c, std::move(b)); },
          [&](events::FiscalYearClosed& b) { return decide::FiscalYearClosed(s, c, std::move(b)); },
          [&](events::JournalEntryRecorded& b) {
            return decide::JournalEntryRecorded(s, c, std::move(b));
          },
          [&](events::SealRecorded& b) { return decide::SealRecorded(s, c, std::move(b)); },
          [&](events::ExportRecorded& b) { return decide::ExportRecorded(s, c, std::move(b)); },
          [&](events::ParametersAdopted& b) { return decide::ParametersAdopted(s, c, std::move(b)); },
          [&](events::DistributionDecided& b) {
            return decide::DistributionDecided(s, c, std::move(b));
          },
          [&](events::PayslipIssued& b) { return decide::PayslipIssued(s, c, std::move(b)); },
          [&](events::WagePaid& b) { return decide::WagePaid(s, c, std::move(b)); },
          [&](events::ContributionsPaid& b) { return decide::ContributionsPaid(s, c, std::move(b)); },
          [&](events::PayrollMonthClosed& b) {
            return decide::PayrollMonthClosed(s, c, std::move(b));
          },
          [&](events::DeclarationFiled& b) { return decide::DeclarationFiled(s, c, std::move(b)); },
          [](auto& other) -> Decision {
            return Error(ErrorCode::kUnsupported,
                         std::string(std::decay_t<decltype(other)>::kTypeName) +
                             " is not a command this version accepts");
          },
      },
      proposed);
}

}  // namespace coopledger::engine
