#include "adapters/rules_loader.h"

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

namespace coopledger::adapters {
namespace {

using nlohmann::json;

Result<json> ReadJson(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorCode::kNotFound, path + ": cannot be read");
  json parsed = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return Error(ErrorCode::kInvalidArgument, path + ": not valid JSON");
  return parsed;
}

Error Bad(const std::string& path, const std::string& field, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, path + ": " + field + ": " + reason);
}

Result<Date> DateField(const std::string& path, const std::string& field, const json& value) {
  if (!value.is_string()) return Bad(path, field, "expected a YYYY-MM-DD date");
  Result<Date> date = Date::Parse(value.get<std::string>());
  if (!date) return Bad(path, field, date.error().message());
  return date;
}

Result<int64_t> IntegerField(const std::string& path, const std::string& field, const json& object,
                             const char* key) {
  if (!object.contains(key) || !object[key].is_number_integer()) {
    return Bad(path, field + "." + key, "expected an integer");
  }
  return object[key].get<int64_t>();
}

Status LoadVatRates(const std::string& path, engine::Rules& rules) {
  COOPLEDGER_ASSIGN_OR_RETURN(const json file, ReadJson(path));
  if (!file.contains("rates") || !file["rates"].is_array()) return Bad(path, "rates", "expected an array");
  for (size_t i = 0; i < file["rates"].size(); ++i) {
    const json& entry = file["rates"][i];
    const std::string field = "rates[" + std::to_string(i) + "]";
    engine::VatRate rate;
    COOPLEDGER_ASSIGN_OR_RETURN(rate.rate_ppm, IntegerField(path, field, entry, "rate_ppm"));
    COOPLEDGER_ASSIGN_OR_RETURN(rate.from, DateField(path, field + ".from", entry.value("from", json())));
    if (entry.contains("until")) {
      COOPLEDGER_ASSIGN_OR_RETURN(const Date until, DateField(path, field + ".until", entry["until"]));
      rate.until = until;
    }
    rate.label = entry.value("label", "");
    rate.source = entry.value("source", "");
    if (rate.source.empty()) return Bad(path, field + ".source", "every rate cites its source");
    rules.vat_rates.push_back(std::move(rate));
  }
  return OkStatus();
}

Status LoadLatePayment(const std::string& path, engine::Rules& rules) {
  COOPLEDGER_ASSIGN_OR_RETURN(const json file, ReadJson(path));
  COOPLEDGER_ASSIGN_OR_RETURN(const int64_t indemnity,
                              IntegerField(path, "file", file, "recovery_indemnity_cents"));
  rules.recovery_indemnity = Money::FromCents(indemnity);
  COOPLEDGER_ASSIGN_OR_RETURN(rules.late_margin_ppm, IntegerField(path, "file", file, "margin_ppm"));
  if (!file.contains("half_years") || !file["half_years"].is_array()) {
    return Bad(path, "half_years", "expected an array");
  }
  for (size_t i = 0; i < file["half_years"].size(); ++i) {
    const json& entry = file["half_years"][i];
    const std::string field = "half_years[" + std::to_string(i) + "]";
    engine::HalfYearRate rate;
    COOPLEDGER_ASSIGN_OR_RETURN(rate.from, DateField(path, field + ".from", entry.value("from", json())));
    COOPLEDGER_ASSIGN_OR_RETURN(rate.ecb_rate_ppm, IntegerField(path, field, entry, "ecb_rate_ppm"));
    rate.source = entry.value("source", "");
    if (rate.source.empty()) return Bad(path, field + ".source", "every rate cites its source");
    if (!rules.ecb_rates.empty() && !(rules.ecb_rates.back().from < rate.from)) {
      return Bad(path, field + ".from", "half-years must be in increasing order");
    }
    rules.ecb_rates.push_back(std::move(rate));
  }
  return OkStatus();
}

}  // namespace

std::string DefaultRulesDirectory() {
  const char* configured = std::getenv("COOPLEDGER_RULES");
  return configured != nullptr ? configured : COOPLEDGER_RULES_DIR;
}

Result<engine::Rules> LoadRules(const std::string& directory) {
  engine::Rules rules;
  COOPLEDGER_RETURN_IF_ERROR(LoadVatRates(directory + "/vat-rates.json", rules));
  COOPLEDGER_RETURN_IF_ERROR(LoadLatePayment(directory + "/late-payment-rates.json", rules));
  return rules;
}

}  // namespace coopledger::adapters
