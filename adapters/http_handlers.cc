#include "adapters/http_handlers.h"

#include <algorithm>

#include "adapters/books.h"
#include "adapters/payroll_simulate.h"
#include "engine/hash_chain.h"
#include "engine/snapshots.h"

namespace coopledger::adapters {

using nlohmann::json;

std::string QueryValue(const ApiCall& call, const std::string& name) {
  auto found = call.request->query.find(name);
  return found == call.request->query.end() ? "" : found->second;
}

HttpResponse JsonAnswer(const json& body) {
  return HttpResponse{
      200, "application/json", body.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

Result<KnownSeq> ResolveKnownAt(engine::EventStore& store, const ApiCall& call,
                                const std::string& name) {
  Result<KnownAt> parsed = ParseKnownAt(QueryValue(call, name));
  if (!parsed) return parsed.error().WithContext(name + ": ");
  const engine::Head head = store.head();
  KnownSeq known{std::min(parsed->seq, head.seq), head.recorded_at};
  if (parsed->time) {
    COOPLEDGER_ASSIGN_OR_RETURN(
        const events::Seq after,
        store.FirstSeqRecordedAtOrAfter(Timestamp::FromMicros(parsed->time->micros() + 1)));
    known.seq = after - 1;
  }
  if (known.seq != head.seq && known.seq > 0) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> last,
                                store.ReadLog(known.seq, 1));
    if (!last.empty()) known.recorded_at = last.front().recorded_at;
  } else if (known.seq == 0) {
    known.recorded_at = Timestamp();
  }
  return known;
}

json KnownJson(const KnownSeq& known) {
  return {{"seq", known.seq}, {"recorded_at", known.seq == 0 ? "" : known.recorded_at.ToString()}};
}

Result<KnownSeq> Replay(ApiContext& context, const ApiCall& call,
                        const std::function<void(const events::StoredEvent&)>& fold) {
  COOPLEDGER_ASSIGN_OR_RETURN(const KnownSeq known, ResolveKnownAt(*context.store, call));
  COOPLEDGER_RETURN_IF_ERROR(engine::ReplayLog(*context.store, known.seq, fold));
  return known;
}

std::shared_ptr<engine::EventStore> SharedStore(const ApiContext& context) {
  return std::shared_ptr<engine::EventStore>(context.store, [](engine::EventStore*) {});
}

Result<BooksAsOf> LoadBooks(ApiContext& context, const ApiCall& call, uint32_t mask) {
  BooksAsOf books;
  COOPLEDGER_ASSIGN_OR_RETURN(books.known, ResolveKnownAt(*context.store, call));
  books.set = std::make_unique<engine::ProjectionSet>(mask, context.chart,
                                                      engine::FetcherOf(*context.store));
  COOPLEDGER_RETURN_IF_ERROR(engine::LoadAsOf(*context.store, books.known.seq, books.set.get()));
  return books;
}

std::string ScopeRefusal(const ApiCall& call, const std::string& what, const std::string& activity) {
  return "token " + call.token->id + " acts on activity " + call.activity + " only; " + what +
         " is for " + (activity.empty() ? std::string("no activity") : activity);
}

std::string KnownAtParameter(const ApiCall& call) {
  const std::string known_at = QueryValue(call, "known_at");
  return known_at.empty() ? "" : " --known-at " + known_at;
}

HttpResponse FileAnswer(std::string content_type, std::string bytes, const std::string& name) {
  return HttpResponse{200,
                      std::move(content_type),
                      std::move(bytes),
                      {{"Content-Disposition", "attachment; filename=\"" + name + "\""}}};
}

Result<Date> MonthOf(const ApiCall& call) {
  auto found = call.params.find("month");
  const std::string text = found != call.params.end() ? found->second : QueryValue(call, "month");
  Result<Date> month = ParsePayMonth(text);
  if (!month) return month.error().WithContext("month: ");
  return month;
}

events::CommandId CommandIdOf(const ApiCall& call, std::string derived) {
  if (!call.request->idempotency_key.empty()) {
    return events::CommandId{call.request->idempotency_key};
  }
  return events::CommandId{std::move(derived)};
}

events::Actor ActorOf(const ApiCall& call) {
  return events::Actor{call.token->id, call.token->role};
}

HttpResponse CommandAnswer(const events::CommandId& command_id, const engine::CommandResult& result,
                           const json& extra) {
  json answer = {
      {"command_id", command_id.value}, {"seqs", result.seqs}, {"replayed", result.replayed}};
  for (const auto& [name, value] : extra.items()) answer[name] = value;
  return JsonAnswer(answer);
}

Result<engine::CommandResult> RecordHttpExport(ApiContext& context, const ApiCall& call,
                                               const std::string& kind,
                                               const std::string& parameters,
                                               const std::string& file_name,
                                               const std::string& bytes) {
  const events::Hash hash = engine::Sha256(bytes);
  events::ExportRecorded record;
  record.export_kind = kind;
  record.parameters = parameters;
  record.file_name = file_name;
  record.file_sha256.assign(hash.begin(), hash.end());
  // The command id names what was exported, by whom and when: two downloads are two facts.
  const std::string identity = kind + "\n" + parameters + "\n" + file_name + "\n" +
                               engine::ToHex(hash) + "\n" + call.token->id + "\n" +
                               std::to_string(context.clock->Now().micros());
  const events::CommandId command_id{"export-" + engine::ToHex(engine::Sha256(identity))};
  return context.service->Execute(command_id, ActorOf(call), std::move(record));
}

}  // namespace coopledger::adapters
