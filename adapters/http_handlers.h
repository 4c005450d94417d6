// What the API's route handlers share (http_views.cc, http_payroll.cc, http_declarations.cc,
// http_audit.cc): query parameters, `known_at`, JSON answers, the command id and actor of a POST,
// and the recording of an export made over HTTP.
#ifndef COOPLEDGER_ADAPTERS_HTTP_HANDLERS_H_
#define COOPLEDGER_ADAPTERS_HTTP_HANDLERS_H_

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "adapters/http_api.h"
#include "engine/projection_set.h"
#include "projections/work_state.h"

namespace coopledger::adapters {

// The query parameter `name` of the call; empty when absent.
std::string QueryValue(const ApiCall& call, const std::string& name);

// 200 with `body` as JSON.
HttpResponse JsonAnswer(const nlohmann::json& body);

// The last seq the caller's `known_at` lets in, and its recorded time.
struct KnownSeq {
  events::Seq seq = 0;
  Timestamp recorded_at;
};
// From the query parameter `name` ("known_at" by default: a seq or an ISO-8601 UTC time; empty:
// the head). kInvalidArgument naming the parameter.
Result<KnownSeq> ResolveKnownAt(engine::EventStore& store, const ApiCall& call,
                                const std::string& name = "known_at");
// {"seq", "recorded_at"}.
nlohmann::json KnownJson(const KnownSeq& known);

// Replays the log as known at the call's `known_at` into `fold`.
Result<KnownSeq> Replay(ApiContext& context, const ApiCall& call,
                        const std::function<void(const events::StoredEvent&)>& fold);

// The server's store, for the projections that read events back (the ledger's reversals): it
// outlives them, so the pointer owns nothing.
std::shared_ptr<engine::EventStore> SharedStore(const ApiContext& context);

// The projections of `mask` (engine/projection_set.h) as known at the call's `known_at`: the
// nearest snapshots at or before it, then the events after them.
struct BooksAsOf {
  KnownSeq known;
  std::unique_ptr<engine::ProjectionSet> set;
};
Result<BooksAsOf> LoadBooks(ApiContext& context, const ApiCall& call, uint32_t mask);

// " --known-at T" when the call has a `known_at`, else empty: for the parameters an export records.
std::string KnownAtParameter(const ApiCall& call);

// 200 with a file to download: `bytes` of `content_type`, saved as `name`.
HttpResponse FileAnswer(std::string content_type, std::string bytes, const std::string& name);

// The pay month of the path's or query's `month`, YYYY-MM; kInvalidArgument naming it.
Result<Date> MonthOf(const ApiCall& call);

// The command id of a POST: its Idempotency-Key header, or `derived` without one.
events::CommandId CommandIdOf(const ApiCall& call, std::string derived);
// The caller as recorded in the events: the token's id and role.
events::Actor ActorOf(const ApiCall& call);
// The answer to a command: {"command_id", "seqs", "replayed"} and the fields of `extra`.
HttpResponse CommandAnswer(const events::CommandId& command_id, const engine::CommandResult& result,
                           const nlohmann::json& extra = nlohmann::json::object());

// The activity a command acts on, for the tokens scoped to one; empty if it names none. "A+B"
// when hours of a member of B are logged on a job of A. kNotFound naming the job or member.
Result<std::string> ActivityOf(const projections::WorkState& state, const events::EventBody& body);

// Why a token scoped to one activity may not act on `activity`: "token T acts on activity A only;
// <what> is for B" ("no activity" when empty).
std::string ScopeRefusal(const ApiCall& call, const std::string& what, const std::string& activity);

// Records a file handed out over HTTP as one ExportRecorded (engine/exports.h), through the
// service: kind, the route's parameters, the file's name and SHA-256, the caller as actor. Each
// download is its own fact, as each `coopledger export` is.
Result<engine::CommandResult> RecordHttpExport(ApiContext& context, const ApiCall& call,
                                               const std::string& kind,
                                               const std::string& parameters,
                                               const std::string& file_name,
                                               const std::string& bytes);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_HTTP_HANDLERS_H_
