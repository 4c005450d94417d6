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
#include "adapters/ledger_reports.h"
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

// ---------------------------------------------------------------- journal

// ---------------------------------------------------------------- general ledger, journal,
// activities, treasury (adapters/ledger_reports.h)

ReplayInto CliReplay(CliContext& context, const ReportArguments& arguments) {
  return [&context, &arguments](projections::EntrySink* sink) {
    return ReplayLedger(context, sink, arguments.known_at);
  };
}

void PrintReport(CliContext& context, const std::string& format,
                 const Result<LedgerReport>& report) {
  if (!report) return Fail(context, report.error());
  Print(context, format, report->header, report->rows, report->table, report->json);
}

void RunGeneralLedger(CliContext& context, const ReportArguments& arguments) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  PrintReport(context, arguments.format,
              GeneralLedgerReport(CliReplay(context, arguments), arguments.year, arguments.account,
                                  "--"));
}

void RunJournal(CliContext& context, const ReportArguments& arguments) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  PrintReport(context, arguments.format,
              JournalReport(CliReplay(context, arguments), *chart, arguments.year,
                            arguments.journal, "--"));
}

void RunActivities(CliContext& context, const ReportArguments& arguments) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  PrintReport(context, arguments.format,
              ActivitiesReport(CliReplay(context, arguments), arguments.year));
}

void RunTreasury(CliContext& context, const ReportArguments& arguments) {
  if (Status format = CheckFormat(arguments.format); !format) return Fail(context, format.error());
  PrintReport(context, arguments.format,
              TreasuryReport(CliReplay(context, arguments), arguments.on, "--"));
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

// ---------------------------------------------------------------- treasury

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
  if (Status exported = RecordAndWrite(context, arguments.export_actor, "sage",
                                      parameters,
                                      arguments.out, *file);
      !exported) {
    return Fail(context, exported.error());
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
