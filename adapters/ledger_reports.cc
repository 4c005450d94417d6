#include "adapters/ledger_reports.h"

#include "adapters/books.h"
#include "adapters/ledger_export.h"
#include "projections/reports.h"

namespace coopledger::adapters {

using nlohmann::json;

namespace {

Error Invalid(const char* dash, const std::string& option, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, std::string(dash) + option + ": " + reason);
}

json JournalEntryJson(const projections::LedgerEntry& entry) {
  json lines = json::array();
  for (const projections::LedgerLine& line : entry.lines) {
    lines.push_back({{"account", line.account},
                     {"auxiliary", line.auxiliary},
                     {"analytic", line.analytic},
                     {"debit_cents", line.debit.cents()},
                     {"credit_cents", line.credit.cents()}});
  }
  return {{"number", entry.number},
          {"date", entry.date.ToString()},
          {"piece_reference", entry.piece_reference},
          {"label", entry.label},
          {"lines", std::move(lines)}};
}

json AccountAmountsJson(const std::vector<projections::ActivityAccountAmount>& amounts) {
  json out = json::array();
  for (const projections::ActivityAccountAmount& amount : amounts) {
    out.push_back({{"account", amount.account},
                   {"label", amount.label},
                   {"amount_cents", amount.amount.cents()}});
  }
  return out;
}

}  // namespace

Result<LedgerReport> GeneralLedgerReport(const ReplayInto& replay, int32_t year,
                                         const std::string& account_prefix, const char* dash) {
  COOPLEDGER_RETURN_IF_ERROR(CheckYear(year));
  for (const char c : account_prefix) {
    if (c < '0' || c > '9') {
      return Invalid(dash, "account", "\"" + account_prefix +
                                          "\" is not an account number prefix (digits)");
    }
  }
  projections::GeneralLedger report(year, account_prefix);
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::Ledger> ledger, replay(&report));
  std::vector<Row> rows;
  std::vector<Row> table;
  json out = json::array();
  int64_t debit = 0;
  int64_t credit = 0;
  for (const projections::GeneralLedgerAccount& account : report.Accounts(ledger->chart())) {
    json lines = json::array();
    for (const projections::GeneralLedgerLine& line : account.lines) {
      Row row = {account.account,
                 line.date.ToString(),
                 line.journal,
                 std::to_string(line.entry_number),
                 line.piece_reference,
                 line.label,
                 line.auxiliary,
                 line.analytic,
                 DotAmount(line.debit.cents()),
                 DotAmount(line.credit.cents()),
                 DotAmount(line.balance.cents())};
      rows.push_back(row);
      table.push_back(std::move(row));
      lines.push_back({{"date", line.date.ToString()},
                       {"journal", line.journal},
                       {"entry_number", line.entry_number},
                       {"opening", line.opening},
                       {"piece_reference", line.piece_reference},
                       {"label", line.label},
                       {"auxiliary", line.auxiliary},
                       {"analytic", line.analytic},
                       {"debit_cents", line.debit.cents()},
                       {"credit_cents", line.credit.cents()},
                       {"balance_cents", line.balance.cents()}});
    }
    table.push_back({account.account, "", "", "", "", "Total " + account.label, "", "",
                     DotAmount(account.total_debit.cents()),
                     DotAmount(account.total_credit.cents()), DotAmount(account.balance.cents())});
    out.push_back({{"account", account.account},
                   {"label", account.label},
                   {"total_debit_cents", account.total_debit.cents()},
                   {"total_credit_cents", account.total_credit.cents()},
                   {"balance_cents", account.balance.cents()},
                   {"lines", std::move(lines)}});
    debit += account.total_debit.cents();
    credit += account.total_credit.cents();
  }
  table.push_back({"", "", "", "", "", "Total", "", "", DotAmount(debit), DotAmount(credit),
                   DotAmount(debit - credit)});
  return LedgerReport{{"account", "date", "journal", "entry", "piece", "label", "auxiliary",
                       "analytic", "debit", "credit", "balance"},
                      std::move(rows), std::move(table), std::move(out)};
}

Result<LedgerReport> JournalReport(const ReplayInto& replay, const projections::Chart& chart,
                                   int32_t year, const std::string& journal, const char* dash) {
  COOPLEDGER_RETURN_IF_ERROR(CheckYear(year));
  if (chart.journal_labels.count(journal) == 0) {
    std::string known;
    for (const auto& [code, label] : chart.journal_labels)
      known += (known.empty() ? "" : ", ") + code;
    return Invalid(dash, "journal",
                   "\"" + journal + "\" is not a journal of the chart (" + known + ")");
  }
  projections::JournalEntries report(year, journal);
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::Ledger> ledger, replay(&report));
  (void)ledger;
  std::vector<Row> rows;
  json entries = json::array();
  int64_t debit = 0;
  int64_t credit = 0;
  for (const projections::LedgerEntry& entry : report.entries()) {
    for (const projections::LedgerLine& line : entry.lines) {
      rows.push_back({std::to_string(entry.number), entry.date.ToString(), entry.piece_reference,
                      entry.label, line.account, line.auxiliary, line.analytic,
                      DotAmount(line.debit.cents()), DotAmount(line.credit.cents())});
    }
    entries.push_back(JournalEntryJson(entry));
    debit += entry.TotalDebit().cents();
    credit += entry.TotalCredit().cents();
  }
  std::vector<Row> table = rows;
  table.push_back({"", "", "", "Total " + chart.JournalLabel(journal), "", "", "",
                   DotAmount(debit), DotAmount(credit)});
  const json out = {{"fiscal_year", year},
                    {"journal", journal},
                    {"label", chart.JournalLabel(journal)},
                    {"total_debit_cents", debit},
                    {"total_credit_cents", credit},
                    {"entries", std::move(entries)}};
  return LedgerReport{
      {"entry", "date", "piece", "label", "account", "auxiliary", "analytic", "debit", "credit"},
      std::move(rows), std::move(table), out};
}

Result<LedgerReport> ActivitiesReport(const ReplayInto& replay, int32_t year) {
  COOPLEDGER_RETURN_IF_ERROR(CheckYear(year));
  projections::ActivityStatements report(year);
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::Ledger> ledger, replay(&report));
  std::vector<Row> rows;
  json out = json::array();
  int64_t result = 0;
  for (const projections::ActivityStatement& statement : report.Statements(ledger->chart())) {
    for (const projections::ActivityAccountAmount& amount : statement.revenue) {
      rows.push_back({statement.analytic, "revenue", amount.account, amount.label,
                      DotAmount(amount.amount.cents())});
    }
    rows.push_back(
        {statement.analytic, "revenue_total", "", "", DotAmount(statement.revenue_total.cents())});
    for (const projections::ActivityAccountAmount& amount : statement.charges) {
      rows.push_back({statement.analytic, "charges", amount.account, amount.label,
                      DotAmount(amount.amount.cents())});
    }
    rows.push_back(
        {statement.analytic, "charges_total", "", "", DotAmount(statement.charges_total.cents())});
    rows.push_back({statement.analytic, "result", "", "", DotAmount(statement.result.cents())});
    out.push_back({{"analytic", statement.analytic},
                   {"revenue", AccountAmountsJson(statement.revenue)},
                   {"charges", AccountAmountsJson(statement.charges)},
                   {"revenue_total_cents", statement.revenue_total.cents()},
                   {"charges_total_cents", statement.charges_total.cents()},
                   {"result_cents", statement.result.cents()}});
    result += statement.result.cents();
  }
  std::vector<Row> table = rows;
  table.push_back({"", "result", "", "Total of every activity", DotAmount(result)});
  return LedgerReport{{"analytic", "section", "account", "label", "amount"}, std::move(rows),
                      std::move(table), std::move(out)};
}

Result<LedgerReport> TreasuryReport(const ReplayInto& replay, const std::string& on_text,
                                    const char* dash) {
  Result<Date> on = Date::Parse(on_text);
  if (!on) return Invalid(dash, "on", "\"" + on_text + "\" is not a date YYYY-MM-DD");
  projections::Treasury report(*on);
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<projections::Ledger> ledger, replay(&report));
  (void)ledger;
  using Figure = Money projections::TreasuryPosition::*;
  const std::vector<std::pair<const char*, Figure>> figures = {
      {"cash", &projections::TreasuryPosition::cash},
      {"taxes_and_social", &projections::TreasuryPosition::taxes_and_social},
      {"suppliers", &projections::TreasuryPosition::suppliers},
      {"reference", &projections::TreasuryPosition::reference},
      {"wages_due", &projections::TreasuryPosition::wages_due},
      {"clients", &projections::TreasuryPosition::clients},
      {"expense_sheets", &projections::TreasuryPosition::expense_sheets},
      {"future", &projections::TreasuryPosition::future}};
  Row header = {"analytic"};
  for (const auto& [name, figure] : figures) header.push_back(name);
  std::vector<Row> rows;
  json out = json::array();
  std::vector<int64_t> totals(figures.size(), 0);
  for (const projections::TreasuryPosition& position : report.Positions()) {
    Row row = {position.analytic};
    json item = {{"analytic", position.analytic}};
    for (size_t i = 0; i < figures.size(); ++i) {
      const int64_t cents = (position.*figures[i].second).cents();
      row.push_back(DotAmount(cents));
      item[std::string(figures[i].first) + "_cents"] = cents;
      totals[i] += cents;
    }
    rows.push_back(std::move(row));
    out.push_back(std::move(item));
  }
  std::vector<Row> table = rows;
  table.push_back({"Total"});
  for (const int64_t total : totals) table.back().push_back(DotAmount(total));
  return LedgerReport{std::move(header), std::move(rows), std::move(table), std::move(out)};
}

}  // namespace coopledger::adapters
