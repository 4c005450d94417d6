// payroll_bench: one month's payroll run for about 10,000 members, and the public URSSAF model's
// time per situation beside it, in one run.
//
//   1. builds the demo at the scale that employs at least --members people in July 2025 (CJS
//      youths paid by the hour, CAPE members at zero pay, CESA entrepreneurs solved by
//      bisection), stopping on 31 July 2025, before the demo's own July run;
//   2. reopens it as a user would (synced appends), replays the log into the command service and
//      the payroll projection, then times:
//      - the draft: every July payslip computed (birth dates opened from their sealed data,
//        minimum checks, contribution lines, the reduction on year-to-date cumulatives), best
//        of --repeats;
//      - the run: the draft, the deciders' checks of every payslip and their atomic, synced
//        append (`coopledger payroll run`'s work without the command line), once;
//   3. with --model-dir DIR (tools/payroll-model with its node_modules installed), runs the
//      model's own timing (`node generate-grid.mjs --time`) and prints its lines.
//
// Usage: payroll_bench [--members N] [--repeats N] [--model-dir DIR]
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "adapters/rules_loader.h"
#include "bench/bench_support.h"
#include "engine/clock.h"
#include "engine/command_service.h"
#include "engine/demo.h"
#include "engine/payroll_run.h"

namespace coopledger::bench {
namespace {

// Members employed in July 2025 per copy of the demo: 15 CJS youths, 8 CAPE, 3 CESA.
constexpr int kMembersPerCopy = 26;

struct Options {
  int members = 10'000;
  int repeats = 5;
  std::string model_dir;
};

Options ParseOptions(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) Die("arguments", argument + " needs a value");
      return argv[++i];
    };
    if (argument == "--members") {
      options.members = std::atoi(value().c_str());
    } else if (argument == "--repeats") {
      options.repeats = std::atoi(value().c_str());
    } else if (argument == "--model-dir") {
      options.model_dir = value();
    } else {
      Die("arguments", "unknown argument " + argument +
                           " (usage: payroll_bench [--members N] [--repeats N] [--model-dir DIR])");
    }
  }
  if (options.members < 1 || options.repeats < 1) Die("arguments", "--members and --repeats must be positive");
  return options;
}

// The model's timing lines, printed as they come.
void RunModel(const std::string& directory) {
  const std::string command = "cd '" + directory + "' && node generate-grid.mjs --time --out /tmp/payroll-bench-grid.json";
  std::printf("\nmodel: %s\n", command.c_str());
  std::fflush(stdout);
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) Die("model", "cannot run node");
  std::array<char, 512> line{};
  while (std::fgets(line.data(), static_cast<int>(line.size()), pipe) != nullptr) {
    std::printf("model: %s", line.data());
  }
  if (pclose(pipe) != 0) Die("model", "node generate-grid.mjs --time failed (npm ci in " + directory + "?)");
}

int Main(int argc, char** argv) {
  const Options options = ParseOptions(argc, argv);
  const Date july = Date::FromYmd(2025, 7, 1).value();
  std::printf("payroll_bench (%s build)\nmachine: %s\nload: %s\n", COOPLEDGER_BUILD_TYPE,
              MachineDescription().c_str(), LoadAverage().c_str());

  const engine::Rules rules = ValueOrDie(adapters::LoadRules(adapters::DefaultRulesDirectory()), "rules");
  TempDirectory directory("payroll-bench");
  const std::string path = directory.path() + "/store";
  engine::DemoOptions demo;
  demo.scale = (options.members + kMembersPerCopy - 1) / kMembersPerCopy;
  demo.rules = rules;
  demo.until = Date::FromYmd(2025, 7, 31).value();
  Stopwatch build;
  const engine::DemoReport report = ValueOrDie(engine::RunDemo(path, demo), "demo");
  std::printf("store: demo --scale %d to 2025-07-31: %llu events, built in %.1f s\n", demo.scale,
              static_cast<unsigned long long>(report.head_seq), build.Seconds());

  engine::SystemClock clock;
  engine::StoreOptions store_options;
  store_options.path = path;
  store_options.clock = &clock;
  store_options.holder = "payroll_bench";
  std::unique_ptr<engine::EventStore> store = ValueOrDie(engine::OpenEventStore(store_options), "open");
  Stopwatch replay;
  std::unique_ptr<engine::CommandService> service =
      ValueOrDie(engine::CommandService::Create(store.get(), &clock, rules), "command service");
  engine::PayrollDesk desk(store.get(), service.get());
  CheckOk(desk.CatchUp(), "payroll projection");
  std::printf("replay: command state and payroll projection of %llu events in %.2f s\n",
              static_cast<unsigned long long>(store->head().seq), replay.Seconds());

  // The draft alone, as often as asked: it appends nothing.
  std::vector<double> drafts;
  size_t drafted = 0;
  for (int round = 0; round < options.repeats; ++round) {
    Stopwatch draft;
    const std::vector<events::EventBody> commands = ValueOrDie(
        engine::PayrollRunCommands(desk.state(), rules, july,
                                   [&desk](const events::MemberId& id) { return desk.BirthDate(id); }),
        "draft");
    drafts.push_back(draft.Seconds());
    drafted = static_cast<size_t>(std::count_if(commands.begin(), commands.end(), [](const events::EventBody& body) {
      return std::holds_alternative<events::PayslipIssued>(body);
    }));
  }
  std::sort(drafts.begin(), drafts.end());

  // What the command service does first for a batch: copy its state, so that each command is
  // decided seeing the ones before it (engine/command_service.cc, ExecuteAll).
  double copy_seconds = 0;
  {
    Stopwatch copy;
    const projections::WorkState scratch = service->state();
    copy_seconds = copy.Seconds();
    if (scratch.last_seq() != store->head().seq) Die("copy", "the state's copy is not the state");
  }

  Stopwatch run;
  const size_t issued = ValueOrDie(
      desk.Run(july, events::CommandId{"bench-payroll-run"}, events::Actor{"bench", events::ActorRole::kSupport}),
      "payroll run");
  const double run_seconds = run.Seconds();

  std::printf("\n| step | members | seconds | per member |\n|---|---:|---:|---:|\n");
  std::printf("| draft (compute only, best of %d) | %zu | %.3f | %.1f us |\n", options.repeats, drafted,
              drafts.front(), drafts.front() * 1e6 / static_cast<double>(std::max<size_t>(drafted, 1)));
  std::printf("| copy of the command state (%llu events' worth), once per batch | - | %.3f | - |\n",
              static_cast<unsigned long long>(store->head().seq), copy_seconds);
  std::printf("| run (birth dates unsealed, draft, deciders, one synced append) | %zu | %.3f | %.1f us |\n",
              issued, run_seconds, run_seconds * 1e6 / static_cast<double>(std::max<size_t>(issued, 1)));
  std::printf("target: the run under 1 s for 10,000 members: %s\n", run_seconds < 1.0 ? "met" : "MISSED");
  std::fflush(stdout);

  if (!options.model_dir.empty()) RunModel(options.model_dir);
  return 0;
}

}  // namespace
}  // namespace coopledger::bench

int main(int argc, char** argv) { return coopledger::bench::Main(argc, argv); }
