// The books: `export fec`, `export ledger` and `report trial-balance` for one fiscal year.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>

#include "adapters/books.h"
#include "adapters/export_record.h"
#include "adapters/fec_export.h"
#include "adapters/ledger_export.h"
#include "adapters/rules_loader.h"
#include "adapters/table_format.h"
#include "engine/figures_as_of.h"
#include "projections/trial_balance.h"

namespace coopledger::adapters {
namespace {

struct YearArguments {
  int32_t year = 0;
  std::string out;
  std::string separator = "tab";
  std::string format = "table";
  std::string known_at;  // Empty: every event.
  ExportActor actor;
};

// The parameters an export is recorded with.
std::string ExportParameters(const YearArguments& arguments) {
  std::string parameters = "--year " + std::to_string(arguments.year);
  if (!arguments.known_at.empty()) parameters += " --known-at " + arguments.known_at;
  return parameters;
}

void RunExportFec(CliContext& context, const YearArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  FecOptions options;
  if (arguments.separator == "pipe") options.separator = '|';
  else if (arguments.separator != "tab") {
    return Fail(context, Error(ErrorCode::kInvalidArgument,
                               "--separator: \"" + arguments.separator + "\" is not tab or pipe"));
  }
  projections::YearEntries entries(arguments.year);
  Result<std::unique_ptr<projections::Ledger>> ledger = ReplayLedger(context, &entries, arguments.known_at);
  if (!ledger) return Fail(context, ledger.error());
  if ((*ledger)->siren().empty()) {
    return Fail(context, Error(ErrorCode::kNotFound,
                               "the CAE is not configured: the FEC is named after its SIREN"));
  }
  const projections::FiscalYearBounds bounds = (*ledger)->BoundsOf(arguments.year);
  Result<std::string> fec = RenderFec(entries.entries(), (*ledger)->Lettering(),
                                      (*ledger)->chart(), options);
  if (!fec) return Fail(context, fec.error());

  std::error_code made;
  std::filesystem::create_directories(arguments.out, made);
  if (made) return Fail(context, Error(ErrorCode::kStorageIo, arguments.out + ": " + made.message()));
  const std::string name = FecFileName((*ledger)->siren(), bounds.end.AddDays(-1));
  const std::string path = (std::filesystem::path(arguments.out) / name).string();
  size_t lines = 0;
  for (const projections::LedgerEntry& entry : entries.entries()) lines += entry.lines.size();
  const std::string description = RenderFecDescription(name, (*ledger)->siren(), bounds,
                                                       (*ledger)->chart(), options, lines,
                                                       entries.entries().size());
  const std::string description_path =
      (std::filesystem::path(arguments.out) / (name.substr(0, name.size() - 4) + "-description.txt"))
          .string();
  if (Status recorded = RecordExport(context, arguments.actor, "fec",
                                     ExportParameters(arguments) + " --separator " +
                                         arguments.separator,
                                     {{description_path, description}, {path, *fec}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  // The description first: a FEC is never left without the file that describes it.
  if (Status written = WriteFileAtomically(description_path, description); !written) {
    return Fail(context, written.error());
  }
  if (Status written = WriteFileAtomically(path, *fec); !written) return Fail(context, written.error());
  const std::optional<int32_t> closed = (*ledger)->LastClosedYear();
  if (!closed || *closed < arguments.year) {
    *context.err << "coopledger: fiscal year " << arguments.year
                 << " is not closed: this FEC is provisional\n";
  }
  *context.out << path << "\n";
}

void RunExportLedger(CliContext& context, const YearArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  projections::YearEntries entries(arguments.year);
  Result<std::unique_ptr<projections::Ledger>> ledger =
      ReplayLedger(context, &entries, arguments.known_at, projections::LedgerOptions{false});
  if (!ledger) return Fail(context, ledger.error());
  Result<std::string> journal = RenderLedgerJournal(entries.entries(), **ledger, arguments.year);
  if (!journal) return Fail(context, journal.error());
  if (Status recorded = RecordExport(context, arguments.actor, "ledger",
                                     ExportParameters(arguments), {{"-", *journal}});
      !recorded) {
    return Fail(context, recorded.error());
  }
  *context.out << *journal;
}

void RunTrialBalance(CliContext& context, const YearArguments& arguments) {
  if (Status year = CheckYear(arguments.year); !year) return Fail(context, year.error());
  if (arguments.format != "csv" && arguments.format != "table" && arguments.format != "json") {
    return Fail(context, Error(ErrorCode::kInvalidArgument,
                               "--format: \"" + arguments.format + "\" is not table, json or csv"));
  }
  // From the nearest snapshot of the trial balances, then the movements or events after it.
  Result<projections::Chart> chart = LoadChart(context.rules_dir);
  if (!chart) return Fail(context, chart.error());
  Result<StoreKnownAt> opened = OpenKnownAt(context, arguments.known_at);
  if (!opened) return Fail(context, opened.error());
  Result<engine::Figures> figures =
      engine::FiguresAsOf(*opened->store, opened->last, engine::kLedgerProjection, *chart);
  if (!figures) return Fail(context, figures.error());
  const std::vector<projections::TrialBalanceRow> rows =
      figures->trial_balances.Rows(*chart, arguments.year);
  std::vector<Row> table;
  nlohmann::json json = nlohmann::json::array();
  int64_t debit = 0;
  int64_t credit = 0;
  for (const projections::TrialBalanceRow& row : rows) {
    table.push_back({row.account, row.label, DotAmount(row.debit.cents()),
                     DotAmount(row.credit.cents())});
    json.push_back({{"account", row.account}, {"label", row.label},
                    {"debit_cents", row.debit.cents()}, {"credit_cents", row.credit.cents()}});
    debit += row.debit.cents();
    credit += row.credit.cents();
  }
  const Row header = {"account", "label", "debit", "credit"};
  if (arguments.format == "csv") {
    *context.out << RenderCsv(header, table);
  } else if (arguments.format == "json") {
    *context.out << json.dump(2) << "\n";
  } else {
    table.push_back({"", "Total", DotAmount(debit), DotAmount(credit)});
    *context.out << RenderTable(header, table);
  }
}

CLI::App* AddYearVerb(CLI::App& group, CliContext& context, const char* name, const char* help,
                      std::shared_ptr<YearArguments> arguments) {
  CLI::App* verb = group.add_subcommand(name, help);
  verb->add_option("--year", arguments->year, "The fiscal year, named by the year it ends in")
      ->required();
  AddBooksOptions(*verb, context, arguments->known_at);
  return verb;
}

}  // namespace

void AddBooksVerbs(CLI::App& app, CliContext& context) {
  CLI::App* exports = ExportGroup(app);
  auto fec_arguments = std::make_shared<YearArguments>();
  CLI::App* fec = AddYearVerb(*exports, context, "fec",
                              "Write the FEC of a fiscal year and its description file into DIR",
                              fec_arguments);
  fec->add_option("--out", fec_arguments->out, "The directory to write into")->required();
  fec->add_option("--separator", fec_arguments->separator, "tab or pipe")->capture_default_str();
  AddExportActorOptions(*fec, fec_arguments->actor);
  fec->callback([&context, fec_arguments] { RunExportFec(context, *fec_arguments); });

  auto ledger_arguments = std::make_shared<YearArguments>();
  CLI::App* ledger = AddYearVerb(*exports, context, "ledger",
                                 "Print a fiscal year's journal in ledger-cli format",
                                 ledger_arguments);
  AddExportActorOptions(*ledger, ledger_arguments->actor);
  ledger->callback([&context, ledger_arguments] { RunExportLedger(context, *ledger_arguments); });

  CLI::App* reports = ReportGroup(app);
  auto balance_arguments = std::make_shared<YearArguments>();
  CLI::App* balance = AddYearVerb(*reports, context, "trial-balance",
                                  "Debit and credit totals of every general account in a fiscal year",
                                  balance_arguments);
  balance->add_option("--format", balance_arguments->format, "table, json or csv")
      ->capture_default_str();
  balance->callback([&context, balance_arguments] { RunTrialBalance(context, *balance_arguments); });
}

}  // namespace coopledger::adapters
