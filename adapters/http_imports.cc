// POST /api/imports/{kind}: a CSV file of clients, jobs, hours or payments as `coopledger import`
// takes it, every line or none, through the CommandService's ExecuteAll.
#include <nlohmann/json.hpp>

#include <limits>
#include <optional>

#include "adapters/csv_import.h"
#include "adapters/http_api.h"
#include "adapters/http_handlers.h"

namespace coopledger::adapters {
namespace {

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
                ScopeRefusal(call, "line " + std::to_string(parsed.lines[i]), *activity));
          }
        }
        return std::optional<std::string>();
      });
}

}  // namespace

std::string ImportedCommand(const std::string& kind) {
  if (kind == "clients") return "register-client";
  if (kind == "jobs") return "agree-job";
  if (kind == "hours") return "log-hours";
  if (kind == "payments") return "receive-payment";
  return "";  // CommandAllowed lets it through: the handler answers 400 naming the kind.
}

HttpResponse HandleImport(ApiContext& context, const ApiCall& call) {
  const std::string& kind_name = call.params.at("kind");
  Result<CsvKind> kind = ParseCsvKind(kind_name);
  if (!kind) return ErrorAnswer(kind.error().WithContext("kind: "));
  CsvImportOptions options;
  Result<char> separator = ParseCsvSeparator(QueryValue(call, "separator"));
  if (!separator) return ErrorAnswer(separator.error().WithContext("separator: "));
  options.separator = *separator;
  const std::string& text = call.request->body;
  // Every line is checked before any personal-data key is made: a bad file changes nothing.
  Result<CsvImport> checked = ParseCsvImport(*kind, text, options, ShapeOnlySeal());
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
    // Another request decided meanwhile would shift this file's seqs: they are then left as seqs.
    const events::Seq base =
        last_seq() == head_seq ? head_seq : std::numeric_limits<events::Seq>::max();
    return ErrorAnswer(ImportRefusal(*kind, result.error(), lines, base));
  }
  return CommandAnswer(command_id, *result, {{"lines", line_count}});
}

}  // namespace coopledger::adapters
