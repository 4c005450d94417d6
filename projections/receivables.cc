#include "projections/receivables.h"

#include <algorithm>

namespace coopledger::projections {

Receivables ComputeReceivables(const WorkState& state, Date as_of) {
  Receivables receivables;
  state.ForEachInvoice([&](const InvoiceState& invoice) {
    const events::InvoiceValidated& document = invoice.invoice;
    if (as_of < document.issued_on || invoice.Open().cents() <= 0) return;
    OpenInvoice open;
    open.invoice_number = document.invoice_number.value;
    open.client_id = document.client_id.value;
    open.activity_id = document.activity_id.value;
    open.issued_on = document.issued_on;
    open.due_on = document.due_on;
    open.total_incl_vat = document.total_incl_vat;
    open.open = invoice.Open();
    open.age_days = as_of.days_since_epoch() - document.issued_on.days_since_epoch();
    open.bucket = open.age_days <= 30 ? 0 : open.age_days <= 60 ? 1 : open.age_days <= 90 ? 2 : 3;
    open.overdue = document.due_on < as_of;
    open.reminder_level = invoice.reminder_level;
    open.reminder_due =
        open.overdue && (invoice.reminder_level == 0 ||
                         invoice.last_reminder_on.AddDays(kReminderIntervalDays) <= as_of);
    receivables.bucket_totals[open.bucket] =
        Money::FromCents(receivables.bucket_totals[open.bucket].cents() + open.open.cents());
    receivables.total_open = Money::FromCents(receivables.total_open.cents() + open.open.cents());
    receivables.invoices.push_back(std::move(open));
  });
  std::sort(receivables.invoices.begin(), receivables.invoices.end(),
            [](const OpenInvoice& a, const OpenInvoice& b) { return a.invoice_number < b.invoice_number; });
  return receivables;
}

std::string Receivables::ToString() const {
  std::string text;
  for (const OpenInvoice& invoice : invoices) {
    text += invoice.invoice_number + " " + invoice.client_id + " open " + invoice.open.ToString() +
            " age " + std::to_string(invoice.age_days) + " " + kAgeingBuckets[invoice.bucket] +
            (invoice.overdue ? " overdue" : "") +
            (invoice.reminder_due ? " reminder-due" : "") + "\n";
  }
  for (size_t i = 0; i < kAgeingBuckets.size(); ++i) {
    text += std::string("bucket ") + kAgeingBuckets[i] + " " + bucket_totals[i].ToString() + "\n";
  }
  text += "total " + total_open.ToString() + "\n";
  return text;
}

}  // namespace coopledger::projections
