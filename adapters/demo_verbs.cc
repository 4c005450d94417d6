// `coopledger demo`: builds the demo data set into an empty store.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <ostream>

#include "adapters/cli.h"
#include "adapters/dsn_store.h"
#include "adapters/rules_loader.h"
#include "engine/demo.h"

namespace coopledger::adapters {
namespace {

struct DemoArguments {
  uint64_t seed = 2025;
  int32_t scale = 1;
};

void RunDemoVerb(CliContext& context, const DemoArguments& arguments) {
  // A bulk load: its snapshots are left to `rebuild` or to the server.
  context.keep_snapshots = false;

  if (arguments.scale < 1 || arguments.scale > 100'000) {
    return Fail(context, Error(ErrorCode::kInvalidArgument, "--scale: must be 1 to 100000"));
  }
  Result<engine::Rules> rules = LoadRules(context.rules_dir);
  if (!rules) return Fail(context, rules.error());
  engine::DemoOptions options;
  options.seed = arguments.seed;
  options.scale = arguments.scale;
  options.rules = std::move(*rules);
  // The demo files every month's DSN it pays (at scale 1: each filing replays the log).
  Result<DsnRules> dsn_rules = LoadDsnRules(context.rules_dir);
  if (!dsn_rules) return Fail(context, dsn_rules.error());
  if (arguments.scale == 1) {
    options.dsn_file = [&dsn_rules](engine::EventStore& store, Date month, Date filed_on) -> Result<std::string> {
      COOPLEDGER_ASSIGN_OR_RETURN(DsnMonth dsn, BuildDsnFromStore(store, *dsn_rules, DsnRequest::Monthly(month, true, filed_on)));
      const DsnReport report = CheckDsn(dsn.bytes, dsn_rules->norms, dsn_rules->table);
      if (!report.Passed()) {
        return Error(ErrorCode::kCorruption, "the DSN fails its check: " + FormatDsnFinding(report.findings.front()));
      }
      return std::move(dsn.bytes);
    };
    options.fctu_file = [&dsn_rules](engine::EventStore& store, const std::string& member_id,
                                     Date filed_on) -> Result<std::string> {
      COOPLEDGER_ASSIGN_OR_RETURN(DsnMonth dsn, BuildDsnFromStore(store, *dsn_rules,
                                                                  DsnRequest::EndOfContract(member_id, true, filed_on)));
      const DsnReport report = CheckDsn(dsn.bytes, dsn_rules->norms, dsn_rules->table);
      if (!report.Passed()) {
        return Error(ErrorCode::kCorruption, "the FCTU fails its check: " + FormatDsnFinding(report.findings.front()));
      }
      return std::move(dsn.bytes);
    };
  }
  if (isatty(STDERR_FILENO) != 0) {
    options.progress = [&context](uint64_t commands, Date day) {
      *context.err << "\rdemo: " << day.ToString() << ", " << commands << " commands" << std::flush;
    };
  }
  Result<engine::DemoReport> report = engine::RunDemo(context.data_dir, options);
  if (options.progress) *context.err << "\n";
  if (!report) return Fail(context, report.error());
  *context.out << "demo written to " << context.data_dir << ": " << report->commands
               << " commands, " << report->head_seq << " events (seed " << arguments.seed
               << ", scale " << arguments.scale << ")\n";
}

}  // namespace

void AddDemoVerbs(CLI::App& app, CliContext& context) {
  auto arguments = std::make_shared<DemoArguments>();
  CLI::App* demo = app.add_subcommand(
      "demo", "Build the demo (a CJS summer, a KPA-Cite group, 3 entrepreneurs) into an empty store");
  demo->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  demo->add_option("--rules", context.rules_dir, "Directory of the dated rules")->capture_default_str();
  demo->add_option("--seed", arguments->seed, "Same seed, same log, byte for byte")->capture_default_str();
  demo->add_option("--scale", arguments->scale, "Copies of every programme (benchmarks)")
      ->capture_default_str();
  demo->callback([&context, arguments] { RunDemoVerb(context, *arguments); });
}

}  // namespace coopledger::adapters
