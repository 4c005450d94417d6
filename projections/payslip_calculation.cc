#include "projections/payslip_calculation.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace coopledger::projections {
namespace {

constexpr char kReductionCode[] = "reduction_generale";
constexpr char kHealthCode[] = "complementaire_sante";

Result<Money> Apply(Money base, int64_t rate_ppm) {
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t cents, MulDivRoundHalfUp(base.cents(), rate_ppm, kRateOne));
  return Money::FromCents(cents);
}

Money Min(Money a, Money b) { return a < b ? a : b; }
Money Plus(Money a, Money b) { return Money::FromCents(a.cents() + b.cents()); }
Money Minus(Money a, Money b) { return Money::FromCents(a.cents() - b.cents()); }

Status CheckSituation(const PayslipSituation& situation) {
  auto negative = [](const char* field) {
    return Error(ErrorCode::kInvalidArgument, std::string(field) + ": must not be negative");
  };
  if (situation.base_gross.cents() < 0) return negative("base_gross");
  if (situation.paid_seconds < 0) return negative("paid_seconds");
  if (situation.paid_leave_indemnity.cents() < 0) return negative("paid_leave_indemnity");
  if (situation.end_of_contract_indemnity.cents() < 0) return negative("end_of_contract_indemnity");
  if (situation.health_insurance_monthly.cents() < 0) return negative("health_insurance_monthly");
  if (situation.headcount < 1) {
    return Error(ErrorCode::kInvalidArgument, "headcount: must be at least 1");
  }
  auto rate = [](std::optional<int64_t> value, const char* field) -> Status {
    if (value && (*value < 0 || *value > kRateOne)) {
      return Error(ErrorCode::kInvalidArgument, std::string(field) + ": must be between 0 and 1");
    }
    return OkStatus();
  };
  COOPLEDGER_RETURN_IF_ERROR(rate(situation.atmp_rate_ppm, "atmp_rate"));
  COOPLEDGER_RETURN_IF_ERROR(rate(situation.health_insurance_employer_share_ppm, "health_insurance_employer_share"));
  COOPLEDGER_RETURN_IF_ERROR(rate(situation.income_tax_rate_ppm, "income_tax rate"));
  const int64_t total = situation.base_gross.cents() + situation.paid_leave_indemnity.cents() +
                        situation.end_of_contract_indemnity.cents();
  if (total > kAmountCentsMax / 100) {
    return Error(ErrorCode::kAmountOverflow, "gross: more than ten million euros in a month");
  }
  return OkStatus();
}

// The ceiling of the month, prorated for part time.
Money Ceiling(const PayrollParameters& parameters, int64_t paid_seconds) {
  const int64_t full_time_seconds = int64_t{parameters.full_time_minutes} * 60;
  if (paid_seconds >= full_time_seconds) return parameters.ceiling_monthly;
  const Result<int64_t> cents =
      MulDivRoundHalfUp(parameters.ceiling_monthly.cents(), paid_seconds, full_time_seconds);
  return Money::FromCents(cents ? *cents : 0);
}

// gross >= multiple x SMIC x seconds / 3600, exactly.
bool AtLeastSmicMultiple(Money gross, int64_t multiple_ppm, Money smic_hourly, int64_t seconds) {
  const __int128 left = static_cast<__int128>(gross.cents()) * 3600 * kRateOne;
  const __int128 right = static_cast<__int128>(multiple_ppm) * smic_hourly.cents() * seconds;
  return left >= right;
}

struct Bases {
  Money gross;
  Money ceiling;  // Prorated.
  Money csg;
  Money health_employer;

  Money Capped(int32_t ceilings) const {
    if (ceilings <= 0) return gross;
    return Min(gross, Money::FromCents(ceiling.cents() * ceilings));
  }
  // The part of the pay between `floor` and `ceilings` ceilings.
  Money Tranche(int32_t floor, int32_t ceilings) const {
    const Money low = Capped(floor);
    return Minus(Capped(ceilings), floor > 0 ? low : Money::Zero());
  }
};

bool Applies(const ContributionRule& rule, const PayslipSituation& situation) {
  if (situation.headcount < rule.headcount_min || situation.headcount > rule.headcount_max) return false;
  if (rule.fixed_term_only && !situation.fixed_term) return false;
  if (rule.exempt_school_holiday_job && situation.school_holiday_job) return false;
  return true;
}

bool AboveCeiling(const ContributionRule& rule, const Bases& bases) {
  return !rule.only_above_ceiling || bases.ceiling < bases.gross;
}

Result<events::PayslipLine> ContributionLine(const PayrollParameters& parameters,
                                             const ContributionRule& rule,
                                             const PayslipSituation& situation, const Bases& bases) {
  events::PayslipLine line;
  line.code = rule.code;
  line.label = rule.label;
  const bool large = rule.large_headcount_from > 0 && situation.headcount >= rule.large_headcount_from;
  switch (rule.base) {
    case ContributionBase::kGross: line.base = bases.Tranche(rule.floor_ceilings, rule.ceilings); break;
    case ContributionBase::kCsg: line.base = bases.csg; break;
    case ContributionBase::kHealthEmployerShare: line.base = bases.health_employer; break;
  }
  if (rule.capped_when_small && !large) line.base = bases.Capped(1);
  line.employee_rate_ppm = rule.employee_rate_ppm;
  line.employer_rate_ppm = large ? rule.employer_rate_large_ppm : rule.employer_rate_ppm;
  if (rule.is_atmp) line.employer_rate_ppm = situation.atmp_rate_ppm.value_or(parameters.atmp_default_ppm);
  if (rule.threshold_smic_ppm) {
    const Money smic = rule.threshold_smic_hourly.cents() > 0 ? rule.threshold_smic_hourly : parameters.smic_hourly;
    if (AtLeastSmicMultiple(bases.gross, *rule.threshold_smic_ppm, smic, situation.paid_seconds)) {
      line.employer_rate_ppm = rule.employer_rate_above_ppm;
    }
  }
  COOPLEDGER_ASSIGN_OR_RETURN(line.employee_amount, Apply(line.base, line.employee_rate_ppm));
  COOPLEDGER_ASSIGN_OR_RETURN(line.employer_amount, Apply(line.base, line.employer_rate_ppm));
  return line;
}

// The coefficient in ten-thousandths, rounded half-up as CSS D241-7 says, for the cumulated
// SMIC reference (`smic_3600`, in 1/3600 of a cent: SMIC x seconds is exact) and reduction base
// of the year.
int64_t ReductionCoefficient(const ReductionRule& rule, int32_t headcount, __int128 smic_3600, Money base) {
  if (base.cents() <= 0 || smic_3600 <= 0) return 0;
  const __int128 b = static_cast<__int128>(base.cents()) * 3600;
  // Zero from the multiple of the SMIC on: base >= multiple x SMIC.
  if (b * kRateOne >= static_cast<__int128>(rule.max_smic_multiple_ppm) * smic_3600) return 0;
  const bool large = headcount >= rule.large_headcount_from;
  if (rule.kind == ReductionKind::kGeneral) {
    // T / 0.6 x (1.6 x S / B - 1) = T x (16 S - 10 B) / (6 B), in ten-thousandths.
    const int64_t t_ppm = large ? rule.t_large_ppm : rule.t_small_ppm;
    const __int128 numerator = static_cast<__int128>(t_ppm) * (16 * smic_3600 - 10 * b);
    const __int128 denominator = 600 * b;
    int64_t coefficient = static_cast<int64_t>((numerator + denominator / 2) / denominator);
    if (numerator < 0) coefficient = 0;
    const int64_t cap = (t_ppm + 50) / 100;
    return coefficient > cap ? cap : coefficient;
  }
  if (rule.kind == ReductionKind::kDegressiveUnified) {
    const int64_t delta_ppm = large ? rule.t_delta_large_ppm : rule.t_delta_small_ppm;
    const long double ratio = 0.5L * (3.0L * static_cast<long double>(smic_3600) / static_cast<long double>(b) - 1.0L);
    long double value = static_cast<long double>(rule.t_min_ppm) / kRateOne +
                        static_cast<long double>(delta_ppm) / kRateOne *
                            std::pow(ratio > 0 ? ratio : 0.0L, static_cast<long double>(rule.exponent));
    const long double cap = static_cast<long double>(rule.t_min_ppm + delta_ppm) / kRateOne;
    if (value > cap) value = cap;
    return static_cast<int64_t>(std::floor(value * 10'000.0L + 0.5L));
  }
  return 0;
}

// The health insurance line: the premium shared between employee and employer.
Result<events::PayslipLine> HealthLine(const PayslipSituation& situation) {
  events::PayslipLine line;
  line.code = kHealthCode;
  line.label = "Compl\u00e9mentaire sant\u00e9";
  line.base = situation.health_insurance_monthly;
  line.employer_rate_ppm = situation.health_insurance_employer_share_ppm;
  line.employee_rate_ppm = kRateOne - situation.health_insurance_employer_share_ppm;
  COOPLEDGER_ASSIGN_OR_RETURN(line.employer_amount, Apply(line.base, line.employer_rate_ppm));
  line.employee_amount = Minus(line.base, line.employer_amount);
  return line;
}

Result<Money> IncomeTax(const PayrollParameters& parameters, const PayslipSituation& situation,
                        PayslipComputation& payslip) {
  payslip.income_tax_base = payslip.net_taxable;
  if (situation.income_tax_rate_ppm) {
    payslip.income_tax_rate_ppm = *situation.income_tax_rate_ppm;
  } else {
    if (situation.fixed_term && situation.contract_months <= parameters.short_contract_months_max) {
      // Half the monthly net taxable SMIC: the net taxable of a full-time SMIC month in the same
      // employment, without indemnities, health insurance or exemption.
      PayslipSituation smic = situation;
      smic.base_gross = parameters.SmicFor(parameters.full_time_minutes);
      smic.paid_seconds = int64_t{parameters.full_time_minutes} * 60;
      smic.paid_leave_indemnity = smic.end_of_contract_indemnity = Money::Zero();
      smic.health_insurance_monthly = Money::Zero();
      smic.student = false;
      smic.income_tax_rate_ppm = 0;
      COOPLEDGER_ASSIGN_OR_RETURN(const PayslipComputation smic_payslip,
                                  ComputePayslip(parameters, smic, events::PayslipYearToDate()));
      COOPLEDGER_ASSIGN_OR_RETURN(const Money abatement, Apply(smic_payslip.net_taxable,
                                                                parameters.short_contract_abatement_ppm));
      payslip.income_tax_base = Minus(payslip.income_tax_base, Min(abatement, payslip.income_tax_base));
    }
    for (const IncomeTaxBracket& bracket : parameters.neutral_grid) {
      payslip.income_tax_rate_ppm = bracket.rate_ppm;
      if (!bracket.up_to || payslip.income_tax_base < *bracket.up_to) break;
    }
  }
  if (payslip.income_tax_base.cents() < 0) payslip.income_tax_base = Money::Zero();
  return Apply(payslip.income_tax_base, payslip.income_tax_rate_ppm);
}

}  // namespace

Result<PayslipComputation> ComputePayslip(const PayrollParameters& parameters,
                                          const PayslipSituation& situation,
                                          const events::PayslipYearToDate& before) {
  COOPLEDGER_RETURN_IF_ERROR(CheckSituation(situation));
  PayslipComputation payslip;
  payslip.gross = Plus(Plus(situation.base_gross, situation.paid_leave_indemnity),
                       situation.end_of_contract_indemnity);
  const Money ceiling = Ceiling(parameters, situation.paid_seconds);
  events::PayslipLine health;
  if (situation.health_insurance_monthly.cents() > 0) {
    COOPLEDGER_ASSIGN_OR_RETURN(health, HealthLine(situation));
  }
  Bases bases;
  bases.gross = payslip.gross;
  bases.ceiling = ceiling;
  bases.health_employer = health.employer_amount;
  const Money abated = Min(payslip.gross, Money::FromCents(ceiling.cents() * parameters.csg_abatement_ceilings));
  COOPLEDGER_ASSIGN_OR_RETURN(const Money abated_base, Apply(abated, parameters.csg_base_ppm));
  bases.csg = Plus(Plus(abated_base, Minus(payslip.gross, abated)), health.employer_amount);

  Money employee = Money::Zero();
  Money employer = Money::Zero();
  Money added_back = Money::Zero();
  auto add = [&](events::PayslipLine line, bool non_deductible) {
    if (line.employee_amount.cents() == 0 && line.employer_amount.cents() == 0) return;
    employee = Plus(employee, line.employee_amount);
    employer = Plus(employer, line.employer_amount);
    if (non_deductible) added_back = Plus(added_back, line.employee_amount);
    payslip.lines.push_back(std::move(line));
  };
  for (const ContributionRule& rule : parameters.contributions) {
    if (!Applies(rule, situation) || !AboveCeiling(rule, bases)) continue;
    COOPLEDGER_ASSIGN_OR_RETURN(events::PayslipLine line, ContributionLine(parameters, rule, situation, bases));
    add(std::move(line), rule.non_deductible);
    if (rule.code == "maladie" && health.base.cents() > 0) add(health, false);
  }
  if (health.base.cents() > 0 &&
      std::none_of(payslip.lines.begin(), payslip.lines.end(),
                   [](const events::PayslipLine& line) { return line.code == kHealthCode; })) {
    add(health, false);
  }

  // The reduction, on the year's cumulatives: what is due to date less what was already taken.
  const __int128 smic_3600 = static_cast<__int128>(parameters.smic_hourly.cents()) * situation.paid_seconds;
  payslip.smic_reference = Money::FromCents(static_cast<int64_t>((smic_3600 + 1'800) / 3'600));
  const Money smic_to_date = Plus(before.smic_reference, payslip.smic_reference);
  const Money base_to_date = Plus(before.gross, payslip.gross);
  const int64_t coefficient = ReductionCoefficient(
      parameters.reduction, situation.headcount,
      static_cast<__int128>(before.smic_reference.cents()) * 3'600 + smic_3600, base_to_date);
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t due_to_date, MulDivRoundHalfUp(base_to_date.cents(), coefficient, 10'000));
  payslip.reduction = Money::FromCents(due_to_date - before.reduction.cents());
  payslip.reduction_coefficient_ppm = coefficient * 100;
  if (payslip.reduction.cents() != 0) {
    events::PayslipLine line;
    line.code = kReductionCode;
    line.label = parameters.reduction.kind == ReductionKind::kDegressiveUnified
                     ? "R\u00e9duction g\u00e9n\u00e9rale d\u00e9gressive unique"
                     : "R\u00e9duction g\u00e9n\u00e9rale des cotisations patronales";
    line.base = payslip.gross;
    line.employer_rate_ppm = payslip.reduction_coefficient_ppm;
    line.employer_amount = Money::FromCents(-payslip.reduction.cents());
    add(std::move(line), false);
  }

  payslip.employee_contributions = employee;
  payslip.employer_contributions = employer;
  payslip.net_before_tax = Minus(payslip.gross, employee);
  payslip.net_social = Plus(payslip.net_before_tax, health.employer_amount);
  Money taxable = Plus(Plus(payslip.net_before_tax, added_back), health.employer_amount);
  if (situation.student && situation.age <= parameters.student_age_max) {
    const Money yearly_cap = Money::FromCents(parameters.SmicFor(parameters.full_time_minutes).cents() *
                                              parameters.student_exempt_smic_months);
    const Money left = Minus(yearly_cap, Min(yearly_cap, before.student_exempt));
    payslip.student_exempt = taxable.cents() > 0 ? Min(taxable, left) : Money::Zero();
    taxable = Minus(taxable, payslip.student_exempt);
  }
  payslip.net_taxable = taxable;
  COOPLEDGER_ASSIGN_OR_RETURN(payslip.income_tax, IncomeTax(parameters, situation, payslip));
  payslip.net_paid = Minus(payslip.net_before_tax, payslip.income_tax);
  payslip.employer_cost = Plus(payslip.gross, employer);

  events::PayslipYearToDate& total = payslip.year_to_date;
  total.gross = base_to_date;
  total.smic_reference = smic_to_date;
  total.reduction = Money::FromCents(due_to_date);
  total.student_exempt = Plus(before.student_exempt, payslip.student_exempt);
  total.net_taxable = Plus(before.net_taxable, payslip.net_taxable);
  total.income_tax = Plus(before.income_tax, payslip.income_tax);
  total.net_paid = Plus(before.net_paid, payslip.net_paid);
  total.employer_cost = Plus(before.employer_cost, payslip.employer_cost);
  return payslip;
}

Result<Money> LargestWithin(Money envelope, const std::function<Result<Money>(Money)>& cost) {
  int64_t low = 0;
  int64_t high = envelope.cents() > 0 ? envelope.cents() : 0;
  while (low < high) {
    const int64_t middle = low + (high - low + 1) / 2;
    COOPLEDGER_ASSIGN_OR_RETURN(const Money middle_cost, cost(Money::FromCents(middle)));
    if (middle_cost <= envelope) {
      low = middle;
    } else {
      high = middle - 1;
    }
  }
  return Money::FromCents(low);
}

Result<Money> SolveBaseGross(const PayrollParameters& parameters, const PayslipSituation& situation,
                             const events::PayslipYearToDate& before, Money envelope) {
  PayslipSituation base = situation;
  base.paid_leave_indemnity = Money::Zero();
  base.end_of_contract_indemnity = Money::Zero();
  return LargestWithin(envelope, [&](Money gross) -> Result<Money> {
    base.base_gross = gross;
    COOPLEDGER_ASSIGN_OR_RETURN(const PayslipComputation payslip, ComputePayslip(parameters, base, before));
    return payslip.employer_cost;
  });
}

}  // namespace coopledger::projections
