#include "adapters/payroll_simulate.h"

#include <cmath>
#include <set>

namespace coopledger::adapters {
namespace {

using nlohmann::json;

constexpr int64_t kBasisPointsOne = 10'000;

Error Bad(const std::string& where, const std::string& field, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, where + field + ": " + reason);
}

Result<int64_t> IntegerIn(const json& input, const std::string& where, const char* field, int64_t low,
                          int64_t high) {
  const json& value = input[field];
  if (!value.is_number_integer()) return Bad(where, field, "expected an integer");
  const int64_t number = value.get<int64_t>();
  if (number < low || number > high) {
    return Bad(where, field, std::to_string(number) + " is out of range [" + std::to_string(low) + ", " +
                                 std::to_string(high) + "]");
  }
  return number;
}

Result<bool> Boolean(const json& input, const std::string& where, const char* field) {
  if (!input[field].is_boolean()) return Bad(where, field, "expected true or false");
  return input[field].get<bool>();
}

Result<Date> Month(const json& input, const std::string& where) {
  const json& value = input["month"];
  if (!value.is_string()) return Bad(where, "month", "expected \"YYYY-MM\"");
  Result<Date> month = ParsePayMonth(value.get<std::string>());
  if (!month) return Bad(where, "month", month.error().message());
  return month;
}

// Paid time in seconds. Decimal hours are taken as given (37.33 h is 37 h 19 min 48 s), except the
// printed full time, 151.67 h, which is 151 2/3 h.
Result<int64_t> PaidSeconds(const json& input, const std::string& where, int32_t full_time_minutes) {
  const bool has_hours = input.contains("hours");
  const bool has_fraction = input.contains("time_fraction");
  if (has_hours == has_fraction) {
    return Bad(where, "hours", has_hours ? "give hours or time_fraction, not both"
                                         : "required (or time_fraction)");
  }
  if (has_hours) {
    const json& value = input["hours"];
    if (!value.is_number()) return Bad(where, "hours", "expected a decimal number of hours");
    const double hours = value.get<double>();
    if (!(hours > 0 && hours <= 400)) return Bad(where, "hours", "must be more than 0 and at most 400");
    const int64_t hundredths = static_cast<int64_t>(std::llround(hours * 100));
    if (hundredths * 60 == int64_t{full_time_minutes} * 100 + 20) return int64_t{full_time_minutes} * 60;
    return hundredths * 36;
  }
  const json& value = input["time_fraction"];
  if (!value.is_number()) return Bad(where, "time_fraction", "expected a number in (0, 1]");
  const double fraction = value.get<double>();
  if (!(fraction > 0 && fraction <= 1)) return Bad(where, "time_fraction", "must be more than 0 and at most 1");
  return static_cast<int64_t>(std::llround(fraction * full_time_minutes * 60));
}

Status IncomeTax(const json& input, const std::string& where, projections::PayslipSituation& situation) {
  if (!input.contains("income_tax")) return OkStatus();
  const json& value = input["income_tax"];
  if (value.is_string() && value.get<std::string>() == "neutral") return OkStatus();
  if (value.is_object() && value.size() == 1 && value.contains("rate_bp")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t rate, IntegerIn(value, where + "income_tax.", "rate_bp", 0, 6'000));
    situation.income_tax_rate_ppm = rate * (projections::kRateOne / kBasisPointsOne);
    return OkStatus();
  }
  return Bad(where, "income_tax", "expected \"neutral\" or {\"rate_bp\": N}");
}

}  // namespace

Result<Date> ParsePayMonth(const std::string& text) {
  Result<Date> day = text.size() == 7 ? Date::Parse(text + "-01") : Result<Date>(Error(ErrorCode::kInvalidDate, ""));
  if (!day) return Error(ErrorCode::kInvalidArgument, "\"" + text + "\" is not a month \"YYYY-MM\"");
  return day;
}

Result<SimulatedMonth> SimulatedMonthFromJson(const json& input, const std::string& where) {
  if (!input.is_object()) return Error(ErrorCode::kInvalidArgument, where + ": expected a JSON object");
  static const std::set<std::string> kKnown = {
      "month", "contract", "age", "base_gross_cents", "hours", "time_fraction", "school_holiday_job",
      "student", "contract_months", "paid_leave_indemnity_cents", "end_of_contract_indemnity_cents",
      "headcount", "atmp_rate_bp", "health_insurance_monthly_cents",
      "health_insurance_employer_share_bp", "income_tax"};
  for (const auto& [key, value] : input.items()) {
    if (!kKnown.count(key)) return Bad(where, key, "unknown field");
  }
  for (const char* field : {"month", "contract", "age", "base_gross_cents"}) {
    if (!input.contains(field)) return Bad(where, field, "required");
  }
  SimulatedMonth result;
  COOPLEDGER_ASSIGN_OR_RETURN(result.month, Month(input, where));
  projections::PayslipSituation& situation = result.situation;
  const json& contract = input["contract"];
  if (!contract.is_string() || (contract != "CDD" && contract != "CDI")) {
    return Bad(where, "contract", "expected \"CDD\" or \"CDI\"");
  }
  situation.fixed_term = contract == "CDD";
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t age, IntegerIn(input, where, "age", 14, 99));
  situation.age = static_cast<int32_t>(age);
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t base, IntegerIn(input, where, "base_gross_cents", 0, 100'000'000));
  situation.base_gross = Money::FromCents(base);
  // time_fraction is of the legal full time, 151 2/3 hours (C. trav. L3121-27).
  constexpr int32_t kFullTimeMinutes = 9'100;
  COOPLEDGER_ASSIGN_OR_RETURN(situation.paid_seconds, PaidSeconds(input, where, kFullTimeMinutes));
  if (input.contains("school_holiday_job")) {
    COOPLEDGER_ASSIGN_OR_RETURN(situation.school_holiday_job, Boolean(input, where, "school_holiday_job"));
  }
  situation.student = situation.school_holiday_job;
  if (input.contains("student")) {
    COOPLEDGER_ASSIGN_OR_RETURN(situation.student, Boolean(input, where, "student"));
  }
  situation.contract_months = situation.fixed_term ? 2 : 0;
  if (input.contains("contract_months")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t months, IntegerIn(input, where, "contract_months", 1, 36));
    situation.contract_months = static_cast<int32_t>(months);
  }
  auto amount = [&](const char* field, Money& out) -> Status {
    if (!input.contains(field)) return OkStatus();
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t cents, IntegerIn(input, where, field, 0, 100'000'000));
    out = Money::FromCents(cents);
    return OkStatus();
  };
  COOPLEDGER_RETURN_IF_ERROR(amount("paid_leave_indemnity_cents", situation.paid_leave_indemnity));
  COOPLEDGER_RETURN_IF_ERROR(amount("end_of_contract_indemnity_cents", situation.end_of_contract_indemnity));
  COOPLEDGER_RETURN_IF_ERROR(amount("health_insurance_monthly_cents", situation.health_insurance_monthly));
  situation.headcount = 10;
  if (input.contains("headcount")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t headcount, IntegerIn(input, where, "headcount", 1, 1'000'000));
    situation.headcount = static_cast<int32_t>(headcount);
  }
  if (input.contains("atmp_rate_bp")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t rate, IntegerIn(input, where, "atmp_rate_bp", 0, 2'000));
    situation.atmp_rate_ppm = rate * (projections::kRateOne / kBasisPointsOne);
  }
  if (input.contains("health_insurance_employer_share_bp")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t share,
                                IntegerIn(input, where, "health_insurance_employer_share_bp", 0, kBasisPointsOne));
    situation.health_insurance_employer_share_ppm = share * (projections::kRateOne / kBasisPointsOne);
  }
  COOPLEDGER_RETURN_IF_ERROR(IncomeTax(input, where, situation));
  return result;
}

std::string RateText(int64_t rate_ppm) {
  if (rate_ppm == 0) return "0";
  const bool negative = rate_ppm < 0;
  const int64_t magnitude = negative ? -rate_ppm : rate_ppm;
  std::string fraction = std::to_string(magnitude % projections::kRateOne);
  fraction.insert(0, 6 - fraction.size(), '0');
  while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
  std::string text = (negative ? "-" : "") + std::to_string(magnitude / projections::kRateOne);
  if (!fraction.empty()) text += "." + fraction;
  return text;
}

json PayslipLinesJson(const std::vector<events::PayslipLine>& lines) {
  json out = json::array();
  for (const events::PayslipLine& line : lines) {
    out.push_back({{"code", line.code},
                   {"label", line.label},
                   {"base_cents", line.base.cents()},
                   {"employee_rate", RateText(line.employee_rate_ppm)},
                   {"employer_rate", RateText(line.employer_rate_ppm)},
                   {"employee_cents", line.employee_amount.cents()},
                   {"employer_cents", line.employer_amount.cents()}});
  }
  return out;
}

json PayslipToJson(const projections::PayslipComputation& payslip) {
  return {{"gross_cents", payslip.gross.cents()},
          {"employee_contributions_cents", payslip.employee_contributions.cents()},
          {"employer_contributions_cents", payslip.employer_contributions.cents()},
          {"reduction_cents", payslip.reduction.cents()},
          {"net_before_tax_cents", payslip.net_before_tax.cents()},
          {"net_taxable_cents", payslip.net_taxable.cents()},
          {"net_social_cents", payslip.net_social.cents()},
          {"income_tax_cents", payslip.income_tax.cents()},
          {"net_paid_cents", payslip.net_paid.cents()},
          {"employer_cost_cents", payslip.employer_cost.cents()},
          {"student_exempt_cents", payslip.student_exempt.cents()},
          {"income_tax_base_cents", payslip.income_tax_base.cents()},
          {"income_tax_rate", RateText(payslip.income_tax_rate_ppm)},
          {"smic_reference_cents", payslip.smic_reference.cents()},
          {"lines", PayslipLinesJson(payslip.lines)}};
}

Result<json> Simulate(const json& input, const std::vector<PayrollParameterFile>& files) {
  const bool many = input.is_array();
  json output = json::array();
  const size_t count = many ? input.size() : 1;
  for (size_t i = 0; i < count; ++i) {
    const json& one = many ? input[i] : input;
    const std::string where = many ? "[" + std::to_string(i) + "]." : "";
    COOPLEDGER_ASSIGN_OR_RETURN(const SimulatedMonth month, SimulatedMonthFromJson(one, where));
    Result<const PayrollParameterFile*> file = ParameterFileFor(files, month.month);
    if (!file) return Bad(where, "month", file.error().message());
    Result<projections::PayslipComputation> payslip =
        projections::ComputePayslip((*file)->parameters, month.situation, events::PayslipYearToDate());
    if (!payslip) return payslip.error().WithContext(where);
    json printed = PayslipToJson(*payslip);
    printed["parameters_version"] = (*file)->parameters.version;
    output.push_back(std::move(printed));
  }
  return many ? output : output[0];
}

}  // namespace coopledger::adapters
