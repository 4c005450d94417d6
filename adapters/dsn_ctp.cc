#include "adapters/dsn_ctp.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace coopledger::adapters {
namespace {

using nlohmann::json;

Error Bad(const std::string& path, const std::string& field, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, path + ": " + field + ": " + reason);
}

Result<std::string> Text(const std::string& path, const std::string& field, const json& object,
                         const char* key) {
  if (!object.contains(key) || !object[key].is_string() || object[key].get<std::string>().empty()) {
    return Bad(path, field + "." + key, "expected a non-empty string");
  }
  return object[key].get<std::string>();
}

}  // namespace

const DsnLineMapping* DsnCtpTable::FindLine(const std::string& code) const {
  auto found = lines.find(code);
  return found == lines.end() ? nullptr : &found->second;
}

const DsnCtpRule* DsnCtpTable::FindCtp(const std::string& code) const {
  for (const DsnCtpRule& rule : ctps) {
    if (rule.code == code) return &rule;
  }
  return nullptr;
}

std::map<std::string, std::string> DsnCtpTable::CtpByS81() const {
  std::map<std::string, std::string> result;
  for (const auto& [code, line] : lines) {
    if (!line.ctp.empty()) result[line.s81] = line.ctp;
  }
  return result;
}

namespace {

Result<json> ReadObject(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorCode::kNotFound, path + ": cannot be read");
  json file = json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (file.is_discarded() || !file.is_object()) {
    return Error(ErrorCode::kInvalidArgument, path + ": not valid JSON");
  }
  return file;
}

Status LoadContracts(const std::string& path, DsnCtpTable& table) {
  COOPLEDGER_ASSIGN_OR_RETURN(const json file, ReadObject(path));
  if (!file.contains("regimes") || !file["regimes"].is_object()) {
    return Bad(path, "regimes", "expected an object by regime");
  }
  for (const auto& [regime, entry] : file["regimes"].items()) {
    const std::string field = "regimes." + regime;
    DsnContractRule rule;
    COOPLEDGER_ASSIGN_OR_RETURN(rule.nature, Text(path, field, entry, "nature"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.end_reason, Text(path, field, entry, "end_reason"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.unit, Text(path, field, entry, "unit"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.conventional_status,
                                Text(path, field, entry, "conventional_status"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.pension_status, Text(path, field, entry, "pension_status"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.pcs, Text(path, field, entry, "pcs"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.job, Text(path, field, entry, "job"));
    rule.recourse_motif = entry.value("recourse_motif", "");
    rule.pension = entry.value("pension", false);
    if (rule.nature == "02" && rule.recourse_motif.empty()) {
      return Bad(path, field + ".recourse_motif", "a fixed-term contract names its recourse motif");
    }
    table.contracts[regime] = std::move(rule);
  }
  const json motifs =
      file.value("activity_recourse_motifs", json::object()).value("motifs", json::object());
  for (const auto& [activity, motif] : motifs.items()) {
    if (!motif.is_string())
      return Bad(path, "activity_recourse_motifs." + activity, "expected a code");
    table.activity_recourse_motifs[activity] = motif.get<std::string>();
  }
  const json contact = file.value("contact", json::object());
  table.contact = {contact.value("name", ""), contact.value("email", ""),
                   contact.value("phone", "")};
  if (table.contact.name.empty())
    return Bad(path, "contact.name", "the declaration names a contact");
  return OkStatus();
}

}  // namespace

Result<DsnCtpTable> LoadDsnCtpTable(const std::string& rules_directory) {
  const std::string path = rules_directory + "/dsn/ctp.json";
  COOPLEDGER_ASSIGN_OR_RETURN(const json file, ReadObject(path));
  DsnCtpTable table;
  COOPLEDGER_RETURN_IF_ERROR(LoadContracts(rules_directory + "/dsn/contracts.json", table));
  if (!file.contains("ctp_source"))
    return Bad(path, "ctp_source", "the CTP table cites its source");
  const json organisations = file.value("organisations", json::object());
  table.pas_id = organisations.value("dgfip_pas", json::object()).value("id", "");
  table.retirement_code =
      organisations.value("agirc_arrco", json::object()).value("retirement_code", "");
  if (table.pas_id.empty() || table.retirement_code.empty()) {
    return Bad(path, "organisations", "needs dgfip_pas.id and agirc_arrco.retirement_code");
  }
  if (!file.contains("ctp") || !file["ctp"].is_array())
    return Bad(path, "ctp", "expected an array");
  for (size_t i = 0; i < file["ctp"].size(); ++i) {
    const json& entry = file["ctp"][i];
    const std::string field = "ctp[" + std::to_string(i) + "]";
    DsnCtpRule rule;
    COOPLEDGER_ASSIGN_OR_RETURN(rule.code, Text(path, field, entry, "code"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.qualifier, Text(path, field, entry, "qualifier"));
    COOPLEDGER_ASSIGN_OR_RETURN(rule.label, Text(path, field, entry, "label"));
    rule.deduction = entry.value("deduction", false);
    if (!entry.contains("source") && !entry.contains("verify")) {
      return Bad(path, field, "cites a source or says what is to verify");
    }
    table.ctps.push_back(std::move(rule));
  }
  if (!file.contains("lines") || !file["lines"].is_array()) {
    return Bad(path, "lines", "expected an array");
  }
  std::map<std::string, std::string> ctp_of_s81;
  for (size_t i = 0; i < file["lines"].size(); ++i) {
    const json& entry = file["lines"][i];
    const std::string field = "lines[" + std::to_string(i) + "]";
    DsnLineMapping line;
    COOPLEDGER_ASSIGN_OR_RETURN(line.code, Text(path, field, entry, "code"));
    COOPLEDGER_ASSIGN_OR_RETURN(line.s81, Text(path, field, entry, "s81"));
    COOPLEDGER_ASSIGN_OR_RETURN(line.base, Text(path, field, entry, "base"));
    line.organisation = entry.value("organisation", "urssaf");
    if (line.organisation == "urssaf") {
      COOPLEDGER_ASSIGN_OR_RETURN(line.ctp, Text(path, field, entry, "ctp"));
      COOPLEDGER_ASSIGN_OR_RETURN(line.qualifier, Text(path, field, entry, "qualifier"));
      if (table.FindCtp(line.ctp) == nullptr) {
        return Bad(path, field + ".ctp", "CTP " + line.ctp + " is not in the ctp list");
      }
      auto [known, inserted] = ctp_of_s81.emplace(line.s81, line.ctp);
      if (!inserted && known->second != line.ctp) {
        return Bad(path, field + ".s81",
                   "S81 code " + line.s81 + " already belongs to CTP " + known->second);
      }
    } else if (line.organisation == "health_insurer") {
      table.provident_bases.insert(line.base);
    } else if (line.organisation != "agirc_arrco") {
      return Bad(path, field + ".organisation",
                 "\"" + line.organisation + "\" is not urssaf, agirc_arrco or health_insurer");
    }
    table.lines[line.code] = std::move(line);
  }
  return table;
}

}  // namespace coopledger::adapters
