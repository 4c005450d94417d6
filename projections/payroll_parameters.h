// The payroll rules of one period of validity: SMIC, social-security ceiling, every contribution
// line, the general reduction, the minors' abatement, the CDD indemnities and the income-tax
// withholding grid. Plain values: adapters/payroll_parameters_json.h reads them from the
// versioned files of rules/payroll/ (each value there carries its legal source), and the log
// keeps the adopted text (ParametersAdopted), so that a payslip is computed with the rules of
// its month, years later.
#ifndef COOPLEDGER_PROJECTIONS_PAYROLL_PARAMETERS_H_
#define COOPLEDGER_PROJECTIONS_PAYROLL_PARAMETERS_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "events/date.h"
#include "events/money.h"

namespace coopledger::projections {

// Rates are exact decimals in millionths (6.90 % = 69'000, 0.016 % = 160).
constexpr int64_t kRateOne = 1'000'000;

// What a contribution line is computed on.
enum class ContributionBase {
  kGross,              // The gross pay, up to `ceilings` times the ceiling when set.
  kCsg,                // The CSG/CRDS base (DOMAIN 10.1).
  kHealthEmployerShare // The employer's share of the health insurance (forfait social).
};

struct ContributionRule {
  std::string code;   // Stable snake_case, e.g. "vieillesse_plafonnee".
  std::string label;  // As printed on the payslip.
  ContributionBase base = ContributionBase::kGross;
  // Capped at this many (prorated) social-security ceilings: 1 for "plafonnée" and tranche 1,
  // 4 for unemployment insurance; 0 for no cap.
  int32_t ceilings = 0;
  // The base starts above this many ceilings (tranche 2: 1).
  int32_t floor_ceilings = 0;
  bool only_above_ceiling = false;  // Due only when the pay exceeds one ceiling (CET).
  int64_t employee_rate_ppm = 0;
  int64_t employer_rate_ppm = 0;
  // From this multiple of the reference SMIC (in millionths) on, the employer rate becomes
  // `employer_rate_above_ppm` (maladie, allocations familiales before 2026).
  std::optional<int64_t> threshold_smic_ppm;
  Money threshold_smic_hourly;  // The SMIC the threshold counts in; zero: the month's SMIC.
  int64_t employer_rate_above_ppm = 0;
  // The employer rate for headcounts from `large_headcount_from` on, when it differs.
  int32_t large_headcount_from = 0;  // Zero: one rate for every headcount.
  int64_t employer_rate_large_ppm = 0;
  // The line applies only to headcounts in [headcount_min, headcount_max].
  int32_t headcount_min = 0;
  int32_t headcount_max = std::numeric_limits<int32_t>::max();
  bool fixed_term_only = false;          // CPF-CDD.
  bool exempt_school_holiday_job = false;
  bool capped_when_small = false;        // FNAL: capped at one ceiling below `large_headcount_from`.
  bool is_atmp = false;                  // The employer's notified rate replaces the default.
  bool non_deductible = false;           // Added back to the net taxable (CSG non déductible, CRDS).
  std::string source;
};

enum class ReductionKind { kNone, kGeneral, kDegressiveUnified };

// Réduction générale (2024-2025) or RGDU (2026): DOMAIN 10.2.
struct ReductionRule {
  ReductionKind kind = ReductionKind::kNone;
  int64_t max_smic_multiple_ppm = 0;  // 1.6 SMIC (general) or 3 SMIC (RGDU): zero from there.
  int64_t t_small_ppm = 0;            // General: T below 50 employees.
  int64_t t_large_ppm = 0;            // General: T from 50 employees.
  int64_t t_min_ppm = 0;              // RGDU: the floor.
  int64_t t_delta_small_ppm = 0;      // RGDU: below 50 employees.
  int64_t t_delta_large_ppm = 0;
  double exponent = 1.0;              // RGDU: 1.75.
  int32_t large_headcount_from = 50;
  std::string source;
};

struct MinorAbatement {
  int32_t age_below = 0;  // Applies to workers younger than this.
  int64_t abatement_ppm = 0;
};

struct IncomeTaxBracket {
  std::optional<Money> up_to;  // Excluded upper bound of the monthly base; none for the last.
  int64_t rate_ppm = 0;
};

struct PayrollParameters {
  std::string version;  // "2025-05".
  Date effective_from;
  std::optional<Date> effective_until;  // Excluded.
  Money smic_hourly;
  int32_t full_time_minutes = 9'100;  // 35 x 52 / 12 hours.
  Money ceiling_monthly;              // PSS.
  int64_t csg_base_ppm = 0;           // 98.25 % of gross up to `csg_abatement_ceilings` PSS.
  int32_t csg_abatement_ceilings = 4;
  int64_t atmp_default_ppm = 0;       // National average rate of the period.
  std::vector<ContributionRule> contributions;  // In payslip order.
  ReductionRule reduction;
  std::vector<MinorAbatement> minors;  // Ascending age_below.
  int32_t minors_practice_months = 6;  // No abatement after this practice in the branch.
  int64_t paid_leave_ppm = 0;          // 10 %.
  int64_t end_of_contract_ppm = 0;     // 10 %.
  std::vector<IncomeTaxBracket> neutral_grid;
  int64_t short_contract_abatement_ppm = 0;  // Of the monthly net taxable SMIC.
  int32_t short_contract_months_max = 2;
  Money cape_atmp_hourly_base;               // Unpaid CAPE: AT/MP flat base per hour.
  int32_t student_age_max = 25;              // CGI art. 81 bis.
  int32_t student_exempt_smic_months = 3;    // Per calendar year.
  std::string source;

  // The abatement of the minimum wage for a worker of `age` (Code du travail D3231-3).
  int64_t MinorAbatementPpm(int32_t age) const;
  // The least gross pay for `minutes` of work at `age`: the (abated) SMIC times the hours,
  // rounded up to the cent, since a minimum is never rounded down.
  Money MinimumGross(int32_t age, int64_t minutes) const;
  // SMIC x minutes / 60, rounded half-up to the cent.
  Money SmicFor(int64_t minutes) const;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_PAYROLL_PARAMETERS_H_
