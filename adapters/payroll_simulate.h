// `coopledger payroll simulate`: one payslip (or an array of them) computed from a JSON situation,
// touching no store. The input and output fields are fixed (scripts depend on them): see
// PayslipSituationFromJson and PayslipToJson.
#ifndef COOPLEDGER_ADAPTERS_PAYROLL_SIMULATE_H_
#define COOPLEDGER_ADAPTERS_PAYROLL_SIMULATE_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/payroll_parameters_json.h"
#include "projections/payslip_calculation.h"

namespace coopledger::adapters {

struct SimulatedMonth {
  Date month;  // First day.
  projections::PayslipSituation situation;
};

// Reads one situation. Required: month ("YYYY-MM"), contract ("CDD" or "CDI"), age,
// base_gross_cents, and one of hours (decimal) or time_fraction. Optional: school_holiday_job,
// student, contract_months, paid_leave_indemnity_cents, end_of_contract_indemnity_cents,
// headcount, atmp_rate_bp, health_insurance_monthly_cents, health_insurance_employer_share_bp,
// income_tax ("neutral" or {"rate_bp": N}). kInvalidArgument names the field (prefixed with
// `where`, e.g. "[3].") for an unknown field, a missing one or a value out of range.
Result<SimulatedMonth> SimulatedMonthFromJson(const nlohmann::json& input, const std::string& where);

// "2025-07" -> 2025-07-01; kInvalidArgument otherwise.
Result<Date> ParsePayMonth(const std::string& text);

// A payslip's lines as simulate and `payroll show` print them.
nlohmann::json PayslipLinesJson(const std::vector<events::PayslipLine>& lines);

// The payslip as simulate prints it: totals in cents and the lines with decimal-string rates.
nlohmann::json PayslipToJson(const projections::PayslipComputation& payslip);

// "0.069" for 69'000 ppm, "0" for zero.
std::string RateText(int64_t rate_ppm);

// Computes every situation of `input` (an object or an array) with the parameter files in force
// for its month. The output has the input's shape.
Result<nlohmann::json> Simulate(const nlohmann::json& input, const std::vector<PayrollParameterFile>& files);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYROLL_SIMULATE_H_
