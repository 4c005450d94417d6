// The HTTP+JSON API of `coopledger serve` (DESIGN section 9): the route table, authentication by
// bearer token, authorisation by role and scope, and the answer of every route. Queries replay
// the store's log (as known at `known_at` when given); commands go through the CommandService.
//
// Errors are JSON, {"error":{"code":"...","message":"..."}}: the code is the stable ErrorCode
// name (events/result.h) for a refusal of the books, or one of the API's own codes:
// unauthenticated (401), forbidden (403), rate_limited (429), body_too_large (413),
// route_not_found (404), method_not_allowed (405).
#ifndef COOPLEDGER_ADAPTERS_HTTP_API_H_
#define COOPLEDGER_ADAPTERS_HTTP_API_H_

#include <spdlog/logger.h>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "adapters/access_tokens.h"
#include "adapters/http_server.h"
#include "engine/command_service.h"
#include "projections/chart.h"

namespace coopledger::adapters {

struct DsnRules;              // adapters/dsn_store.h
struct PayrollParameterFile;  // adapters/payroll_parameters_json.h

// Who may call a route. The scope of a token narrows what it sees (see ApiRoutes()).
enum class Access {
  kPublic,     // No token: the page's files, the OpenAPI document, health.
  kAnyToken,   // Any valid token.
  kHours,      // Everyone: admin, support, accountant all; facilitator and committee their
               // activity; a member their own hours.
  kActivity,   // admin, support, accountant; committee of that activity.
  kBooks,      // admin, support, accountant: the whole CAE's books and log.
  kPayslips,   // admin, support, accountant; committee of the activity; a member their own.
  kCommand,    // Depends on the command: see CommandAllowed().
  kImport,     // As the command of every line of the file: see ImportedCommand().
  kCaeDesk,    // admin, support: the hosting CAE's monthly steps (payroll run, close, pay; seals).
  kFilings,    // admin, accountant: declarations filed and the files an administration receives.
};

struct QueryParameter {
  const char* name;
  const char* description;
};

struct RouteSpec {
  const char* method;
  const char* path;  // "{name}" stands for one path segment.
  const char* summary;
  Access access;
  std::vector<QueryParameter> query;
  const char* content_type = "application/json";  // Of a 200 answer.
};

// Every route of the API, in the order of the OpenAPI document.
const std::vector<RouteSpec>& ApiRoutes();

// The commands the API accepts at POST /api/commands/{command}, and the event kind of each.
struct ApiCommand {
  const char* name;
  const char* kind;
};
const std::vector<ApiCommand>& ApiCommands();

// Whether a token of `role` may send `command` at all (its scope is checked on the command).
bool CommandAllowed(events::ActorRole role, const std::string& command);

// The command each line of a CSV file of `kind` is (clients: register-client, jobs: agree-job,
// hours: log-hours, payments: receive-payment); empty for another kind. A token may import a file
// when it may send that command (its scope is checked on every line).
std::string ImportedCommand(const std::string& kind);

// The OpenAPI 3 document of ApiRoutes(), as served at /openapi.json.
std::string OpenApiDocument();

// Lives as long as the server; not copyable (the mutex).
struct ApiContext {
  engine::EventStore* store = nullptr;  // Opened for writing by the server.
  // Every append of the server goes through the service, which keeps its state in step with the
  // log: never EventStore::Append here.
  engine::CommandService* service = nullptr;
  engine::Clock* clock = nullptr;  // The service's: the day of filings and exports.
  TokenRegistry* tokens = nullptr;
  RateLimiter* limiter = nullptr;
  projections::Chart chart;
  std::string web_dir;  // The page's files; empty: no page.
  std::shared_ptr<spdlog::logger> log;
  // The DSN norms and codes (rules/dsn-norm, rules/dsn), read at start; null if they could not be
  // read (`dsn_rules_error` says why: the DSN routes answer with it).
  std::shared_ptr<const DsnRules> dsn_rules;
  std::string dsn_rules_error;
  // The payroll's parameter tables (rules/payroll), read at start, for the simulations; null if
  // they could not be read (`payroll_files_error` says why).
  std::shared_ptr<const std::vector<PayrollParameterFile>> payroll_files;
  std::string payroll_files_error;
  // One payroll step (run, close, pay) or seal at a time: each is computed from the log, then
  // appended.
  std::mutex desk_mutex;
};

// Answers one request. Thread-safe; never throws.
HttpResponse HandleApiRequest(ApiContext& context, const HttpRequest& request);

// What a route handler receives once the caller is authorised.
struct ApiCall {
  const HttpRequest* request = nullptr;
  std::optional<AccessToken> token;           // Unset on public routes.
  std::map<std::string, std::string> params;  // The path's {name} segments.
  // The scope the answer is narrowed to; empty: no narrowing.
  std::string activity;
  std::string member;
};

// JSON error answers with the stable code.
HttpResponse ErrorAnswer(const Error& error);
HttpResponse ErrorAnswer(int status, const std::string& code, const std::string& message);

// Route handlers, by family (http_views.cc, http_commands.cc).
HttpResponse HandleHead(ApiContext& context, const ApiCall& call);
HttpResponse HandleMe(ApiContext& context, const ApiCall& call);
HttpResponse HandleBalances(ApiContext& context, const ApiCall& call);
HttpResponse HandleReceivables(ApiContext& context, const ApiCall& call);
HttpResponse HandleDashboard(ApiContext& context, const ApiCall& call);
HttpResponse HandleTrialBalance(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayslips(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayslipPdf(ApiContext& context, const ApiCall& call);
HttpResponse HandleEvents(ApiContext& context, const ApiCall& call);
HttpResponse HandleVerify(ApiContext& context, const ApiCall& call);
HttpResponse HandleCommand(ApiContext& context, const ApiCall& call);
HttpResponse HandleImport(ApiContext& context, const ApiCall& call);  // http_imports.cc
// Payroll (http_payroll.cc).
HttpResponse HandlePayrollMonth(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayrollRun(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayrollClose(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayrollPay(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayrollSimulate(ApiContext& context, const ApiCall& call);
// The payroll's files (http_payroll_documents.cc).
HttpResponse HandleWageTransfer(ApiContext& context, const ApiCall& call);
HttpResponse HandleDpaeFile(ApiContext& context, const ApiCall& call);
HttpResponse HandleEndOfContractDocument(ApiContext& context, const ApiCall& call);
// Declarations (http_declarations.cc).
HttpResponse HandleDeclareDsn(ApiContext& context, const ApiCall& call);
HttpResponse HandleDeclareVat(ApiContext& context, const ApiCall& call);
HttpResponse HandleDeclareFctu(ApiContext& context, const ApiCall& call);
HttpResponse HandleDsnFile(ApiContext& context, const ApiCall& call);
HttpResponse HandleFctuFile(ApiContext& context, const ApiCall& call);
HttpResponse HandleUrssaf(ApiContext& context, const ApiCall& call);
HttpResponse HandleVatReturn(ApiContext& context, const ApiCall& call);
// The accountant's files (http_exports.cc).
HttpResponse HandleFecFile(ApiContext& context, const ApiCall& call);
HttpResponse HandleInvoicePdf(ApiContext& context, const ApiCall& call);
HttpResponse HandleLedgerJournal(ApiContext& context, const ApiCall& call);
HttpResponse HandleSageFile(ApiContext& context, const ApiCall& call);
HttpResponse HandleGeneralLedger(ApiContext& context, const ApiCall& call);
HttpResponse HandleJournal(ApiContext& context, const ApiCall& call);
HttpResponse HandleActivities(ApiContext& context, const ApiCall& call);
HttpResponse HandleTreasury(ApiContext& context, const ApiCall& call);
// Audit (http_audit.cc).
HttpResponse HandleSeal(ApiContext& context, const ApiCall& call);
HttpResponse HandleSeals(ApiContext& context, const ApiCall& call);
HttpResponse HandleProof(ApiContext& context, const ApiCall& call);
HttpResponse HandleExplainNetPay(ApiContext& context, const ApiCall& call);
HttpResponse HandleExplainBalance(ApiContext& context, const ApiCall& call);
HttpResponse HandleExplainInvoice(ApiContext& context, const ApiCall& call);
HttpResponse HandleExplainAccount(ApiContext& context, const ApiCall& call);
HttpResponse HandleDiff(ApiContext& context, const ApiCall& call);
HttpResponse HandlePayouts(ApiContext& context, const ApiCall& call);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_HTTP_API_H_
