// Receivables: open invoices, their ageing and the reminders due, as of a business date. Computed
// from the validation state (work_state.h), which already folds invoices, credit notes, payments
// and reminders.
#ifndef COOPLEDGER_PROJECTIONS_RECEIVABLES_H_
#define COOPLEDGER_PROJECTIONS_RECEIVABLES_H_

#include <array>
#include <string>
#include <vector>

#include "projections/work_state.h"

namespace coopledger::projections {

// Days since the invoice date: 0-30, 31-60, 61-90, over 90.
inline constexpr std::array<const char*, 4> kAgeingBuckets = {"0-30", "31-60", "61-90", "90+"};
// A new reminder is due when the invoice is overdue and the last reminder is this old.
inline constexpr int32_t kReminderIntervalDays = 15;

struct OpenInvoice {
  std::string invoice_number;
  std::string client_id;
  std::string activity_id;
  Date issued_on;
  Date due_on;
  Money total_incl_vat;
  Money open;
  int32_t age_days = 0;
  size_t bucket = 0;  // Index in kAgeingBuckets.
  bool overdue = false;
  int32_t reminder_level = 0;
  bool reminder_due = false;
};

struct Receivables {
  std::vector<OpenInvoice> invoices;     // Open on `as_of`, by invoice number.
  std::array<Money, 4> bucket_totals{};  // Open amounts per ageing bucket.
  Money total_open;
  std::string ToString() const;
};

// The invoices issued on or before `as_of` with an open amount. Payments, credit notes and
// reminders count as they stand in `state` (known now), whatever their dates.
Receivables ComputeReceivables(const WorkState& state, Date as_of);

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_RECEIVABLES_H_
