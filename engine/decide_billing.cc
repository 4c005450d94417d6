// Deciders for invoices, credit notes, payments, reminders, costs and other income.
#include <cstdio>
#include <map>

#include "engine/deciders.h"
#include "engine/documents.h"

namespace coopledger::engine::decide {
namespace {

// "2025-0042": the yearly sequence shared by invoices and credit notes.
events::DocumentNumber NextNumber(const WorkState& state, int year) {
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%04d", year, state.SequenceOf(year).last_number + 1);
  return events::DocumentNumber{text};
}

Status CheckChronology(const std::string& field, Date issued_on, const WorkState& state,
                       const DecisionContext& context) {
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture(field, issued_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen(field, issued_on, state));
  const projections::DocumentSequence sequence = state.SequenceOf(issued_on.year());
  if (sequence.last_number > 0 && issued_on < sequence.last_issued_on) {
    return Invalid(field, issued_on.ToString() + " is before the last document of the sequence (" +
                              sequence.last_issued_on.ToString() +
                              "): numbers follow the dates");
  }
  return OkStatus();
}

Status CheckDraftFields(const events::InvoiceValidated& invoice) {
  if (!invoice.client_id.empty() || !invoice.activity_id.empty() || !invoice.lines.empty() ||
      !invoice.job_ids.empty()) {
    return Invalid("draft_id", "validating a draft takes its client, activity, jobs and lines: "
                               "leave them out");
  }
  return OkStatus();
}

// Clients under the Code de commerce's late-payment terms (L441-10, D441-5). Public buyers have
// their own moratory-interest rules (Code de la commande publique), still to be confirmed from
// the primary text (DOMAIN section 5 marks them [verify]): no penalty is computed for them yet.
bool UnderCommercialTerms(events::ClientKind kind) {
  return kind == events::ClientKind::kCompany || kind == events::ClientKind::kAssociation;
}

}  // namespace

Decision InvoiceDrafted(const WorkState& state, const DecisionContext& context, events::InvoiceDrafted draft) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("draft_id", draft.draft_id));
  if (state.FindDraft(draft.draft_id) != nullptr) return Taken("draft_id", draft.draft_id);
  if (state.FindClient(draft.client_id) == nullptr) {
    return Unknown("client_id", "client", draft.client_id.value);
  }
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", draft.activity_id, context.today, state));
  for (size_t i = 0; i < draft.job_ids.size(); ++i) {
    if (state.FindJob(draft.job_ids[i]) == nullptr) {
      return Unknown("job_ids[" + std::to_string(i) + "]", "job", draft.job_ids[i].value);
    }
  }
  COOPLEDGER_ASSIGN_OR_RETURN(DocumentTotals totals,
                              ComputeTotals(draft.lines, context.today, state, context));
  draft.lines = std::move(totals.lines);
  const std::string stream = "draft/" + draft.draft_id;
  return One(Make(stream, context.today, std::move(draft), kNoStream));
}

Decision InvoiceValidated(const WorkState& state, const DecisionContext& context,
                          events::InvoiceValidated invoice) {
  if (!invoice.invoice_number.empty()) {
    return state.FindInvoice(invoice.invoice_number) != nullptr
               ? Error(ErrorCode::kDocumentValidated,
                       "invoice_number: " + invoice.invoice_number.value +
                           " is validated and never changes: issue a credit note")
               : Invalid("invoice_number", "given at validation by coopledger: leave it out");
  }
  if (!invoice.draft_id.empty()) {
    const events::InvoiceDrafted* draft = state.FindDraft(invoice.draft_id);
    if (draft == nullptr) return Unknown("draft_id", "draft", invoice.draft_id);
    if (state.DraftValidated(invoice.draft_id)) {
      return Error(ErrorCode::kDocumentValidated,
                   "draft_id: " + invoice.draft_id + " is already validated: issue a credit note");
    }
    COOPLEDGER_RETURN_IF_ERROR(CheckDraftFields(invoice));
    invoice.client_id = draft->client_id;
    invoice.activity_id = draft->activity_id;
    invoice.job_ids = draft->job_ids;
    invoice.lines = draft->lines;
  }
  const events::ClientRegistered* client = state.FindClient(invoice.client_id);
  if (client == nullptr) return Unknown("client_id", "client", invoice.client_id.value);
  if (IsUnset(invoice.issued_on)) invoice.issued_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(CheckChronology("issued_on", invoice.issued_on, state, context));
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", invoice.activity_id, invoice.issued_on, state));
  for (size_t i = 0; i < invoice.job_ids.size(); ++i) {
    const projections::JobState* job = state.FindJob(invoice.job_ids[i]);
    if (job == nullptr) return Unknown("job_ids[" + std::to_string(i) + "]", "job", invoice.job_ids[i].value);
    if (job->agreed.client_id != invoice.client_id) {
      return Invalid("job_ids[" + std::to_string(i) + "]",
                     invoice.job_ids[i].value + " was agreed with client " + job->agreed.client_id.value);
    }
  }
  COOPLEDGER_ASSIGN_OR_RETURN(DocumentTotals totals,
                              ComputeTotals(invoice.lines, invoice.issued_on, state, context));
  invoice.lines = std::move(totals.lines);
  invoice.vat_totals = std::move(totals.vat_totals);
  invoice.total_excl_vat = totals.total_excl_vat;
  invoice.total_vat = totals.total_vat;
  invoice.total_incl_vat = totals.total_incl_vat;
  const Date due = invoice.issued_on.AddDays(client->payment_terms_days);
  if (IsUnset(invoice.due_on)) invoice.due_on = due;
  if (invoice.due_on < invoice.issued_on || due < invoice.due_on) {
    return Invalid("due_on", "must lie between issued_on and the client's payment terms (" +
                                 due.ToString() + ")");
  }
  invoice.invoice_number = NextNumber(state, invoice.issued_on.year());
  const std::string stream = "invoice/" + invoice.invoice_number.value;
  const Date effective = invoice.issued_on;
  return One(Make(stream, effective, std::move(invoice), kNoStream));
}

Decision CreditNoteValidated(const WorkState& state, const DecisionContext& context,
                             events::CreditNoteValidated credit) {
  if (!credit.credit_note_number.empty()) {
    return Invalid("credit_note_number", "given at validation by coopledger: leave it out");
  }
  const projections::InvoiceState* invoice = state.FindInvoice(credit.invoice_number);
  if (invoice == nullptr) return Unknown("invoice_number", "invoice", credit.invoice_number.value);
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", credit.reason));
  if (IsUnset(credit.issued_on)) credit.issued_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(CheckChronology("issued_on", credit.issued_on, state, context));
  // The sequence of the credit note's year cannot tell: a credit note dated 31 December would
  // pass after an invoice of 5 January.
  if (credit.issued_on < invoice->invoice.issued_on) {
    return Invalid("issued_on", credit.issued_on.ToString() + " is before the date of invoice " +
                                    credit.invoice_number.value + " (" +
                                    invoice->invoice.issued_on.ToString() + ")");
  }
  if (credit.lines.empty()) {
    if (invoice->credited.cents() != 0) {
      return Invalid("lines", "required: the invoice was already partly credited");
    }
    credit.lines = invoice->invoice.lines;  // The whole invoice.
  }
  COOPLEDGER_ASSIGN_OR_RETURN(DocumentTotals totals,
                              ComputeTotals(credit.lines, invoice->invoice.issued_on, state, context));
  const int64_t remaining = invoice->invoice.total_incl_vat.cents() - invoice->credited.cents();
  if (totals.total_incl_vat.cents() > remaining) {
    return Error(ErrorCode::kExceedsOpenAmount,
                 "lines: the credit note totals " + totals.total_incl_vat.ToString() +
                     " incl. VAT, above the " + Money::FromCents(remaining).ToString() +
                     " that remain of invoice " + credit.invoice_number.value);
  }
  credit.lines = std::move(totals.lines);
  credit.vat_totals = std::move(totals.vat_totals);
  credit.total_excl_vat = totals.total_excl_vat;
  credit.total_vat = totals.total_vat;
  credit.total_incl_vat = totals.total_incl_vat;
  credit.credit_note_number = NextNumber(state, credit.issued_on.year());
  const std::string stream = "invoice/" + credit.invoice_number.value;
  const Date effective = credit.issued_on;
  return One(Make(stream, effective, std::move(credit)));
}

Decision PaymentReceived(const WorkState& state, const DecisionContext& context,
                         events::PaymentReceived payment) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("payment_id", payment.payment_id.value));
  const std::string stream = "payment/" + payment.payment_id.value;
  if (state.StreamExists(stream)) return Taken("payment_id", payment.payment_id.value);
  if (state.FindClient(payment.client_id) == nullptr) {
    return Unknown("client_id", "client", payment.client_id.value);
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("received_on", payment.received_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("received_on", payment.received_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("received_on", payment.received_on, state));
  if (payment.method == events::PaymentMethod::kUnset) {
    return Invalid("method", "required: bankTransfer, cheque, cash, card or directDebit");
  }
  if (payment.amount.cents() <= 0 || payment.amount.cents() > kAmountCentsMax) {
    return Invalid("amount_cents", "must be positive and at most one billion euros");
  }
  int64_t allocated = 0;
  std::map<std::string, int64_t> allocated_by_invoice;
  for (size_t i = 0; i < payment.allocations.size(); ++i) {
    const events::Allocation& allocation = payment.allocations[i];
    const std::string field = "allocations[" + std::to_string(i) + "]";
    const projections::InvoiceState* invoice = state.FindInvoice(allocation.invoice_number);
    if (invoice == nullptr) {
      return Unknown(field + ".invoice_number", "invoice", allocation.invoice_number.value);
    }
    if (invoice->invoice.client_id != payment.client_id) {
      return Invalid(field + ".invoice_number", allocation.invoice_number.value +
                                                    " was issued to client " +
                                                    invoice->invoice.client_id.value);
    }
    if (allocation.amount.cents() <= 0) return Invalid(field + ".amount_cents", "must be positive");
    int64_t& on_invoice = allocated_by_invoice[allocation.invoice_number.value];
    on_invoice += allocation.amount.cents();
    if (on_invoice > invoice->Open().cents()) {
      return Error(ErrorCode::kExceedsOpenAmount,
                   field + ".amount_cents: " + Money::FromCents(on_invoice).ToString() +
                       " allocated to " + allocation.invoice_number.value + " whose open amount is " +
                       invoice->Open().ToString());
    }
    allocated += allocation.amount.cents();
  }
  if (allocated > payment.amount.cents()) {
    return Invalid("allocations", "allocate " + Money::FromCents(allocated).ToString() +
                                      ", more than the payment's " + payment.amount.ToString());
  }
  const Date effective = payment.received_on;
  return One(Make(stream, effective, std::move(payment), kNoStream));
}

Decision PaymentRefunded(const WorkState& state, const DecisionContext& context,
                         events::PaymentRefunded refund) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("refund_id", refund.refund_id.value));
  const std::string stream = "refund/" + refund.refund_id.value;
  if (state.StreamExists(stream)) return Taken("refund_id", refund.refund_id.value);
  if (state.FindClient(refund.client_id) == nullptr) {
    return Unknown("client_id", "client", refund.client_id.value);
  }
  if (IsUnset(refund.refunded_on)) refund.refunded_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("refunded_on", refund.refunded_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("refunded_on", refund.refunded_on, state));
  if (refund.method == events::PaymentMethod::kUnset) return Invalid("method", "required");
  const Money credit = state.ClientCredit(refund.client_id);
  if (refund.amount.cents() <= 0) return Invalid("amount_cents", "must be positive");
  if (refund.amount > credit) {
    return Error(ErrorCode::kExceedsOpenAmount,
                 "amount_cents: " + refund.amount.ToString() + " is above the client's credit of " +
                     credit.ToString());
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("reason", refund.reason));
  const Date effective = refund.refunded_on;
  return One(Make(stream, effective, std::move(refund), kNoStream));
}

Decision ReminderSent(const WorkState& state, const DecisionContext& context, events::ReminderSent reminder) {
  const projections::InvoiceState* invoice = state.FindInvoice(reminder.invoice_number);
  if (invoice == nullptr) return Unknown("invoice_number", "invoice", reminder.invoice_number.value);
  if (reminder.late_penalty.cents() != 0 || reminder.recovery_indemnity.cents() != 0 ||
      reminder.level != 0) {
    return Invalid("late_penalty_cents", "level, penalty and indemnity are computed: leave them out");
  }
  if (IsUnset(reminder.sent_on)) reminder.sent_on = context.today;
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("sent_on", reminder.sent_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("sent_on", reminder.sent_on, state));
  const Money open = invoice->Open();
  if (open.cents() <= 0) return Invalid("invoice_number", reminder.invoice_number.value + " is settled");
  if (!(invoice->invoice.due_on < reminder.sent_on)) {
    return Invalid("sent_on", "the invoice is due on " + invoice->invoice.due_on.ToString() +
                                  ": not late yet");
  }
  reminder.level = invoice->reminder_level + 1;
  const events::ClientRegistered* client = state.FindClient(invoice->invoice.client_id);
  COOPLEDGER_ASSERT(client != nullptr);  // Invoices are validated against known clients.
  // Between professionals, penalties run from the day after the due date without any reminder
  // (Code de commerce L441-10 II); households owe interest only after a formal notice, which is
  // not modelled here.
  if (UnderCommercialTerms(client->kind) && context.rules != nullptr) {
    const Date late_from = invoice->invoice.due_on.AddDays(1);
    const std::optional<int64_t> rate = context.rules->LatePaymentRatePpm(late_from);
    if (rate) {
      const int64_t days = reminder.sent_on.days_since_epoch() - invoice->invoice.due_on.days_since_epoch();
      COOPLEDGER_ASSIGN_OR_RETURN(
          const int64_t penalty,
          MulDivRoundHalfUp(open.cents(), *rate * days, /*denominator=*/365LL * 1'000'000));
      reminder.late_penalty = Money::FromCents(penalty);
    }
    if (!invoice->recovery_indemnity_claimed) {
      reminder.recovery_indemnity = context.rules->recovery_indemnity;
    }
  }
  const std::string stream = "invoice/" + reminder.invoice_number.value;
  const Date effective = reminder.sent_on;
  return One(Make(stream, effective, std::move(reminder)));
}

Decision ExpenseRecorded(const WorkState& state, const DecisionContext& context,
                         events::ExpenseRecorded expense) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("expense_id", expense.expense_id));
  const std::string stream = "expense/" + expense.expense_id;
  if (state.StreamExists(stream)) return Taken("expense_id", expense.expense_id);
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("spent_on", expense.spent_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("spent_on", expense.spent_on, context));
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", expense.activity_id, expense.spent_on, state));
  if (!expense.member_id.empty() && state.FindMember(expense.member_id) == nullptr) {
    return Unknown("member_id", "member", expense.member_id.value);
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("category", expense.category));
  COOPLEDGER_RETURN_IF_ERROR(RequireText("description", expense.description));
  if (expense.account.empty()) expense.account = "606300";
  if (expense.account[0] != '6') return Invalid("account", "an expense goes to a class 6 account");
  if (!IsAccountNumber(expense.account)) {
    return Invalid("account", "\"" + expense.account + "\" is not a PCG account: three digits, then "
                                                      "digits or capitals");
  }
  if (expense.amount_excl_vat.cents() <= 0) return Invalid("amount_excl_vat_cents", "must be positive");
  if (expense.vat.cents() < 0) return Invalid("vat_cents", "must not be negative");
  if (context.rules != nullptr && !context.rules->VatRateValid(expense.vat_rate_ppm, expense.spent_on)) {
    return Invalid("vat_rate_ppm", "not a VAT rate in force on " + expense.spent_on.ToString());
  }
  if (expense.method == events::PaymentMethod::kUnset) return Invalid("method", "required");
  expense.booked_on.reset();
  if (state.ClosedBefore() && expense.spent_on < *state.ClosedBefore()) {
    expense.booked_on = *state.ClosedBefore();
  }
  const Date effective = expense.spent_on;
  return One(Make(stream, effective, std::move(expense), kNoStream));
}

Decision SelfFinancingRecorded(const WorkState& state, const DecisionContext& context,
                               events::SelfFinancingRecorded action) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("action_id", action.action_id));
  const std::string stream = "self-financing/" + action.action_id;
  if (state.StreamExists(stream)) return Taken("action_id", action.action_id);
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("held_on", action.held_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("held_on", action.held_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("held_on", action.held_on, state));
  COOPLEDGER_RETURN_IF_ERROR(OpenActivity("activity_id", action.activity_id, action.held_on, state));
  COOPLEDGER_RETURN_IF_ERROR(RequireText("description", action.description));
  if (action.amount.cents() <= 0) return Invalid("amount_cents", "must be positive");
  if (action.method == events::PaymentMethod::kUnset) return Invalid("method", "required");
  const Date effective = action.held_on;
  return One(Make(stream, effective, std::move(action), kNoStream));
}

Decision GrantReceived(const WorkState& state, const DecisionContext& context, events::GrantReceived grant) {
  COOPLEDGER_RETURN_IF_ERROR(RequireText("grant_id", grant.grant_id));
  const std::string stream = "grant/" + grant.grant_id;
  if (state.StreamExists(stream)) return Taken("grant_id", grant.grant_id);
  COOPLEDGER_RETURN_IF_ERROR(RequireDate("received_on", grant.received_on));
  COOPLEDGER_RETURN_IF_ERROR(NotInFuture("received_on", grant.received_on, context));
  COOPLEDGER_RETURN_IF_ERROR(PeriodOpen("received_on", grant.received_on, state));
  if (state.FindActivity(grant.activity_id) == nullptr) {
    return Unknown("activity_id", "activity", grant.activity_id.value);
  }
  COOPLEDGER_RETURN_IF_ERROR(RequireText("funder", grant.funder));
  if (grant.amount.cents() <= 0) return Invalid("amount_cents", "must be positive");
  const Date effective = grant.received_on;
  return One(Make(stream, effective, std::move(grant), kNoStream));
}

}  // namespace coopledger::engine::decide
