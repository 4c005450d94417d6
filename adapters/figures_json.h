// The JSON of figures that both the command line (`--format json`) and the server show, so that
// a script reads the same fields from either.
#ifndef COOPLEDGER_ADAPTERS_FIGURES_JSON_H_
#define COOPLEDGER_ADAPTERS_FIGURES_JSON_H_

#include <nlohmann/json.hpp>

#include "events/event.h"
#include "projections/receivables.h"

namespace coopledger::adapters {

// An open invoice of the receivables: amounts in cents, its ageing bucket, its reminders.
nlohmann::json OpenInvoiceJson(const projections::OpenInvoice& invoice);

// An issued payslip: its figures in cents, its contribution lines and what it corrects.
nlohmann::json PayslipSummaryJson(const events::PayslipIssued& payslip);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_FIGURES_JSON_H_
