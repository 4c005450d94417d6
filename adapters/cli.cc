#include "adapters/cli.h"

#include <CLI/CLI.hpp>

#include <ostream>

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
  return engine::OpenEventStore(options);
}

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
  return context.exit_code;
}

}  // namespace coopledger::adapters
