// Invoices, payments, costs and other income (DESIGN section 5, "Billing", "Costs").
#ifndef COOPLEDGER_EVENTS_BILLING_EVENTS_H_
#define COOPLEDGER_EVENTS_BILLING_EVENTS_H_

#include "events/values.h"

namespace coopledger::events {

// A facilitator's draft invoice: no number, no legal value; validated into InvoiceValidated.
struct InvoiceDrafted {
  std::string draft_id;
  ClientId client_id;
  ActivityId activity_id;
  std::vector<JobId> job_ids;
  std::vector<DocumentLine> lines;
  COOPLEDGER_FIELDS(InvoiceDrafted, draft_id, client_id, activity_id, job_ids, lines);
};

// A validated invoice: its number comes from the continuous yearly sequence at validation; it is
// never changed afterwards, only credited.
struct InvoiceValidated {
  DocumentNumber invoice_number;
  ClientId client_id;
  ActivityId activity_id;
  std::vector<JobId> job_ids;
  Date issued_on;
  Date due_on;
  std::vector<DocumentLine> lines;
  std::vector<VatTotal> vat_totals;
  Money total_excl_vat;
  Money total_vat;
  Money total_incl_vat;
  std::string draft_id;  // The draft it validates, if any.
  COOPLEDGER_FIELDS(InvoiceValidated, invoice_number, client_id, activity_id, job_ids, issued_on,
                    due_on, lines, vat_totals, total_excl_vat, total_vat, total_incl_vat,
                    draft_id);
};

// Shares the invoices' sequence; amounts are positive and reduce the referenced invoice.
struct CreditNoteValidated {
  DocumentNumber credit_note_number;
  DocumentNumber invoice_number;
  Date issued_on;
  std::vector<DocumentLine> lines;
  std::vector<VatTotal> vat_totals;
  Money total_excl_vat;
  Money total_vat;
  Money total_incl_vat;
  std::string reason;
  COOPLEDGER_FIELDS(CreditNoteValidated, credit_note_number, invoice_number, issued_on, lines,
                    vat_totals, total_excl_vat, total_vat, total_incl_vat, reason);
};

// What is not allocated stays as the client's credit.
struct PaymentReceived {
  PaymentId payment_id;
  ClientId client_id;
  Date received_on;
  PaymentMethod method = PaymentMethod::kUnset;
  Money amount;
  std::vector<Allocation> allocations;
  std::string reference;
  COOPLEDGER_FIELDS(PaymentReceived, payment_id, client_id, received_on, method, amount,
                    allocations, reference);
};

struct PaymentRefunded {
  PaymentId refund_id;
  ClientId client_id;
  Date refunded_on;
  PaymentMethod method = PaymentMethod::kUnset;
  Money amount;
  std::string reason;
  COOPLEDGER_FIELDS(PaymentRefunded, refund_id, client_id, refunded_on, method, amount, reason);
};

struct ReminderSent {
  DocumentNumber invoice_number;
  int32_t level = 0;
  Date sent_on;
  Money late_penalty;
  Money recovery_indemnity;  // 40 EUR for business clients (Code de commerce D441-5).
  COOPLEDGER_FIELDS(ReminderSent, invoice_number, level, sent_on, late_penalty,
                    recovery_indemnity);
};

struct ExpenseRecorded {
  std::string expense_id;
  ActivityId activity_id;
  MemberId member_id;  // Who advanced it, may be empty.
  Date spent_on;
  std::string category;  // "consumables", "fuel"...
  std::string account;   // PCG account, "606300".
  std::string description;
  Money amount_excl_vat;
  int64_t vat_rate_ppm = 0;
  Money vat;
  PaymentMethod method = PaymentMethod::kUnset;
  std::optional<Date> booked_on;  // As HoursLogged::booked_on.
  COOPLEDGER_FIELDS(ExpenseRecorded, expense_id, activity_id, member_id, spent_on, category,
                    account, description, amount_excl_vat, vat_rate_ppm, vat, method, booked_on);
};

struct SelfFinancingRecorded {
  std::string action_id;
  ActivityId activity_id;
  Date held_on;
  std::string description;  // "car wash".
  Money amount;
  PaymentMethod method = PaymentMethod::kUnset;
  COOPLEDGER_FIELDS(SelfFinancingRecorded, action_id, activity_id, held_on, description, amount,
                    method);
};

struct GrantReceived {
  std::string grant_id;
  ActivityId activity_id;
  std::string funder;
  Date received_on;
  Money amount;
  std::string purpose;
  COOPLEDGER_FIELDS(GrantReceived, grant_id, activity_id, funder, received_on, amount, purpose);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_BILLING_EVENTS_H_
