#include "adapters/declarations.h"

#include "engine/hash_chain.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {
namespace {

void SetHash(events::DeclarationFiled& filed, const events::Hash& hash) {
  filed.file_sha256.assign(hash.begin(), hash.end());
}

}  // namespace

Result<DsnMonth> CheckedDsn(engine::EventStore& store, const DsnRules& rules,
                            const DsnRequest& request) {
  COOPLEDGER_ASSIGN_OR_RETURN(DsnMonth dsn, BuildDsnFromStore(store, rules, request));
  const DsnReport report = CheckDsn(dsn.bytes, rules.norms, rules.table);
  if (!report.Passed()) {
    return Error(ErrorCode::kCorruption,
                 "the DSN of " + projections::PayMonthKey(request.month) +
                     " fails its own check: " + FormatDsnFinding(report.findings.front()) + " (" +
                     std::to_string(report.findings.size()) + " findings)");
  }
  return dsn;
}

Result<DeclarationToFile> MonthlyDsnFiling(engine::EventStore& store, const DsnRules& rules,
                                           Date month, Date today) {
  COOPLEDGER_ASSIGN_OR_RETURN(
      DsnMonth dsn, CheckedDsn(store, rules, DsnRequest::Monthly(month, /*real=*/true, today)));
  const std::string key = projections::PayMonthKey(month);
  DeclarationToFile declaration;
  declaration.filed.kind = events::DeclarationKind::kDsnMonthly;
  declaration.filed.period_start = month;
  declaration.filed.filed_on = today;
  const events::Hash hash = engine::Sha256(dsn.bytes);
  SetHash(declaration.filed, hash);
  declaration.filed.reference = "DSN-" + key;
  declaration.command_id.value = "declare-dsn-" + key + "-" + engine::ToHex(hash);
  declaration.bytes = std::move(dsn.bytes);
  return declaration;
}

Result<DeclarationToFile> EndOfContractFiling(engine::EventStore& store, const DsnRules& rules,
                                              const std::string& member_id, Date today) {
  const DsnRequest request = DsnRequest::EndOfContract(member_id, /*real=*/true, today);
  COOPLEDGER_ASSIGN_OR_RETURN(DsnMonth dsn, CheckedDsn(store, rules, request));
  // The end date and month, read back from the signal itself.
  const size_t at = dsn.bytes.find("S21.G00.62.001,'");
  if (at == std::string::npos || dsn.bytes.size() < at + 24) {
    return Error(ErrorCode::kNotFound, "member: " + member_id + "'s contract does not end");
  }
  const std::string end_text = dsn.bytes.substr(at + 16, 8);  // DDMMYYYY.
  COOPLEDGER_ASSIGN_OR_RETURN(const Date end, Date::FromYmd(std::stoi(end_text.substr(4, 4)),
                                                            std::stoi(end_text.substr(2, 2)),
                                                            std::stoi(end_text.substr(0, 2))));
  DeclarationToFile declaration;
  declaration.filed.kind = events::DeclarationKind::kDsnEndOfContract;
  declaration.filed.period_start = Date::FromYmd(end.year(), end.month(), 1).value();
  declaration.filed.filed_on = today;
  const events::Hash hash = engine::Sha256(dsn.bytes);
  SetHash(declaration.filed, hash);
  declaration.filed.reference = member_id;
  declaration.command_id.value = "declare-fctu-" + member_id + "-" + engine::ToHex(hash);
  declaration.bytes = std::move(dsn.bytes);
  declaration.contract_end = end;
  return declaration;
}

DeclarationToFile VatReturnFiling(std::string text, Date month, Date today) {
  const std::string key = projections::PayMonthKey(month);
  DeclarationToFile declaration;
  declaration.filed.kind = events::DeclarationKind::kVatReturn;
  declaration.filed.period_start = month;
  declaration.filed.filed_on = today;
  const events::Hash hash = engine::Sha256(text);
  SetHash(declaration.filed, hash);
  declaration.filed.reference = "CA3-" + key;
  declaration.command_id.value = "declare-vat-" + key + "-" + engine::ToHex(hash);
  declaration.bytes = std::move(text);
  return declaration;
}

int32_t WorkingDaysAfter(Date end, Date day) {
  int32_t days = 0;
  for (Date d = end.AddDays(1); d <= day; d = d.AddDays(1)) {
    if (d.weekday() < 5) ++days;  // Monday (0) to Friday (4).
  }
  return days;
}

nlohmann::json UrssafSummaryJson(const DsnMonth& dsn, const DsnCtpTable& table,
                                 const std::string& month) {
  nlohmann::json lines = nlohmann::json::array();
  for (const DsnUrssafLine& line : dsn.urssaf) {
    const DsnCtpRule* rule = table.FindCtp(line.ctp);
    lines.push_back({{"ctp", line.ctp},
                     {"qualifier", line.qualifier},
                     {"label", rule != nullptr ? rule->label : ""},
                     {"base_cents", line.base_cents},
                     {"rate_ppm", line.rate_ppm},
                     {"amount_cents", line.deduction ? -line.amount_cents : line.amount_cents},
                     {"deduction", line.deduction}});
  }
  return {{"month", month}, {"lines", lines}, {"total_cents", dsn.urssaf_total_cents}};
}

}  // namespace coopledger::adapters
