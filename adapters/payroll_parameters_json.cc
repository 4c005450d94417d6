#include "adapters/payroll_parameters_json.h"

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;
using projections::ContributionBase;
using projections::ContributionRule;
using projections::PayrollParameters;
using projections::ReductionKind;

constexpr size_t kParameterFileBytesMax = 1 << 20;

// Reads fields of one JSON object, each error naming the origin and the field's path.
class Reader {
 public:
  Reader(const std::string& origin, const json& object, std::string path)
      : origin_(origin), object_(object), path_(std::move(path)) {}

  Error Bad(const std::string& key, const std::string& reason) const {
    return Error(ErrorCode::kInvalidArgument, origin_ + ": " + Name(key) + ": " + reason);
  }
  std::string Name(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  bool Has(const char* key) const { return object_.contains(key); }

  Result<Reader> Object(const char* key) const {
    if (!object_.contains(key) || !object_[key].is_object()) return Bad(key, "expected an object");
    return Reader(origin_, object_[key], Name(key));
  }
  Result<std::string> String(const char* key) const {
    if (!object_.contains(key) || !object_[key].is_string() || object_[key].get<std::string>().empty()) {
      return Bad(key, "expected a non-empty string");
    }
    return object_[key].get<std::string>();
  }
  Result<int64_t> Integer(const char* key, int64_t low, int64_t high) const {
    if (!object_.contains(key) || !object_[key].is_number_integer()) return Bad(key, "expected an integer");
    const int64_t value = object_[key].get<int64_t>();
    if (value < low || value > high) {
      return Bad(key, "must be between " + std::to_string(low) + " and " + std::to_string(high));
    }
    return value;
  }
  Result<int64_t> Rate(const char* key) const {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string text, String(key));
    Result<int64_t> rate = ParseRatePpm(text);
    if (!rate) return Bad(key, rate.error().message());
    return rate;
  }
  Result<int64_t> OptionalRate(const char* key) const { return Has(key) ? Rate(key) : Result<int64_t>(0); }
  Result<Money> Amount(const char* key) const {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string text, String(key));
    Result<Money> amount = Money::Parse(text);
    if (!amount || amount->cents() < 0) return Bad(key, "expected a positive amount in euros like \"11.88\"");
    return amount;
  }
  Result<Date> Day(const char* key) const {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::string text, String(key));
    Result<Date> day = Date::Parse(text);
    if (!day) return Bad(key, day.error().message());
    return day;
  }
  Result<bool> Flag(const char* key) const {
    if (!object_.contains(key)) return false;
    if (!object_[key].is_boolean()) return Bad(key, "expected true or false");
    return object_[key].get<bool>();
  }
  // Every value cites its legal source.
  Result<std::string> Source() const { return String("source"); }
  const json& raw() const { return object_; }
  const std::string& origin() const { return origin_; }
  const std::string& path() const { return path_; }

 private:
  const std::string& origin_;
  const json& object_;
  std::string path_;
};

Result<ContributionRule> ReadContribution(const Reader& entry) {
  ContributionRule rule;
  COOPLEDGER_ASSIGN_OR_RETURN(rule.code, entry.String("code"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.label, entry.String("label"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.source, entry.Source());
  const std::string base = entry.Has("base") ? entry.raw()["base"].get<std::string>() : "gross";
  if (base == "gross") {
    rule.base = ContributionBase::kGross;
  } else if (base == "csg") {
    rule.base = ContributionBase::kCsg;
  } else if (base == "health_employer_share") {
    rule.base = ContributionBase::kHealthEmployerShare;
  } else {
    return entry.Bad("base", "expected gross, csg or health_employer_share, not \"" + base + "\"");
  }
  if (entry.Has("ceilings")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t ceilings, entry.Integer("ceilings", 1, 8));
    rule.ceilings = static_cast<int32_t>(ceilings);
  }
  if (entry.Has("floor_ceilings")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t floor, entry.Integer("floor_ceilings", 1, 7));
    rule.floor_ceilings = static_cast<int32_t>(floor);
    if (rule.ceilings <= rule.floor_ceilings) return entry.Bad("ceilings", "must be above floor_ceilings");
  }
  COOPLEDGER_ASSIGN_OR_RETURN(rule.only_above_ceiling, entry.Flag("only_above_ceiling"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.employee_rate_ppm, entry.OptionalRate("employee_rate"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.employer_rate_ppm, entry.OptionalRate("employer_rate"));
  if (entry.Has("threshold")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const Reader threshold, entry.Object("threshold"));
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t multiple, threshold.Rate("smic_multiple"));
    rule.threshold_smic_ppm = multiple;
    COOPLEDGER_ASSIGN_OR_RETURN(rule.threshold_smic_hourly, threshold.Amount("smic_hourly"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.employer_rate_above_ppm, threshold.Rate("employer_rate_above"));
  }
  if (entry.Has("large_headcount_from")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t from, entry.Integer("large_headcount_from", 1, 1'000'000));
    rule.large_headcount_from = static_cast<int32_t>(from);
    COOPLEDGER_ASSIGN_OR_RETURN(rule.employer_rate_large_ppm, entry.Rate("employer_rate_large"));
  }
  if (entry.Has("headcount_min")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t low, entry.Integer("headcount_min", 0, 1'000'000));
    rule.headcount_min = static_cast<int32_t>(low);
  }
  if (entry.Has("headcount_max")) {
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t high, entry.Integer("headcount_max", 0, 1'000'000));
    rule.headcount_max = static_cast<int32_t>(high);
  }
  COOPLEDGER_ASSIGN_OR_RETURN(rule.fixed_term_only, entry.Flag("fixed_term_only"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.exempt_school_holiday_job, entry.Flag("exempt_school_holiday_job"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.capped_when_small, entry.Flag("capped_when_small"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.is_atmp, entry.Flag("atmp"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.non_deductible, entry.Flag("non_deductible"));
  return rule;
}

Status ReadReduction(const Reader& file, PayrollParameters& parameters) {
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader reduction, file.Object("reduction"));
  projections::ReductionRule& rule = parameters.reduction;
  COOPLEDGER_ASSIGN_OR_RETURN(rule.source, reduction.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string kind, reduction.String("kind"));
  COOPLEDGER_ASSIGN_OR_RETURN(rule.max_smic_multiple_ppm, reduction.Rate("max_smic_multiple"));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t large, reduction.Integer("large_headcount_from", 1, 1'000'000));
  rule.large_headcount_from = static_cast<int32_t>(large);
  if (kind == "general") {
    rule.kind = ReductionKind::kGeneral;
    COOPLEDGER_ASSIGN_OR_RETURN(rule.t_small_ppm, reduction.Rate("t_small"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.t_large_ppm, reduction.Rate("t_large"));
  } else if (kind == "degressive_unified") {
    rule.kind = ReductionKind::kDegressiveUnified;
    COOPLEDGER_ASSIGN_OR_RETURN(rule.t_min_ppm, reduction.Rate("t_min"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.t_delta_small_ppm, reduction.Rate("t_delta_small"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.t_delta_large_ppm, reduction.Rate("t_delta_large"));
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t exponent_ppm, reduction.Rate("exponent"));
    rule.exponent = static_cast<double>(exponent_ppm) / projections::kRateOne;
  } else {
    return reduction.Bad("kind", "expected general or degressive_unified, not \"" + kind + "\"");
  }
  return OkStatus();
}

Status ReadIncomeTax(const Reader& file, PayrollParameters& parameters) {
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader tax, file.Object("income_tax"));
  COOPLEDGER_ASSIGN_OR_RETURN(std::string source, tax.Source());
  const json& grid = tax.raw().value("neutral_grid", json());
  if (!grid.is_array() || grid.empty()) return tax.Bad("neutral_grid", "expected a non-empty array");
  for (size_t i = 0; i < grid.size(); ++i) {
    const Reader bracket(file.origin(), grid[i], tax.Name("neutral_grid[" + std::to_string(i) + "]"));
    projections::IncomeTaxBracket entry;
    COOPLEDGER_ASSIGN_OR_RETURN(entry.rate_ppm, bracket.Rate("rate"));
    if (bracket.Has("below")) {
      COOPLEDGER_ASSIGN_OR_RETURN(const Money below, bracket.Amount("below"));
      if (!parameters.neutral_grid.empty() && !(*parameters.neutral_grid.back().up_to < below)) {
        return bracket.Bad("below", "brackets must increase");
      }
      entry.up_to = below;
    } else if (i + 1 != grid.size()) {
      return bracket.Bad("below", "only the last bracket is open");
    }
    parameters.neutral_grid.push_back(entry);
  }
  if (parameters.neutral_grid.back().up_to) return tax.Bad("neutral_grid", "the last bracket must be open");
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader short_contract, tax.Object("short_contract"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.short_contract_abatement_ppm,
                              short_contract.Rate("abatement_of_smic_net_taxable"));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t months, short_contract.Integer("months_max", 0, 12));
  parameters.short_contract_months_max = static_cast<int32_t>(months);
  COOPLEDGER_ASSIGN_OR_RETURN(source, short_contract.Source());
  return OkStatus();
}

Status ReadPeople(const Reader& file, PayrollParameters& parameters) {
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader minors, file.Object("minors"));
  COOPLEDGER_ASSIGN_OR_RETURN(std::string source, minors.Source());
  const json& abatements = minors.raw().value("abatements", json());
  if (!abatements.is_array()) return minors.Bad("abatements", "expected an array");
  for (size_t i = 0; i < abatements.size(); ++i) {
    const Reader entry(file.origin(), abatements[i], minors.Name("abatements[" + std::to_string(i) + "]"));
    projections::MinorAbatement abatement;
    COOPLEDGER_ASSIGN_OR_RETURN(const int64_t age, entry.Integer("age_below", 14, 18));
    abatement.age_below = static_cast<int32_t>(age);
    COOPLEDGER_ASSIGN_OR_RETURN(abatement.abatement_ppm, entry.Rate("rate"));
    if (!parameters.minors.empty() && parameters.minors.back().age_below >= abatement.age_below) {
      return entry.Bad("age_below", "ages must increase");
    }
    parameters.minors.push_back(abatement);
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t practice, minors.Integer("practice_months", 0, 24));
  parameters.minors_practice_months = static_cast<int32_t>(practice);
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader leave, file.Object("paid_leave"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.paid_leave_ppm, leave.Rate("rate"));
  COOPLEDGER_ASSIGN_OR_RETURN(source, leave.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader end, file.Object("end_of_contract"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.end_of_contract_ppm, end.Rate("rate"));
  COOPLEDGER_ASSIGN_OR_RETURN(source, end.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader cape, file.Object("cape"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.cape_atmp_hourly_base, cape.Amount("atmp_hourly_base"));
  COOPLEDGER_ASSIGN_OR_RETURN(source, cape.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader student, file.Object("student_exemption"));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t age_max, student.Integer("age_max", 16, 30));
  parameters.student_age_max = static_cast<int32_t>(age_max);
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t smic_months, student.Integer("smic_months", 0, 12));
  parameters.student_exempt_smic_months = static_cast<int32_t>(smic_months);
  COOPLEDGER_ASSIGN_OR_RETURN(source, student.Source());
  return OkStatus();
}

Status ReadBases(const Reader& file, PayrollParameters& parameters) {
  std::string source;
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader smic, file.Object("smic"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.smic_hourly, smic.Amount("hourly"));
  COOPLEDGER_ASSIGN_OR_RETURN(source, smic.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader full_time, file.Object("full_time_minutes"));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t minutes, full_time.Integer("value", 60, 20'000));
  parameters.full_time_minutes = static_cast<int32_t>(minutes);
  COOPLEDGER_ASSIGN_OR_RETURN(source, full_time.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader ceiling, file.Object("ceiling"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.ceiling_monthly, ceiling.Amount("monthly"));
  COOPLEDGER_ASSIGN_OR_RETURN(source, ceiling.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader csg, file.Object("csg_base"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.csg_base_ppm, csg.Rate("rate"));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t ceilings, csg.Integer("ceilings", 1, 8));
  parameters.csg_abatement_ceilings = static_cast<int32_t>(ceilings);
  COOPLEDGER_ASSIGN_OR_RETURN(source, csg.Source());
  COOPLEDGER_ASSIGN_OR_RETURN(const Reader atmp, file.Object("atmp_default"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.atmp_default_ppm, atmp.Rate("rate"));
  COOPLEDGER_ASSIGN_OR_RETURN(source, atmp.Source());
  return OkStatus();
}

}  // namespace

Result<int64_t> ParseRatePpm(const std::string& text) {
  const Error bad(ErrorCode::kInvalidArgument,
                  "\"" + text + "\" is not a rate: expected a decimal like \"0.0069\" with at most six decimals");
  const size_t dot = text.find('.');
  const std::string whole = text.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || whole.size() > 3 || fraction.size() > 6 || (dot != std::string::npos && fraction.empty())) {
    return bad;
  }
  auto digits = [](const std::string& part) {
    return std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(fraction)) return bad;
  int64_t ppm = std::stoll(whole) * projections::kRateOne;
  int64_t scale = projections::kRateOne / 10;
  for (char c : fraction) {
    ppm += (c - '0') * scale;
    scale /= 10;
  }
  return ppm;
}

Result<PayrollParameters> ParsePayrollParameters(const std::string& text, const std::string& origin) {
  const json file = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (file.is_discarded() || !file.is_object()) {
    return Error(ErrorCode::kInvalidArgument, origin + ": not a JSON object");
  }
  const Reader root(origin, file, "");
  PayrollParameters parameters;
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.version, root.String("version"));
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.effective_from, root.Day("effective_from"));
  if (parameters.effective_from.day() != 1) return root.Bad("effective_from", "must be the first day of a month");
  COOPLEDGER_ASSIGN_OR_RETURN(const Date until, root.Day("effective_until"));
  if (until.day() != 1 || !(parameters.effective_from < until)) {
    return root.Bad("effective_until", "must be the first day of a later month");
  }
  parameters.effective_until = until;
  COOPLEDGER_ASSIGN_OR_RETURN(parameters.source, root.String("description"));
  COOPLEDGER_RETURN_IF_ERROR(ReadBases(root, parameters));
  const json& contributions = file.value("contributions", json());
  if (!contributions.is_array() || contributions.empty()) {
    return root.Bad("contributions", "expected a non-empty array");
  }
  for (size_t i = 0; i < contributions.size(); ++i) {
    const Reader entry(origin, contributions[i], "contributions[" + std::to_string(i) + "]");
    COOPLEDGER_ASSIGN_OR_RETURN(ContributionRule rule, ReadContribution(entry));
    for (const ContributionRule& other : parameters.contributions) {
      if (other.code == rule.code) return entry.Bad("code", "\"" + rule.code + "\" appears twice");
    }
    parameters.contributions.push_back(std::move(rule));
  }
  COOPLEDGER_RETURN_IF_ERROR(ReadReduction(root, parameters));
  COOPLEDGER_RETURN_IF_ERROR(ReadPeople(root, parameters));
  COOPLEDGER_RETURN_IF_ERROR(ReadIncomeTax(root, parameters));
  return parameters;
}

Result<std::vector<PayrollParameterFile>> LoadPayrollParameterFiles(const std::string& rules_directory) {
  const std::filesystem::path directory = std::filesystem::path(rules_directory) / "payroll";
  std::error_code error;
  std::vector<std::string> paths;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.path().extension() == ".json") paths.push_back(entry.path().string());
  }
  if (error) return Error(ErrorCode::kNotFound, directory.string() + ": " + error.message());
  std::vector<PayrollParameterFile> files;
  for (const std::string& path : paths) {
    PayrollParameterFile file;
    file.path = path;
    COOPLEDGER_ASSIGN_OR_RETURN(file.text, ReadFileUpTo(path, kParameterFileBytesMax, ErrorCode::kNotFound));
    COOPLEDGER_ASSIGN_OR_RETURN(file.parameters, ParsePayrollParameters(file.text, path));
    files.push_back(std::move(file));
  }
  std::sort(files.begin(), files.end(), [](const PayrollParameterFile& a, const PayrollParameterFile& b) {
    return a.parameters.effective_from < b.parameters.effective_from;
  });
  for (size_t i = 1; i < files.size(); ++i) {
    if (files[i - 1].parameters.effective_until != files[i].parameters.effective_from) {
      return Error(ErrorCode::kInvalidArgument,
                   files[i].path + ": effective_from must be where " + files[i - 1].path + " ends (" +
                       files[i - 1].parameters.effective_until->ToString() + ")");
    }
  }
  if (files.empty()) return Error(ErrorCode::kNotFound, directory.string() + ": no parameter file");
  return files;
}

Result<const PayrollParameterFile*> ParameterFileFor(const std::vector<PayrollParameterFile>& files,
                                                     Date month) {
  for (const PayrollParameterFile& file : files) {
    if (!(month < file.parameters.effective_from) && month < *file.parameters.effective_until) return &file;
  }
  return Error(ErrorCode::kNotFound, "no payroll parameters for the month of " + month.ToString() +
                                         ": rules/payroll/ covers " +
                                         (files.empty() ? std::string("nothing")
                                                        : files.front().parameters.effective_from.ToString() + " to " +
                                                              files.back().parameters.effective_until->ToString()));
}

}  // namespace coopledger::adapters
