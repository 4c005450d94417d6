// Reports from the ledger: `report general-ledger`, `report journal`, `report vat`,
// `report activities`, `report treasury`, and the Sage-style CSV `export sage`.
#include <CLI/CLI.hpp>

#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/books.h"
#include "adapters/export_record.h"
#include "adapters/ledger_export.h"
#include "adapters/rules_loader.h"
#include "adapters/sage_export.h"
#include "adapters/table_format.h"
#include "adapters/vat_return.h"
#include "projections/reports.h"
#include "projections/trial_balance.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

struct ReportArguments {
  int32_t year = 0;
  std::string account;  // general-ledger: account prefix.
  std::string journal;  // journal: its code.
  std::string month;    // vat: YYYY-MM.
  std::string on;       // treasury: YYYY-MM-DD.
  std::string format = "table";
  std::string known_at;  // Empty: every event.
  std::string out;       // export sage: the file.
  int32_t label_length = kSageLabelLengthDefault;
  ExportActor export_actor;  // export sage: who exports.
};

Error Invalid(const std::string& option, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, option + ": " + reason);
}

Status CheckFormat(const std::string& format) {
  if (format == "table" || format == "json" || format == "csv") return OkStatus();
  return Invalid("--format", "\"" + format + "\" is not table, json or csv");
}

// The ledger replayed up to --known-at into `sink`, after the checks every report shares.
Result<std::unique_ptr<projections::Ledger>> Replay(CliContext& context,
                                                    const ReportArguments& arguments,
                                                    projections::EntrySink* sink) {
  COOPLEDGER_RETURN_IF_ERROR(CheckFormat(arguments.format));
  return ReplayLedger(context, sink, arguments.known_at);
}

// `table_rows` may add totals to `rows`; CSV gets `rows` only.
void Print(CliContext& context, const std::string& format, const Row& header,
           const std::vector<Row>& rows, const std::vector<Row>& table_rows, const json& as_json) {
  if (format == "json") {
    *context.out << as_json.dump(2) << "\n";
  } else if (format == "csv") {
    *context.out << RenderCsv(header, rows);
  } else {
    *context.out << RenderTable(header, table_rows);
  }
}

// ---------------------------------------------------------------- general ledger

void RunGeneralLedger(CliContext& context, const ReportArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  for (const char c : arguments.account) {
    if (c < '0' || c > '9') {
      return Fail(context, Invalid("--account", "\"" + arguments.account +
                                                    "\" is not an account number prefix (digits)"));
    }
  }
  projections::GeneralLedger report(arguments.year, arguments.account);
  Result<std::unique_ptr<projections::Ledger>> ledger = Replay(context, arguments, &report);
  if (!ledger) return Fail(context, ledger.error());
  std::vector<Row> rows;
  std::vector<Row> table;
  json out = json::array();
  int64_t debit = 0;
  int64_t credit = 0;
  for (const projections::GeneralLedgerAccount& account : report.Accounts((*ledger)->chart())) {
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
  Print(context, arguments.format,
        {"account", "date", "journal", "entry", "piece", "label", "auxiliary", "analytic", "debit",
         "credit", "balance"},
        rows, table, out);
}

// ---------------------------------------------------------------- journal

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

void RunJournal(CliContext& context, const ReportArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  if (chart->journal_labels.count(arguments.journal) == 0) {
    std::string known;
    for (const auto& [code, label] : chart->journal_labels)
      known += (known.empty() ? "" : ", ") + code;
    return Fail(context,
                Invalid("--journal", "\"" + arguments.journal +
                                         "\" is not a journal of the chart (" + known + ")"));
  }
  projections::JournalEntries report(arguments.year, arguments.journal);
  Result<std::unique_ptr<projections::Ledger>> ledger = Replay(context, arguments, &report);
  if (!ledger) return Fail(context, ledger.error());
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
  table.push_back({"", "", "", "Total " + chart->JournalLabel(arguments.journal), "", "", "",
                   DotAmount(debit), DotAmount(credit)});
  const json out = {{"fiscal_year", arguments.year},
                    {"journal", arguments.journal},
                    {"label", chart->JournalLabel(arguments.journal)},
                    {"total_debit_cents", debit},
                    {"total_credit_cents", credit},
                    {"entries", std::move(entries)}};
  Print(context, arguments.format,
        {"entry", "date", "piece", "label", "account", "auxiliary", "analytic", "debit", "credit"},
        rows, table, out);
}

// ---------------------------------------------------------------- VAT return

// [first day of the month, first day of the next) of "YYYY-MM".
Result<std::pair<Date, Date>> ParseMonth(const std::string& text) {
  const Error invalid = Invalid("--month", "\"" + text + "\" is not a month YYYY-MM");
  if (text.size() != 7 || text[4] != '-') return invalid;
  Result<Date> start = Date::Parse(text + "-01");
  if (!start) return invalid;
  const int month = start->month();
  Result<Date> end = month == 12 ? Date::FromYmd(start->year() + 1, 1, 1)
                                 : Date::FromYmd(start->year(), month + 1, 1);
  if (!end) return invalid;  // The last month of the last supported year.
  return std::make_pair(*start, *end);
}

void RunVat(CliContext& context, const ReportArguments& arguments) {
  Result<std::pair<Date, Date>> month = ParseMonth(arguments.month);
  if (!month) return Fail(context, month.error());
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  projections::VatReturn report(month->first, month->second, chart->posting.vat_collected,
                                chart->posting.vat_deductible);
  Result<std::unique_ptr<projections::Ledger>> ledger = Replay(context, arguments, &report);
  if (!ledger) return Fail(context, ledger.error());
  const projections::VatReturnFigures figures = report.Figures();
  std::vector<Row> rows;
  auto add_lines = [&rows](const char* section,
                           const std::vector<projections::VatReturnLine>& lines) {
    for (const projections::VatReturnLine& line : lines) {
      rows.push_back({section, projections::RatePercent(line.vat_rate_ppm),
                      DotAmount(line.base_excl_vat.cents()), DotAmount(line.vat.cents())});
    }
  };
  add_lines("collected", figures.collected);
  rows.push_back({"collected_total", "", "", DotAmount(figures.collected_total.cents())});
  add_lines("deductible", figures.deductible);
  rows.push_back({"deductible_total", "", "", DotAmount(figures.deductible_total.cents())});
  rows.push_back({"vat_due", "", "", DotAmount(figures.vat_due.cents())});
  rows.push_back({"vat_credit", "", "", DotAmount(figures.vat_credit.cents())});
  if (figures.collected_unrated.cents() != 0 || figures.deductible_unrated.cents() != 0) {
    *context.err << "coopledger: manual entries without a VAT rate moved the VAT accounts this "
                    "month; they are shown apart and left out of the totals\n";
    rows.push_back({"collected_unrated", "", "", DotAmount(figures.collected_unrated.cents())});
    rows.push_back({"deductible_unrated", "", "", DotAmount(figures.deductible_unrated.cents())});
  }
  const json out = VatReturnJson(figures, arguments.month);
  Print(context, arguments.format, {"section", "rate_percent", "base_excl_vat", "vat"}, rows, rows,
        out);
}

// ---------------------------------------------------------------- activities

json AccountAmountsJson(const std::vector<projections::ActivityAccountAmount>& amounts) {
  json out = json::array();
  for (const projections::ActivityAccountAmount& amount : amounts) {
    out.push_back({{"account", amount.account},
                   {"label", amount.label},
                   {"amount_cents", amount.amount.cents()}});
  }
  return out;
}

void RunActivities(CliContext& context, const ReportArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  projections::ActivityStatements report(arguments.year);
  Result<std::unique_ptr<projections::Ledger>> ledger = Replay(context, arguments, &report);
  if (!ledger) return Fail(context, ledger.error());
  std::vector<Row> rows;
  json out = json::array();
  int64_t result = 0;
  for (const projections::ActivityStatement& statement : report.Statements((*ledger)->chart())) {
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
  Print(context, arguments.format, {"analytic", "section", "account", "label", "amount"}, rows,
        table, out);
}

// ---------------------------------------------------------------- treasury

void RunTreasury(CliContext& context, const ReportArguments& arguments) {
  Result<Date> on = Date::Parse(arguments.on);
  if (!on)
    return Fail(context, Invalid("--on", "\"" + arguments.on + "\" is not a date YYYY-MM-DD"));
  projections::Treasury report(*on);
  Result<std::unique_ptr<projections::Ledger>> ledger = Replay(context, arguments, &report);
  if (!ledger) return Fail(context, ledger.error());
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
  Print(context, arguments.format, header, rows, table, out);
}

// ---------------------------------------------------------------- export sage

void RunExportSage(CliContext& context, const ReportArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  if (arguments.label_length < 1 || arguments.label_length > kSageLabelLengthMax) {
    return Fail(context,
                Invalid("--label-length", std::to_string(arguments.label_length) + " is not 1 to " +
                                              std::to_string(kSageLabelLengthMax)));
  }
  projections::YearEntries entries(arguments.year);
  Result<std::unique_ptr<projections::Ledger>> ledger = ReplayLedger(context, &entries, arguments.known_at);
  if (!ledger) return Fail(context, ledger.error());
  SageOptions options;
  options.label_length = arguments.label_length;
  Result<std::string> file = RenderSage(entries.entries(), options);
  if (!file) return Fail(context, file.error());
  std::string parameters = "--year " + std::to_string(arguments.year) + " --label-length " +
                           std::to_string(arguments.label_length);
  if (!arguments.known_at.empty()) parameters += " --known-at " + arguments.known_at;
  if (Status recorded = RecordExport(context, arguments.export_actor, "sage", parameters,
                                     {{arguments.out, *file}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  if (Status written = WriteFileAtomically(arguments.out, *file); !written) {
    return Fail(context, written.error());
  }
  *context.out << arguments.out << "\n";
}

// ---------------------------------------------------------------- wiring

CLI::App* AddVerb(CLI::App& group, CliContext& context, const char* name, const char* help,
                  const std::shared_ptr<ReportArguments>& arguments, bool format) {
  CLI::App* verb = group.add_subcommand(name, help);
  AddBooksOptions(*verb, context, arguments->known_at);
  if (format) {
    verb->add_option("--format", arguments->format, "table, json or csv")->capture_default_str();
  }
  return verb;
}

void AddYear(CLI::App* verb, const std::shared_ptr<ReportArguments>& arguments) {
  verb->add_option("--year", arguments->year, "The fiscal year, named by the year it ends in")
      ->required();
}

using Runner = void (*)(CliContext&, const ReportArguments&);

void SetRunner(CLI::App* verb, CliContext& context,
               const std::shared_ptr<ReportArguments>& arguments, Runner run) {
  verb->callback([&context, arguments, run] { run(context, *arguments); });
}

}  // namespace

void AddReportVerbs(CLI::App& app, CliContext& context) {
  CLI::App* reports = ReportGroup(app);

  auto general = std::make_shared<ReportArguments>();
  CLI::App* verb =
      AddVerb(*reports, context, "general-ledger",
              "Lines of every account in a fiscal year, with running balances", general, true);
  AddYear(verb, general);
  verb->add_option("--account", general->account, "Only the accounts starting with PREFIX")
      ->type_name("PREFIX");
  SetRunner(verb, context, general, RunGeneralLedger);

  auto journal = std::make_shared<ReportArguments>();
  verb = AddVerb(*reports, context, "journal", "The entries of one journal in a fiscal year",
                 journal, true);
  AddYear(verb, journal);
  verb->add_option("--journal", journal->journal,
                   "The journal's code: VE, BQ, CA, AC, SAL, OD, AN or CL")
      ->type_name("CODE")
      ->required();
  SetRunner(verb, context, journal, RunJournal);

  auto vat = std::make_shared<ReportArguments>();
  verb = AddVerb(*reports, context, "vat",
                 "VAT return lines (CA3) of a month: collected and deductible VAT by rate, the net",
                 vat, true);
  verb->add_option("--month", vat->month, "The month, YYYY-MM")->type_name("YYYY-MM")->required();
  SetRunner(verb, context, vat, RunVat);

  auto activities = std::make_shared<ReportArguments>();
  verb = AddVerb(*reports, context, "activities",
                 "Income statement of every activity (analytic code) in a fiscal year", activities,
                 true);
  AddYear(verb, activities);
  SetRunner(verb, context, activities, RunActivities);

  auto treasury = std::make_shared<ReportArguments>();
  verb = AddVerb(*reports, context, "treasury",
                 "Treasury of every activity on a day: today, reference and future (enDI)",
                 treasury, true);
  verb->add_option("--on", treasury->on, "The day, YYYY-MM-DD")
      ->type_name("YYYY-MM-DD")
      ->required();
  SetRunner(verb, context, treasury, RunTreasury);

  auto sage = std::make_shared<ReportArguments>();
  verb = AddVerb(*ExportGroup(app), context, "sage",
                 "Write a fiscal year's entries as a Sage-style CSV file (enDI's export)", sage,
                 false);
  AddYear(verb, sage);
  verb->add_option("--out", sage->out, "The file to write")->type_name("FILE")->required();
  verb->add_option("--label-length", sage->label_length,
                   "Labels cut to N characters: 35 for Sage, 30 for Quadra, 25 for Ciel")
      ->capture_default_str();
  AddExportActorOptions(*verb, sage->export_actor);
  SetRunner(verb, context, sage, RunExportSage);
}

}  // namespace coopledger::adapters
