#include "adapters/cli.h"

#include <CLI/CLI.hpp>

#include <ostream>
#include <vector>

#include "adapters/rules_loader.h"
#include "engine/snapshot_keeper.h"
#include "engine/snapshots.h"

namespace coopledger::adapters {

void Fail(CliContext& context, const Error& error) {
  *context.err << "coopledger: " << error.ToString() << std::endl;
  switch (error.code()) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidDate:
    case ErrorCode::kAmountOverflow:
      context.exit_code = kExitInvalidInput;
      break;
    case ErrorCode::kCorruption:
      context.exit_code = kExitVerifyFailed;
      break;
    default:
      context.exit_code = kExitFailure;
  }
}

Result<events::ActorRole> ParseRole(const std::string& role) {
  const auto& names = events::EnumNames<events::ActorRole>::kNames;
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i] == role) return static_cast<events::ActorRole>(i);
  }
  return Error(ErrorCode::kInvalidArgument, "--role: unknown role " + role);
}

Result<std::unique_ptr<engine::EventStore>> OpenForWriting(const CliContext& context) {
  engine::StoreOptions options;
  options.path = context.data_dir;
  options.clock = context.clock;
  options.holder = context.command_line;
  Result<std::unique_ptr<engine::EventStore>> store = engine::OpenEventStore(options);
  if (store && !context.written_from) context.written_from = (*store)->head().seq;
  return store;
}

namespace {

// After a writing verb that appended events after seq `from`: the snapshots they made due (a
// period closed, or a multiple of kSnapshotEveryDefault passed), written as `rebuild` and `serve`
// write them, so that the as-of queries of a store kept with the command line stay fast.
Status WriteDueSnapshots(const CliContext& context, engine::Seq from) {
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> store, OpenForWriting(context));
  const engine::Seq head = store->head().seq;
  if (head <= from) return OkStatus();
  constexpr engine::Seq kEvery = engine::kSnapshotEveryDefault;
  bool due = head / kEvery != from / kEvery;
  if (!due) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> appended,
                                store->ReadLog(from + 1, static_cast<int32_t>(head - from)));
    for (const events::StoredEvent& event : appended) due = due || engine::ClosesAPeriod(event);
  }
  if (!due) return OkStatus();
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::SnapshotKeeper> keeper,
                              engine::SnapshotKeeper::Open(store.get(), std::move(chart), kEvery));
  COOPLEDGER_ASSIGN_OR_RETURN(const size_t written, keeper->CatchUp());
  static_cast<void>(written);
  return OkStatus();
}

}  // namespace

Result<std::unique_ptr<engine::EventStore>> OpenForReading(const CliContext& context) {
  engine::StoreOptions options;
  options.path = context.data_dir;
  options.read_only = true;
  return engine::OpenEventStore(options);
}

int RunCli(int argc, char** argv, CliContext& context) {
  CLI::App app{"coopledger: event-sourced accounting and payroll for work cooperatives", "coopledger"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Every verb's help");
  AddStoreVerbs(app, context);
  AddCommandVerbs(app, context);
  AddViewVerbs(app, context);
  AddDemoVerbs(app, context);
  AddDocumentVerbs(app, context);
  AddImportVerbs(app, context);
  AddBooksVerbs(app, context);
  AddFecCheckVerbs(app, context);
  AddReportVerbs(app, context);
  AddPayrollVerbs(app, context);
  AddServeVerbs(app, context);
  AddDsnCheckVerbs(app, context);
  AddDsnVerbs(app, context);
  AddSealVerbs(app, context);
  AddAuditVerbs(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e, *context.out, *context.err);
    return code == 0 ? kExitOk : kExitInvalidInput;
  }
  if (context.exit_code == kExitOk && context.keep_snapshots && context.written_from) {
    // The verb's events are recorded whatever happens here: a failure is a warning.
    if (Status kept = WriteDueSnapshots(context, *context.written_from); !kept) {
      *context.err << "coopledger: warning: the snapshots due were not written ("
                   << kept.error().ToString() << "): `coopledger rebuild` writes them\n";
    }
  }
  return context.exit_code;
}

}  // namespace coopledger::adapters
