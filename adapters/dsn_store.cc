#include "adapters/dsn_store.h"

#include "engine/command_service.h"

namespace coopledger::adapters {
namespace {

Result<std::unique_ptr<projections::PayrollState>> ReplayPayroll(engine::EventStore& store,
                                                                 events::Seq last) {
  auto payroll = std::make_unique<projections::PayrollState>();
  COOPLEDGER_RETURN_IF_ERROR(engine::ReplayLog(
      store, last, [&payroll](const events::StoredEvent& event) { payroll->Apply(event); }));
  return payroll;
}

}  // namespace

Result<DsnRules> LoadDsnRules(const std::string& rules_directory) {
  DsnRules rules;
  COOPLEDGER_ASSIGN_OR_RETURN(rules.norms, LoadDsnNorms(rules_directory + "/dsn-norm"));
  COOPLEDGER_ASSIGN_OR_RETURN(rules.table, LoadDsnCtpTable(rules_directory));
  return rules;
}

Result<std::vector<DsnFiling>> ReadFilings(engine::EventStore& store, events::Seq last) {
  std::vector<DsnFiling> filings;
  COOPLEDGER_RETURN_IF_ERROR(
      engine::ReplayLog(store, last, [&filings](const events::StoredEvent& event) {
        if (const auto* filed = std::get_if<events::DeclarationFiled>(&event.body)) {
          filings.push_back({event.seq, *filed});
        }
      }));
  return filings;
}

Result<DsnMonth> BuildDsnFromStore(engine::EventStore& store, const DsnRules& rules,
                                   const DsnRequest& request) {
  const bool monthly = request.nature == "01";
  const events::Seq head = store.head().seq;
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<DsnFiling> filings, ReadFilings(store, head));
  // A filed declaration is rebuilt as known just before its filing, with the filing's date.
  events::Seq last = head;
  std::optional<Date> file_date = request.file_date;
  for (const DsnFiling& filing : filings) {
    const bool same = monthly ? filing.filed.kind == events::DeclarationKind::kDsnMonthly &&
                                    filing.filed.period_start == request.month
                              : filing.filed.kind == events::DeclarationKind::kDsnEndOfContract &&
                                    filing.filed.reference == request.member_id;
    if (same) {
      last = filing.seq - 1;
      file_date = filing.filed.filed_on;
      break;
    }
  }
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::PayrollState> now,
                              ReplayPayroll(store, last));
  Date month = request.month;
  if (!monthly) {
    const projections::PayrollMember* member = now->FindMember(request.member_id);
    if (member == nullptr)
      return Error(ErrorCode::kNotFound, "--member: no member " + request.member_id);
    const std::optional<Date> end = member->LastDay();
    if (!end)
      return Error(ErrorCode::kNotFound, "--member: " + request.member_id + " has no contract end");
    month = Date::FromYmd(end->year(), end->month(), 1).value();
    if (member->payslips.count(projections::PayMonthKey(month)) == 0) {
      return Error(ErrorCode::kNotFound, "--member: " + request.member_id + " has no payslip for " +
                                             projections::PayMonthKey(month) +
                                             ", the month the contract ends");
    }
  }
  const std::string version = DsnNormVersion(month);
  auto norm = rules.norms.find(version);
  if (norm == rules.norms.end()) {
    return Error(ErrorCode::kNotFound, "--month: no DSN norm " + version +
                                           " in rules/dsn-norm for " +
                                           projections::PayMonthKey(month));
  }
  if (!file_date) {
    COOPLEDGER_ASSIGN_OR_RETURN(std::vector<events::StoredEvent> tail,
                                store.ReadLog(last == 0 ? 1 : last, 1));
    file_date = tail.empty() ? month.FirstOfNextMonth() : tail.front().recorded_at.Day().value();
  }
  const DsnFiling* previous = nullptr;
  for (const DsnFiling& filing : filings) {
    if (monthly && filing.seq <= last &&
        filing.filed.kind == events::DeclarationKind::kDsnMonthly &&
        filing.filed.period_start < month) {
      previous = &filing;
    }
  }
  std::unique_ptr<projections::PayrollState> then;
  DsnMonthInput input;
  input.month = month;
  input.file_date = *file_date;
  input.real = request.real;
  input.nature = request.nature;
  input.member_id = request.member_id;
  input.figures_only = request.figures_only;
  input.payroll = now.get();
  if (previous != nullptr) {
    COOPLEDGER_ASSIGN_OR_RETURN(then, ReplayPayroll(store, previous->seq));
    input.payroll_at_previous_filing = then.get();
    for (const DsnFiling& filing : filings) {
      if (filing.seq <= previous->seq &&
          filing.filed.kind == events::DeclarationKind::kDsnMonthly) {
        input.filed_months.insert(projections::PayMonthKey(filing.filed.period_start));
      }
    }
  }
  input.unseal = [&store](const events::SealedData& sealed) -> std::optional<events::PersonalData> {
    Result<events::PersonalData> person = store.Unseal(sealed);
    if (!person) return std::nullopt;
    return *person;
  };
  return BuildMonthlyDsn(input, norm->second, rules.table);
}

}  // namespace coopledger::adapters
