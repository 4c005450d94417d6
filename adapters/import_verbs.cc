// `coopledger import KIND FILE`: a CSV file of clients, jobs, hours or payments, appended as one
// atomic command (adapters/csv_import.h gives the formats).
#include <CLI/CLI.hpp>

#include <ostream>

#include "adapters/cli.h"
#include "adapters/csv_import.h"
#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

struct ImportArguments {
  std::string kind;
  std::string file;
  std::string separator;  // "", ",", ";", "comma" or "semicolon".
  std::string command_id;
  std::string actor_id = "cli";
  std::string role = "admin";
};

// Reports a refusal of ExecuteAll: lines refused by the business rules are named by their line
// in the file and are bad input (exit 2); anything else (store, duplicate id) is reported as is.
void FailExecution(CliContext& context, CsvKind kind, const Error& error,
                   const std::vector<int>& lines, events::Seq head_seq) {
  Fail(context, ImportRefusal(kind, error, lines, head_seq));
  if (LinesRefused(error)) context.exit_code = kExitInvalidInput;
}

void RunImport(CliContext& context, const ImportArguments& arguments) {
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  Result<CsvKind> kind = ParseCsvKind(arguments.kind);
  if (!kind) return Fail(context, kind.error());
  Result<std::string> text = ReadFileUpTo(arguments.file, kCsvBytesMax, ErrorCode::kInvalidArgument);
  if (!text) return Fail(context, text.error());
  CsvImportOptions options;
  Result<char> separator = ParseCsvSeparator(arguments.separator);
  if (!separator) return Fail(context, separator.error().WithContext("--separator: "));
  options.separator = *separator;

  // Check every line before opening the store, so that a bad file touches nothing.
  Result<CsvImport> checked = ParseCsvImport(*kind, *text, options, ShapeOnlySeal());
  if (!checked) return Fail(context, checked.error());

  Result<Books> books = OpenBooks(context);
  if (!books) return Fail(context, books.error());
  const SealFn seal = [&books](const events::PersonId& person, const events::PersonalData& data) {
    return books->store->Seal(person, data);
  };
  Result<CsvImport> parsed = ParseCsvImport(*kind, *text, options, seal);
  if (!parsed) return Fail(context, parsed.error());

  // Without --command-id, the content is the id: importing the same file again appends nothing.
  const events::CommandId command_id = arguments.command_id.empty()
                                           ? CsvImportCommandId(arguments.kind, *text)
                                           : events::CommandId{arguments.command_id};
  const size_t line_count = parsed->commands.size();
  // We hold the writer lock: the head cannot move before ExecuteAll decides.
  const events::Seq head_seq = books->store->head().seq;
  Result<engine::CommandResult> result = books->service->ExecuteAll(
      command_id, events::Actor{arguments.actor_id, *role}, std::move(parsed->commands));
  if (!result) return FailExecution(context, *kind, result.error(), parsed->lines, head_seq);
  const json out = {{"command_id", command_id.value},
                    {"seqs", result->seqs},
                    {"replayed", result->replayed},
                    {"lines", line_count}};
  *context.out << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

void AddImportVerbs(CLI::App& app, CliContext& context) {
  auto arguments = std::make_shared<ImportArguments>();
  CLI::App* verb = app.add_subcommand(
      "import", "Import a CSV file of clients, jobs, hours or payments: every line or none");
  verb->add_option("kind", arguments->kind, "clients, jobs, hours or payments")
      ->required()
      ->check(CLI::IsMember({"clients", "jobs", "hours", "payments"}));
  verb->add_option("file", arguments->file, "The CSV file (UTF-8, header line first)")->required();
  verb->add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  verb->add_option("--rules", context.rules_dir, "Directory of the dated rules")
      ->capture_default_str();
  verb->add_option("--separator", arguments->separator,
                   "Field separator (default: detected from the header line)")
      ->check(CLI::IsMember({",", ";", "comma", "semicolon"}));
  verb->add_option("--command-id", arguments->command_id,
                   "Idempotency key (default: derived from the file's content)");
  verb->add_option("--actor", arguments->actor_id, "Who imports")->capture_default_str();
  verb->add_option("--role", arguments->role, "The actor's role")->capture_default_str();
  verb->callback([&context, arguments] { RunImport(context, *arguments); });
}

}  // namespace coopledger::adapters
