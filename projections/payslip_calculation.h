// One payslip from gross to net (DOMAIN section 10, DESIGN section 8): every contribution line
// rounded half-up to the cent, the general reduction computed on the year-to-date cumulatives as
// the law asks (CSS D241-7), the CSG/CRDS base, net before tax, net taxable (with the students'
// exemption of CGI art. 81 bis), the withholding (neutral grid or a notified rate), net paid,
// "montant net social" and employer cost. Pure: the same inputs give the same payslip.
#ifndef COOPLEDGER_PROJECTIONS_PAYSLIP_CALCULATION_H_
#define COOPLEDGER_PROJECTIONS_PAYSLIP_CALCULATION_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "events/values.h"
#include "projections/payroll_parameters.h"

namespace coopledger::projections {

// The month's facts about one employee.
struct PayslipSituation {
  bool fixed_term = false;  // CDD.
  int32_t age = 0;
  Money base_gross;  // The month's pay before the indemnities.
  // Paid time in seconds (payroll counts minutes; a simulation's decimal hours may not be whole
  // minutes): the SMIC reference of the reduction and the prorated ceiling. For pay without
  // working time (CESA), the hour equivalent (CSS D241-27).
  int64_t paid_seconds = 0;
  bool school_holiday_job = false;
  bool student = false;  // Income-tax exemption of CGI art. 81 bis, up to age 25.
  int32_t contract_months = 0;  // Of a CDD: the short-contract abatement of the withholding.
  Money paid_leave_indemnity;   // Paid this month.
  Money end_of_contract_indemnity;
  int32_t headcount = 0;
  std::optional<int64_t> atmp_rate_ppm;  // None: the national average of the period.
  Money health_insurance_monthly;        // The whole premium, both shares.
  int64_t health_insurance_employer_share_ppm = 500'000;
  std::optional<int64_t> income_tax_rate_ppm;  // None: the neutral grid.
};

struct PayslipComputation {
  Money gross;
  std::vector<events::PayslipLine> lines;  // The reduction's employer amount is negative.
  Money employee_contributions;
  Money employer_contributions;  // After the reduction.
  Money reduction;               // Positive.
  int64_t reduction_coefficient_ppm = 0;
  Money smic_reference;
  Money net_before_tax;
  Money net_taxable;
  Money student_exempt;  // The part of the pay exempt from income tax (DSN S21.G00.50.011).
  Money net_social;
  Money income_tax_base;
  int64_t income_tax_rate_ppm = 0;
  Money income_tax;
  Money net_paid;
  Money employer_cost;
  events::PayslipYearToDate year_to_date;  // Including this payslip.
};

// Computes the payslip. Errors: kInvalidArgument naming the field for negative amounts or
// minutes, a headcount below 1, rates outside [0, 1]; kAmountOverflow for absurd amounts.
Result<PayslipComputation> ComputePayslip(const PayrollParameters& parameters,
                                          const PayslipSituation& situation,
                                          const events::PayslipYearToDate& before);

// The largest amount in cents whose `cost` is at most `envelope`, by bisection (the cost grows
// with the amount and is at least the amount, so the answer lies in [0, envelope]). Zero when
// the envelope is not positive.
Result<Money> LargestWithin(Money envelope, const std::function<Result<Money>(Money)>& cost);

// The largest base gross whose employer cost (everything else as in `situation`, without the
// indemnities) fits `envelope`.
Result<Money> SolveBaseGross(const PayrollParameters& parameters, const PayslipSituation& situation,
                             const events::PayslipYearToDate& before, Money envelope);

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_PAYSLIP_CALCULATION_H_
