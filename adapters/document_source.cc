#include "adapters/document_source.h"

#include <optional>

#include "engine/command_service.h"
#include "projections/work_state.h"

namespace coopledger::adapters {
namespace {

// The log folded into the work state, with what the state does not keep: the credit note
// numbered `number` (the state records only that it exists) and the CAE as it was when the
// document was validated, since a later configure-cae (a move, a new VAT regime) must not change
// a document already issued.
struct Replayed {
  projections::WorkState state;
  std::optional<events::CreditNoteValidated> credit_note;
  std::optional<events::CaeConfigured> cae_at_issue;
};

Result<Replayed> Replay(engine::EventStore& store, const events::DocumentNumber& number,
                        events::Seq last) {
  Replayed replayed;
  COOPLEDGER_RETURN_IF_ERROR(
      engine::ReplayLog(store, last, [&replayed, &number](const events::StoredEvent& event) {
        replayed.state.Apply(event);
        bool is_the_document = false;
        if (const auto* invoice = std::get_if<events::InvoiceValidated>(&event.body)) {
          is_the_document = invoice->invoice_number == number;
        } else if (const auto* credit = std::get_if<events::CreditNoteValidated>(&event.body)) {
          is_the_document = credit->credit_note_number == number;
          if (is_the_document) replayed.credit_note = *credit;
        }
        if (is_the_document) replayed.cae_at_issue = replayed.state.cae();
      }));
  return replayed;
}

// Gathers what the document prints from the replayed log and the dated rules.
Result<DocumentSource> GatherSource(const Replayed& replayed, const events::DocumentNumber& number,
                                    const engine::Rules& rules) {
  const projections::WorkState& state = replayed.state;
  DocumentSource source;
  const projections::InvoiceState* invoice = state.FindInvoice(number);
  if (invoice == nullptr && replayed.credit_note) {
    source.credit_note = replayed.credit_note;
    invoice = state.FindInvoice(replayed.credit_note->invoice_number);
  }
  if (invoice == nullptr) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": no validated invoice or credit note has this number");
  }
  // Errors, not assertions: `append` takes events as given, without the deciders' checks.
  if (!replayed.cae_at_issue) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": the CAE was not configured when it was validated");
  }
  const events::ClientRegistered* client = state.FindClient(invoice->invoice.client_id);
  if (client == nullptr) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": unknown client " + invoice->invoice.client_id.value);
  }
  const projections::ActivityState* activity = state.FindActivity(invoice->invoice.activity_id);
  if (activity == nullptr) {
    return Error(ErrorCode::kNotFound,
                 number.value + ": unknown activity " + invoice->invoice.activity_id.value);
  }
  source.cae = *replayed.cae_at_issue;
  source.activity_name = activity->opened.name;
  source.client = *client;
  source.invoice = invoice->invoice;
  for (const events::JobId& job_id : invoice->invoice.job_ids) {
    const projections::JobState* job = state.FindJob(job_id);
    if (job != nullptr) source.service_dates.push_back(job->agreed.scheduled_on);
  }
  // The rate in force when penalties start: the day after the due date (C. com. L441-10 II).
  source.late_payment_rate_ppm = rules.LatePaymentRatePpm(invoice->invoice.due_on.AddDays(1));
  source.late_payment_margin_ppm = rules.late_margin_ppm;
  source.recovery_indemnity = rules.recovery_indemnity;
  return source;
}

}  // namespace

Result<DocumentSource> DocumentSourceAsOf(engine::EventStore& store,
                                          const events::DocumentNumber& number, events::Seq last,
                                          const engine::Rules& rules) {
  COOPLEDGER_ASSIGN_OR_RETURN(const Replayed replayed, Replay(store, number, last));
  return GatherSource(replayed, number, rules);
}

}  // namespace coopledger::adapters
