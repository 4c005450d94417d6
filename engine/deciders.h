// The deciders behind Decide(), one per command kind, grouped by family. Internal to engine/.
#ifndef COOPLEDGER_ENGINE_DECIDERS_H_
#define COOPLEDGER_ENGINE_DECIDERS_H_

#include <string>

#include "engine/command_handler.h"

namespace coopledger::engine::decide {

using projections::WorkState;
using Decision = Result<std::vector<ProposedEvent>>;

// ---------------------------------------------------------------- shared helpers
Error Invalid(const std::string& field, const std::string& reason);
Error Unknown(const std::string& field, const std::string& what, const std::string& id);
Error Taken(const std::string& field, const std::string& id);
bool IsUnset(Date day);
Status RequireText(const std::string& field, const std::string& value);
Status RequireDate(const std::string& field, Date day);
Status NotInFuture(const std::string& field, Date day, const DecisionContext& context);
// A PCG account number: three digits of classes 1 to 7 first (FEC CompteNum, DOMAIN 3.1), then
// digits or capital letters, at most 20 characters.
bool IsAccountNumber(const std::string& account);
// kPeriodClosed if `day` lies in a closed accounting period.
Status PeriodOpen(const std::string& field, Date day, const WorkState& state);
Result<const projections::ActivityState*> OpenActivity(const std::string& field,
                                                       const events::ActivityId& id, Date day,
                                                       const WorkState& state);
ProposedEvent Make(std::string stream, Date effective, events::EventBody body,
                   uint64_t expected_version = kAnyVersion);
// The decision of a command that appends one event.
Decision One(ProposedEvent event);

// ---------------------------------------------------------------- organisation and people
Decision CaeConfigured(const WorkState&, const DecisionContext&, events::CaeConfigured);
Decision ActivityOpened(const WorkState&, const DecisionContext&, events::ActivityOpened);
Decision ActivityClosed(const WorkState&, const DecisionContext&, events::ActivityClosed);
Decision MemberJoined(const WorkState&, const DecisionContext&, events::MemberJoined);
Decision ContractChanged(const WorkState&, const DecisionContext&, events::ContractChanged);
Decision MemberLeft(const WorkState&, const DecisionContext&, events::MemberLeft);
Decision PersonalDataErased(const WorkState&, const DecisionContext&, events::PersonalDataErased);
Decision ClientRegistered(const WorkState&, const DecisionContext&, events::ClientRegistered);

// ---------------------------------------------------------------- work
Decision QuoteIssued(const WorkState&, const DecisionContext&, events::QuoteIssued);
Decision JobAgreed(const WorkState&, const DecisionContext&, events::JobAgreed);
Decision JobCompleted(const WorkState&, const DecisionContext&, events::JobCompleted);
Decision JobCancelled(const WorkState&, const DecisionContext&, events::JobCancelled);
Decision HoursLogged(const WorkState&, const DecisionContext&, events::HoursLogged);
Decision VolunteerParticipation(const WorkState&, const DecisionContext&,
                                events::VolunteerParticipation);

// ---------------------------------------------------------------- billing
Decision InvoiceDrafted(const WorkState&, const DecisionContext&, events::InvoiceDrafted);
Decision InvoiceValidated(const WorkState&, const DecisionContext&, events::InvoiceValidated);
Decision CreditNoteValidated(const WorkState&, const DecisionContext&, events::CreditNoteValidated);
Decision PaymentReceived(const WorkState&, const DecisionContext&, events::PaymentReceived);
Decision PaymentRefunded(const WorkState&, const DecisionContext&, events::PaymentRefunded);
Decision ReminderSent(const WorkState&, const DecisionContext&, events::ReminderSent);
Decision ExpenseRecorded(const WorkState&, const DecisionContext&, events::ExpenseRecorded);
Decision SelfFinancingRecorded(const WorkState&, const DecisionContext&,
                               events::SelfFinancingRecorded);
Decision GrantReceived(const WorkState&, const DecisionContext&, events::GrantReceived);

// ---------------------------------------------------------------- books
Decision AccountingPeriodClosed(const WorkState&, const DecisionContext&,
                                events::AccountingPeriodClosed);
Decision Reversed(const WorkState&, const DecisionContext&, events::Reversed);
Decision FiscalYearClosed(const WorkState&, const DecisionContext&, events::FiscalYearClosed);
Decision JournalEntryRecorded(const WorkState&, const DecisionContext&,
                              events::JournalEntryRecorded);
// Checks a seal's place (engine/seals.h computes its hashes from the log): a month that is
// over, after the last one sealed, covering events after the last sealed seq.
Decision SealRecorded(const WorkState&, const DecisionContext&, events::SealRecorded);
// An export made (engine/exports.h): a kind, a file name and its SHA-256, on the stream
// "exports", dated today. It depends on no state.
Decision ExportRecorded(const WorkState&, const DecisionContext&, events::ExportRecorded);

// ---------------------------------------------------------------- payroll
Decision ParametersAdopted(const WorkState&, const DecisionContext&, events::ParametersAdopted);
Decision DistributionDecided(const WorkState&, const DecisionContext&, events::DistributionDecided);
Decision PayslipIssued(const WorkState&, const DecisionContext&, events::PayslipIssued);
Decision WagePaid(const WorkState&, const DecisionContext&, events::WagePaid);
Decision ContributionsPaid(const WorkState&, const DecisionContext&, events::ContributionsPaid);
Decision PayrollMonthClosed(const WorkState&, const DecisionContext&, events::PayrollMonthClosed);

// ---------------------------------------------------------------- declarations
Decision DeclarationFiled(const WorkState&, const DecisionContext&, events::DeclarationFiled);

}  // namespace coopledger::engine::decide

#endif  // COOPLEDGER_ENGINE_DECIDERS_H_
