#include "adapters/rules_loader.h"

#include "adapters/payroll_parameters_json.h"

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

Result<std::string> AccountField(const std::string& path, const std::string& field,
                                 const json& value) {
  if (!value.is_string() || value.get<std::string>().empty()) {
    return Bad(path, field, "expected an account number");
  }
  const std::string account = value.get<std::string>();
  if (account.size() < 3 || account.find_first_not_of("0123456789") < 3) {
    return Bad(path, field, "\"" + account + "\" does not start with three digits");
  }
  return account;
}

}  // namespace

Result<projections::Chart> LoadChart(const std::string& directory) {
  const std::string path = directory + "/chart-of-accounts.json";
  COOPLEDGER_ASSIGN_OR_RETURN(const json file, ReadJson(path));
  projections::Chart chart;
  chart.version = file.value("version", "");
  if (file.value("source", "").empty()) return Bad(path, "source", "the chart cites its source");
  chart.cae_analytic_code = file.value("cae_analytic_code", "");
  if (chart.cae_analytic_code.empty()) return Bad(path, "cae_analytic_code", "required");
  if (!file.contains("posting_accounts") || !file["posting_accounts"].is_object()) {
    return Bad(path, "posting_accounts", "expected an object");
  }
  const json& posting = file["posting_accounts"];
  projections::PostingAccounts& accounts = chart.posting;
  const std::pair<const char*, std::string*> kPostingFields[] = {
      {"client", &accounts.client}, {"supplier", &accounts.supplier},
      {"wages_due", &accounts.wages_due}, {"member_advances", &accounts.member_advances},
      {"social_security", &accounts.social_security},
      {"other_social_bodies", &accounts.other_social_bodies},
      {"income_tax_withheld", &accounts.income_tax_withheld},
      {"vat_deductible", &accounts.vat_deductible}, {"vat_collected", &accounts.vat_collected},
      {"vat_pending", &accounts.vat_pending}, {"bank", &accounts.bank}, {"cash", &accounts.cash},
      {"gross_wages", &accounts.gross_wages},
      {"employer_contributions", &accounts.employer_contributions},
      {"contribution", &accounts.contribution}, {"sales_services", &accounts.sales_services},
      {"sales_other", &accounts.sales_other}, {"grants", &accounts.grants},
      {"result_profit", &accounts.result_profit}, {"result_loss", &accounts.result_loss}};
  for (const auto& [key, target] : kPostingFields) {
    COOPLEDGER_ASSIGN_OR_RETURN(*target, AccountField(path, std::string("posting_accounts.") + key,
                                                      posting.value(key, json())));
  }
  for (const char* list : {"journals", "accounts"}) {
    if (!file.contains(list) || !file[list].is_array()) return Bad(path, list, "expected an array");
  }
  for (size_t i = 0; i < file["journals"].size(); ++i) {
    const json& journal = file["journals"][i];
    const std::string code = journal.value("code", "");
    if (code.empty()) return Bad(path, "journals[" + std::to_string(i) + "].code", "required");
    chart.journal_labels[code] = journal.value("label", code);
  }
  for (size_t i = 0; i < file["accounts"].size(); ++i) {
    const json& account = file["accounts"][i];
    const std::string field = "accounts[" + std::to_string(i) + "]";
    const std::string number = account.value("number", "");
    const std::string label = account.value("label", "");
    if (number.empty() || number.find_first_not_of("0123456789") != std::string::npos) {
      return Bad(path, field + ".number", "expected digits");
    }
    if (label.empty()) return Bad(path, field + ".label", "required");
    chart.account_labels[number] = label;
  }
  return chart;
}

std::string DefaultRulesDirectory() {
  const char* configured = std::getenv("COOPLEDGER_RULES");
  return configured != nullptr ? configured : COOPLEDGER_RULES_DIR;
}

Result<engine::Rules> LoadRules(const std::string& directory) {
  engine::Rules rules;
  COOPLEDGER_RETURN_IF_ERROR(LoadVatRates(directory + "/vat-rates.json", rules));
  COOPLEDGER_RETURN_IF_ERROR(LoadLatePayment(directory + "/late-payment-rates.json", rules));
  COOPLEDGER_ASSIGN_OR_RETURN(std::vector<PayrollParameterFile> payroll, LoadPayrollParameterFiles(directory));
  for (PayrollParameterFile& file : payroll) {
    rules.payroll_tables.push_back({std::move(file.text), std::move(file.parameters)});
  }
  rules.parse_payroll_table = ParsePayrollParameters;
  return rules;
}

}  // namespace coopledger::adapters
