#include "adapters/figures_json.h"

#include "adapters/payroll_simulate.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {

using nlohmann::json;

json OpenInvoiceJson(const projections::OpenInvoice& invoice) {
  return {{"invoice_number", invoice.invoice_number},
          {"client_id", invoice.client_id},
          {"activity_id", invoice.activity_id},
          {"issued_on", invoice.issued_on.ToString()},
          {"due_on", invoice.due_on.ToString()},
          {"total_incl_vat_cents", invoice.total_incl_vat.cents()},
          {"open_cents", invoice.open.cents()},
          {"age_days", invoice.age_days},
          {"ageing", projections::kAgeingBuckets[invoice.bucket]},
          {"overdue", invoice.overdue},
          {"reminder_level", invoice.reminder_level},
          {"reminder_due", invoice.reminder_due}};
}

json PayslipSummaryJson(const events::PayslipIssued& payslip) {
  return {{"payslip_id", payslip.payslip_id.value},
          {"member_id", payslip.member_id.value},
          {"activity_id", payslip.activity_id.value},
          {"month", projections::PayMonthKey(payslip.period_start)},
          {"regime", std::string(events::EnumNames<events::Regime>::kNames[static_cast<size_t>(payslip.regime)])},
          {"paid_minutes", payslip.paid_minutes},
          {"gross_cents", payslip.gross.cents()},
          {"paid_leave_indemnity_cents", payslip.paid_leave_indemnity.cents()},
          {"regularisation_cents", payslip.regularisation.cents()},
          {"employee_contributions_cents", payslip.employee_contributions.cents()},
          {"employer_contributions_cents", payslip.employer_contributions.cents()},
          {"reduction_cents", payslip.reduction.cents()},
          {"net_before_tax_cents", payslip.net_before_tax.cents()},
          {"net_taxable_cents", payslip.net_taxable.cents()},
          {"student_exempt_cents", payslip.student_exempt.cents()},
          {"net_social_cents", payslip.net_social.cents()},
          {"income_tax_cents", payslip.income_tax.cents()},
          {"net_paid_cents", payslip.net_paid.cents()},
          {"employer_cost_cents", payslip.employer_cost.cents()},
          {"parameters_version", payslip.parameters_version},
          {"corrects", payslip.corrects},
          {"lines", PayslipLinesJson(payslip.lines)}};
}

}  // namespace coopledger::adapters
