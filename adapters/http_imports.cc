// POST /api/imports/{kind}: a CSV file of clients, jobs, hours or payments as `coopledger import`
// takes it, every line or none, through the CommandService's ExecuteAll.
#include <nlohmann/json.hpp>

#include <limits>
#include <optional>

#include "adapters/csv_import.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"
#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

// The command each line of a file of `kind` is; empty for an unknown kind.
std::string LineCommand(const std::string& kind) {
  if (kind == "clients") return "register-client";
  if (kind == "jobs") return "agree-job";
  if (kind == "hours") return "log-hours";
  if (kind == "payments") return "receive-payment";
  return "";
}

// A scoped token imports for its own activity only: the first line that acts on another, as a
// reason; nullopt when every line is the token's.
Result<std::optional<std::string>> OutOfScope(ApiContext& context, const ApiCall& call,
                                              const CsvImport& parsed) {
  return context.service->ReadState(
      [&](const projections::WorkState& state) -> Result<std::optional<std::string>> {
        for (size_t i = 0; i < parsed.commands.size(); ++i) {
          Result<std::string> activity = ActivityOf(state, parsed.commands[i]);
          if (!activity) {
            return activity.error().WithContext("line " + std::to_string(parsed.lines[i]) + ": ");
          }
          if (*activity != call.activity) {
            return std::optional<std::string>(
                "token " + call.token->id + " acts on activity " + call.activity +
                " only; line " + std::to_string(parsed.lines[i]) + " is for " +
                (activity->empty() ? std::string("no activity") : *activity));
          }
        }
        return std::optional<std::string>();
      });
}

}  // namespace

bool ImportAllowed(events::ActorRole role, const std::string& kind) {
  const std::string command = LineCommand(kind);
  if (command.empty()) return role != events::ActorRole::kUnset;  // 400 comes later.
  return CommandAllowed(role, command);
}

HttpResponse HandleImport(ApiContext& context, const ApiCall& call) {
  const std::string& kind_name = call.params.at("kind");
  Result<CsvKind> kind = ParseCsvKind(kind_name);
  if (!kind) return ErrorAnswer(kind.error().WithContext("kind: "));
  CsvImportOptions options;
  const std::string separator = QueryValue(call, "separator");
  if (separator == "comma" || separator == ",") {
    options.separator = ',';
  } else if (separator == "semicolon" || separator == ";") {
    options.separator = ';';
  } else if (!separator.empty()) {
    return ErrorAnswer(Error(ErrorCode::kInvalidArgument,
                             "separator: \"" + separator + "\" is not comma or semicolon"));
  }
  const std::string& text = call.request->body;
  // Every line is checked before any personal-data key is made: a bad file changes nothing.
  const SealFn check_only = [](const events::PersonId& person, const events::PersonalData&) {
    return Result<events::SealedData>(events::SealedData{person, {}, {}});
  };
  Result<CsvImport> checked = ParseCsvImport(*kind, text, options, check_only);
  if (!checked) return ErrorAnswer(checked.error());
  if (!call.activity.empty()) {
    Result<std::optional<std::string>> outside = OutOfScope(context, call, *checked);
    if (!outside) return ErrorAnswer(outside.error());
    if (*outside) {
      context.log->warn("403 POST {}: {}", call.request->target, **outside);
      return ErrorAnswer(403, "forbidden", **outside);
    }
  }
  const SealFn seal = [&context](const events::PersonId& person, const events::PersonalData& data) {
    return context.store->Seal(person, data);
  };
  Result<CsvImport> parsed = ParseCsvImport(*kind, text, options, seal);
  if (!parsed) return ErrorAnswer(parsed.error());
  // Without Idempotency-Key, the content is the id, as on the command line: the same file sent
  // again appends nothing.
  const events::CommandId command_id =
      CommandIdOf(call, CsvImportCommandId(kind_name, text).value);
  const size_t line_count = parsed->commands.size();
  const std::vector<int> lines = parsed->lines;
  // The last seq the service has given: a refusal's "(seq N)" past it is a line of this file.
  const auto last_seq = [&context] {
    return context.service->ReadState(
        [](const projections::WorkState& state) { return state.last_seq(); });
  };
  const events::Seq head_seq = last_seq();
  Result<engine::CommandResult> result =
      context.service->ExecuteAll(command_id, ActorOf(call), std::move(parsed->commands));
  if (!result) {
    const Error& error = result.error();
    if (!error.message().starts_with("commands[")) return ErrorAnswer(error);
    // Another request decided meanwhile would shift this file's seqs: they are then left as seqs.
    const events::Seq base = last_seq() == head_seq ? head_seq : std::numeric_limits<events::Seq>::max();
    return ErrorAnswer(Error(error.code(), "nothing appended:\n" +
                                               RefusalsByLine(*kind, error.message(), lines, base)));
  }
  return CommandAnswer(command_id, *result, {{"lines", line_count}});
}

}  // namespace coopledger::adapters
