// `coopledger check-dsn FILE`: checks a DSN before it is filed (the checks are listed in
// adapters/dsn_check.h). Prints one line per finding, "LINE: RUBRIC: message", then a summary;
// exits 0 when there is no finding, kExitVerifyFailed otherwise.
#include <CLI/CLI.hpp>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/dsn_check.h"
#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

struct DsnCheckArguments {
  std::string file;
};

void RunCheckDsn(CliContext& context, const DsnCheckArguments& arguments) {
  Result<std::map<std::string, DsnNorm>> norms = LoadDsnNorms(context.rules_dir + "/dsn-norm");
  if (!norms) return Fail(context, norms.error());
  Result<DsnCtpTable> table = LoadDsnCtpTable(context.rules_dir);
  if (!table) return Fail(context, table.error());
  Result<std::string> bytes = ReadFileUpTo(arguments.file, kDsnBytesMax, ErrorCode::kNotFound);
  if (!bytes) return Fail(context, bytes.error());
  const DsnReport report = CheckDsn(*bytes, *norms, *table);
  for (const DsnFinding& finding : report.findings) {
    *context.out << FormatDsnFinding(finding) << "\n";
  }
  *context.out << "norm: " << (report.version.empty() ? "?" : report.version) << "\n"
               << "nature: " << (report.nature.empty() ? "?" : report.nature) << "\n"
               << "lines: " << report.lines << "\n"
               << "individuals: " << report.individuals << "\n";
  if (report.Passed()) {
    *context.out << "OK\n";
  } else {
    *context.out << "FAILED: " << report.findings.size()
                 << (report.findings.size() == 1 ? " finding\n" : " findings\n");
    context.exit_code = kExitVerifyFailed;
  }
}

}  // namespace

void AddDsnCheckVerbs(CLI::App& app, CliContext& context) {
  auto arguments = std::make_shared<DsnCheckArguments>();
  CLI::App* verb = app.add_subcommand(
      "check-dsn", "Check a DSN file against the norm of its version and the URSSAF equality");
  verb->add_option("file", arguments->file, "The DSN file (ISO-8859-1)")->required();
  verb->add_option("--rules", context.rules_dir, "Directory of the rules (dsn-norm/, dsn/)");
  verb->callback([&context, arguments] { RunCheckDsn(context, *arguments); });
}

}  // namespace coopledger::adapters
