// `coopledger check-fec FILE`: checks an FEC before it is handed to a tax auditor (the checks are
// listed in adapters/fec_check.h). Prints one line per finding, "LINE:COLUMN: code: message", then
// a summary; exits 0 when no finding is an error, kExitVerifyFailed otherwise.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/fec_check.h"
#include "adapters/fec_fields.h"
#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

struct FecCheckArguments {
  std::string file;
  std::string start;  // YYYY-MM-DD, or empty for a 12-month exercise.
  std::string format = "table";
  std::string encoding = "iso-8859-15";
};

std::string ExerciseText(const FecReport& report) {
  if (!report.exercise_start) return "unknown (no valid closing date in the file name)";
  return report.exercise_start->ToString() + " to " + report.exercise_end->ToString();
}

void PrintTable(std::ostream& out, const FecReport& report) {
  for (const FecFinding& finding : report.findings) out << FormatFinding(finding) << "\n";
  if (report.OmittedFindings() > 0) {
    out << "... and " << report.OmittedFindings() << " more findings not listed\n";
  }
  out << "lines: " << report.lines << "\n"
      << "entries: " << report.entries << "\n"
      << "total debit: " << FecAmountText(report.debit_total_cents) << "\n"
      << "total credit: " << FecAmountText(report.credit_total_cents) << "\n"
      << "exercise: " << ExerciseText(report) << "\n";
  if (report.Passed()) {
    out << "OK\n";
  } else {
    out << "FAILED: " << report.errors << (report.errors == 1 ? " error, " : " errors, ")
        << report.warnings << (report.warnings == 1 ? " warning\n" : " warnings\n");
  }
}

json ReportJson(const std::string& file, const FecReport& report) {
  json findings = json::array();
  for (const FecFinding& finding : report.findings) {
    findings.push_back({{"line", finding.line},
                        {"column", finding.column},
                        {"code", finding.code},
                        {"severity", finding.severity == FecSeverity::kError ? "error" : "warning"},
                        {"message", finding.message}});
  }
  const auto date = [](const std::optional<Date>& day) {
    return day ? json(day->ToString()) : json(nullptr);
  };
  return {{"file", file},
          {"passed", report.Passed()},
          {"errors", report.errors},
          {"warnings", report.warnings},
          {"lines", report.lines},
          {"entries", report.entries},
          {"debit_total_cents", report.debit_total_cents},
          {"credit_total_cents", report.credit_total_cents},
          {"exercise_start", date(report.exercise_start)},
          {"exercise_end", date(report.exercise_end)},
          {"findings", findings},
          {"findings_omitted", report.OmittedFindings()}};
}

void RunCheckFec(CliContext& context, const FecCheckArguments& arguments) {
  FecCheckOptions options;
  options.accept_utf8 = arguments.encoding == "utf-8";
  if (!arguments.start.empty()) {
    Result<Date> start = Date::Parse(arguments.start);
    if (!start) return Fail(context, start.error().WithContext("--start: "));
    options.exercise_start = *start;
  }
  Result<std::string> bytes = ReadFileUpTo(arguments.file, kFecBytesMax, ErrorCode::kNotFound);
  if (!bytes) return Fail(context, bytes.error());
  const FecReport report = CheckFec(arguments.file, *bytes, options);
  if (arguments.format == "json") {
    // Messages quote file bytes as \xNN escapes: the report is ASCII.
    *context.out << ReportJson(arguments.file, report).dump(2) << "\n";
  } else {
    PrintTable(*context.out, report);
  }
  if (!report.Passed()) context.exit_code = kExitVerifyFailed;
}

}  // namespace

void AddFecCheckVerbs(CLI::App& app, CliContext& context) {
  auto arguments = std::make_shared<FecCheckArguments>();
  CLI::App* verb = app.add_subcommand(
      "check-fec", "Check an FEC (Fichier des Ecritures Comptables) before handing it over");
  verb->add_option("file", arguments->file, "The FEC, named <SIREN>FEC<AAAAMMJJ>[.txt]")
      ->required();
  verb->add_option("--start", arguments->start,
                   "The exercise's first day, YYYY-MM-DD (default: 12 months to the closing date)");
  verb->add_option("--format", arguments->format, "Report as a table or JSON")
      ->capture_default_str()
      ->check(CLI::IsMember({"table", "json"}));
  verb->add_option("--encoding", arguments->encoding, "The file's character set")
      ->capture_default_str()
      ->check(CLI::IsMember({"iso-8859-15", "utf-8"}));
  verb->callback([&context, arguments] { RunCheckFec(context, *arguments); });
}

}  // namespace coopledger::adapters
