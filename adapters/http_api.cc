#include "adapters/http_api.h"

#include <nlohmann/json.hpp>

#include <sstream>

#include "adapters/files.h"

namespace coopledger::adapters {
namespace {

using events::ActorRole;
using nlohmann::json;

constexpr size_t kPageFileBytesMax = 4 << 20;

const QueryParameter kKnownAt = {
    "known_at", "The books as known then: a seq, or an ISO-8601 UTC time (2025-08-05T18:00:00Z)"};
const QueryParameter kActivity = {"activity", "Only this activity (a scoped token: its own)"};
const QueryParameter kMember = {"member", "Only this member (a member's token: their own)"};
const QueryParameter kOn = {"on", "Business date of the ageing, YYYY-MM-DD (default: today)"};

using Handler = HttpResponse (*)(ApiContext&, const ApiCall&);

struct Route {
  RouteSpec spec;
  Handler handler;
};

HttpResponse HandleHealth(ApiContext& context, const ApiCall&) {
  return HttpResponse{200, "application/json",
                      json{{"status", "ok"}, {"head_seq", context.store->head().seq}}.dump(), {}};
}

HttpResponse HandleOpenApi(ApiContext&, const ApiCall&) {
  return HttpResponse{200, "application/json", OpenApiDocument(), {}};
}

const std::vector<Route>& Routes() {
  static const std::vector<Route> routes = {
      {{"GET", "/api/health", "Liveness and the log's head seq", Access::kPublic, {}}, HandleHealth},
      {{"GET", "/openapi.json", "This document", Access::kPublic, {}}, HandleOpenApi},
      {{"GET", "/api/me", "The caller's token (id, role, scope) and the log's first and last times",
        Access::kAnyToken, {}},
       HandleMe},
      {{"GET", "/api/balances", "Hours per member and the activity accounts of CAPE and CESA members",
        Access::kHours, {kKnownAt, kActivity, kMember}},
       HandleBalances},
      {{"GET", "/api/receivables", "Open invoices with their ageing and the reminders due",
        Access::kActivity, {kKnownAt, kOn, kActivity}},
       HandleReceivables},
      {{"GET", "/api/activities/{activity}/dashboard",
        "The committee's dashboard: revenue by month, hours by member, balances, receivables, "
        "payroll",
        Access::kActivity, {kKnownAt, kOn}},
       HandleDashboard},
      {{"GET", "/api/trial-balance", "Trial balance of a fiscal year", Access::kBooks,
        {{"year", "The fiscal year, named by the year it ends in (required)"}, kKnownAt}},
       HandleTrialBalance},
      {{"GET", "/api/payslips", "Issued payslips, by month and member", Access::kPayslips,
        {{"month", "Only this pay month, YYYY-MM"}, kMember, kActivity, kKnownAt}},
       HandlePayslips},
      {{"GET", "/api/payslips/{month}/{member}/pdf", "A payslip as PDF", Access::kPayslips, {},
        "application/pdf"},
       HandlePayslipPdf},
      {{"GET", "/api/events", "The log, as JSON events", Access::kBooks,
        {{"from_seq", "First seq (default 1)"},
         {"limit", "At most this many events (default 100, at most 1000)"},
         {"stream", "Only this stream (from_seq is then a stream version)"}}},
       HandleEvents},
      // Payroll.
      {{"GET", "/api/payroll/{month}",
        "A pay month: its payslips (as `payroll show --format json`), their totals, whether it is "
        "closed, and what each body is owed and has been paid (unscoped tokens)",
        Access::kActivity, {kActivity, kKnownAt}},
       HandlePayrollMonth},
      {{"POST", "/api/payroll/{month}/run",
        "Issues the month's payslips (adopting its parameter table first if needed), as "
        "`payroll run`; header Idempotency-Key (default: the step and the log it was computed "
        "from)",
        Access::kCaeDesk, {}},
       HandlePayrollRun},
      {{"POST", "/api/payroll/{month}/close",
        "Closes the pay month, as `payroll close`", Access::kCaeDesk, {}},
       HandlePayrollClose},
      {{"POST", "/api/payroll/{month}/pay",
        "Records the month's net wages and contributions paid on the body's {\"on\": "
        "\"YYYY-MM-DD\"}, as `payroll pay`",
        Access::kCaeDesk, {}},
       HandlePayrollPay},
      {{"POST", "/api/payroll/simulate",
        "Computes payslips from the body's situations (an object or an array of them) as "
        "`payroll simulate`, touching no store",
        Access::kAnyToken, {}},
       HandlePayrollSimulate},
      {{"GET", "/api/payroll/{month}/transfer",
        "The month's net wages as a SEPA credit transfer file (pain.001.001.03), as `payroll "
        "transfer` writes it; recorded as an export",
        Access::kCaeDesk,
        {{"on", "The requested execution day, YYYY-MM-DD (default: the 3rd of the next month)"},
         kKnownAt},
        "application/xml"},
       HandleWageTransfer},
      {{"GET", "/api/end-of-contract/{member}/{document}",
        "The certificat de travail (document work-certificate) or the reçu pour solde de tout "
        "compte (final-settlement-receipt) of a member whose contract has ended, as `payroll "
        "end-of-contract` writes it; recorded as an export",
        Access::kPayslips,
        {{"on", "The day the document is handed over, YYYY-MM-DD (default: the contract's last "
                "day)"},
         kKnownAt},
        "application/pdf"},
       HandleEndOfContractDocument},
      // Declarations.
      {{"POST", "/api/declarations/dsn/{month}",
        "Records the filing of the month's real DSN (DeclarationFiled with its SHA-256), as "
        "`declare dsn`",
        Access::kFilings, {}},
       HandleDeclareDsn},
      {{"GET", "/api/declarations/dsn/{month}/file",
        "The month's DSN file as `export dsn` writes it (ISO-8859-1; a filed month as filed); "
        "recorded as an export",
        Access::kFilings, {{"real", "true: a real declaration (S10.G00.00.005 = 02); default false"}},
        "text/plain; charset=ISO-8859-1"},
       HandleDsnFile},
      {{"GET", "/api/declarations/fctu/{member}/file",
        "The end-of-contract signal (DSN nature 07) of a member as `export fctu` writes it "
        "(ISO-8859-1); recorded as an export",
        Access::kFilings, {{"real", "true: a real declaration (S10.G00.00.005 = 02); default false"}},
        "text/plain; charset=ISO-8859-1"},
       HandleFctuFile},
      {{"GET", "/api/exports/fec",
        "The FEC of a fiscal year as `export fec` writes it (ISO-8859-15); recorded as an export",
        Access::kFilings,
        {{"year", "The fiscal year, e.g. 2025 (required)"},
         {"separator", "tab (default) or pipe"},
         {"known_at", "A seq or an ISO-8601 UTC time: the FEC as the books stood then"}},
        "text/plain; charset=ISO-8859-15"},
       HandleFecFile},
      {{"GET", "/api/exports/ledger",
        "The journal of a fiscal year in ledger-cli format, as `export ledger` prints it; "
        "recorded as an export",
        Access::kBooks,
        {{"year", "The fiscal year, e.g. 2025 (required)"},
         {"known_at", "A seq or an ISO-8601 UTC time: the journal as the books stood then"}},
        "text/plain; charset=utf-8"},
       HandleLedgerJournal},
      {{"GET", "/api/exports/sage",
        "The Sage-style CSV of a fiscal year (ISO-8859-15), as `export sage` writes it; recorded "
        "as an export",
        Access::kBooks,
        {{"year", "The fiscal year, e.g. 2025 (required)"},
         {"label_length", "Labels cut to this many characters, 1 to 255 (default 35)"},
         {"known_at", "A seq or an ISO-8601 UTC time: the file as the books stood then"}},
        "text/csv; charset=ISO-8859-15"},
       HandleSageFile},
      {{"GET", "/api/exports/dpae",
        "The pre-hiring declarations (DPAE) of the contracts starting in a month, as `export "
        "dpae` writes them; recorded as an export",
        Access::kFilings,
        {{"month", "The month, YYYY-MM (required)"}, kKnownAt},
        "text/csv; charset=utf-8"},
       HandleDpaeFile},
      {{"GET", "/api/invoices/{number}/pdf",
        "A validated invoice or credit note as PDF, as `invoice pdf` writes it; recorded as an "
        "export",
        Access::kActivity,
        {{"known_at", "A seq or an ISO-8601 UTC time: the document as the books knew it then"}},
        "application/pdf"},
       HandleInvoicePdf},
      {{"GET", "/api/reports/general-ledger",
        "Lines of every account in a fiscal year with running balances, as `report general-ledger`",
        Access::kBooks,
        {{"year", "The fiscal year, e.g. 2025 (required)"},
         {"account", "Only the accounts starting with these digits"},
         {"known_at", "A seq or an ISO-8601 UTC time: the books as they stood then"}}},
       HandleGeneralLedger},
      {{"GET", "/api/reports/journal", "The entries of one journal in a fiscal year, as `report journal`",
        Access::kBooks,
        {{"year", "The fiscal year, e.g. 2025 (required)"},
         {"journal", "The journal's code: VE, BQ, CA, AC, SAL, OD, AN or CL (required)"},
         {"known_at", "A seq or an ISO-8601 UTC time: the books as they stood then"}}},
       HandleJournal},
      {{"GET", "/api/reports/activities",
        "Income statement of every activity in a fiscal year, as `report activities`",
        Access::kBooks,
        {{"year", "The fiscal year, e.g. 2025 (required)"}, {"known_at", "A seq or an ISO-8601 UTC time: the books as they stood then"}}},
       HandleActivities},
      {{"GET", "/api/reports/treasury",
        "Treasury of every activity on a day, as `report treasury`", Access::kBooks,
        {{"on", "The day, YYYY-MM-DD (required)"}, {"known_at", "A seq or an ISO-8601 UTC time: the books as they stood then"}}},
       HandleTreasury},
      {{"POST", "/api/declarations/vat/{month}",
        "Records the filing of the month's VAT return (the CA3 lines, with their SHA-256), as "
        "`declare vat`",
        Access::kFilings, {}},
       HandleDeclareVat},
      {{"POST", "/api/declarations/fctu/{member}",
        "Records the filing of the member's end-of-contract signal (DSN nature 07), as "
        "`declare fctu`",
        Access::kFilings, {}},
       HandleDeclareFctu},
      {{"GET", "/api/urssaf", "The month's URSSAF contributions by CTP as its DSN declares them",
        Access::kBooks, {{"month", "The pay month, YYYY-MM (required)"}}},
       HandleUrssaf},
      {{"GET", "/api/vat-return", "The month's VAT return lines (CA3), as `report vat`",
        Access::kBooks, {{"month", "The month, YYYY-MM (required)"}, kKnownAt}},
       HandleVatReturn},
      // Audit.
      {{"GET", "/api/verify",
        "Recomputes the hash chain from event 1, as `verify`: ok, or the first bad seq and why",
        Access::kBooks, {}},
       HandleVerify},
      {{"GET", "/api/seals", "The monthly seals recorded so far", Access::kBooks, {}},
       HandleSeals},
      {{"POST", "/api/seals/{month}",
        "Seals a month that is over (SealRecorded: its events' Merkle root and the chain's head "
        "hash), as `seal`",
        Access::kCaeDesk, {}},
       HandleSeal},
      {{"GET", "/api/proofs/{seq}",
        "The proof that event SEQ is in its month's seal, as `prove` writes it (check it with "
        "`coopledger verify-proof`)",
        Access::kBooks, {}},
       HandleProof},
      {{"GET", "/api/explanations/net-pay/{member}/{month}",
        "A member's net pay of a month: every event that changed it, its input events and "
        "parameter versions, as `explain net-pay --format json`",
        Access::kPayslips, {kKnownAt}},
       HandleExplainNetPay},
      {{"GET", "/api/explanations/balance/{member}",
        "A member's hours and activity account and the events that changed them",
        Access::kPayslips, {kKnownAt}},
       HandleExplainBalance},
      {{"GET", "/api/explanations/invoice/{number}",
        "An invoice's open amount and the events that changed it", Access::kBooks, {kKnownAt}},
       HandleExplainInvoice},
      {{"GET", "/api/explanations/account/{year}/{account}",
        "A trial-balance line of a fiscal year and the events that changed it", Access::kBooks,
        {kKnownAt}},
       HandleExplainAccount},
      {{"GET", "/api/diff",
        "Every figure that differs between the books as known at `from` and at `to`, with the "
        "seqs that changed each, as `diff --format json`",
        Access::kBooks,
        {{"from", "A seq or an ISO-8601 UTC time (required)"},
         {"to", "A seq or an ISO-8601 UTC time (default: now)"},
         {"family", "Only balance, invoice, net-pay or account"}}},
       HandleDiff},
      {{"GET", "/api/payouts",
        "Each wage paid traced to its payslip, hours, jobs, invoices and payments, with its "
        "flags, as `report payouts --format json`",
        Access::kBooks, {{"flagged", "true: only the payouts with a flag"}, kKnownAt}},
       HandlePayouts},
      {{"POST", "/api/commands/{command}",
        "Runs one command, its fields as a JSON object (as `coopledger record`); header "
        "Idempotency-Key: the command id (default: derived from the body)",
        Access::kCommand, {}},
       HandleCommand},
      {{"POST", "/api/imports/{kind}",
        "Imports a CSV file (the body, UTF-8) of clients, jobs, hours or payments as `coopledger "
        "import`: every line or none, refusals named by line; header Idempotency-Key (default: "
        "the kind and the file's SHA-256)",
        Access::kImport,
        {{"separator", "comma or semicolon (default: detected from the header line)"}}},
       HandleImport},
  };
  return routes;
}

std::vector<std::string> Segments(const std::string& path) {
  std::vector<std::string> segments;
  std::stringstream in(path);
  for (std::string segment; std::getline(in, segment, '/');) {
    if (!segment.empty()) segments.push_back(segment);
  }
  return segments;
}

// Matches `path` against `pattern`, filling `params` with its {name} segments.
bool Match(const std::string& pattern, const std::string& path,
           std::map<std::string, std::string>& params) {
  const std::vector<std::string> want = Segments(pattern);
  const std::vector<std::string> have = Segments(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    if (want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}') {
      found[want[i].substr(1, want[i].size() - 2)] = have[i];
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

int StatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kInvalidDate:
    case ErrorCode::kAmountOverflow:
    case ErrorCode::kPostingsMustBalance:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kPeriodClosed:
    case ErrorCode::kVersionConflict:
    case ErrorCode::kDuplicateCommand:
    case ErrorCode::kAlreadyExists:
    case ErrorCode::kDocumentValidated:
    case ErrorCode::kNotReversible:
      return 409;
    case ErrorCode::kPersonalDataErased:
      return 410;
    case ErrorCode::kStorageIo:
    case ErrorCode::kStoreLocked:
      return 503;
    case ErrorCode::kCorruption:
    case ErrorCode::kUnsupported:
      return 500;
    default:
      return 422;  // A business rule refused the command.
  }
}

std::string RoleName(ActorRole role) {
  return std::string(events::EnumNames<ActorRole>::kNames[static_cast<size_t>(role)]);
}

bool SeesEverything(ActorRole role) {
  return role == ActorRole::kAdmin || role == ActorRole::kSupport ||
         role == ActorRole::kAccountant;
}

std::string Requested(const ApiCall& call, const std::string& name) {
  if (auto found = call.params.find(name); found != call.params.end()) return found->second;
  if (auto found = call.request->query.find(name); found != call.request->query.end()) {
    return found->second;
  }
  return "";
}

// Narrows `call` to the token's scope; the reason of a refusal otherwise.
std::optional<std::string> Authorize(const RouteSpec& route, const AccessToken& token,
                                     ApiCall& call) {
  const ActorRole role = token.role;
  const std::string who = RoleName(role) + " token " + token.id;
  const std::string activity = Requested(call, "activity");
  const std::string member = Requested(call, "member");
  if (call.request->query.count("known_at") > 0 && !SeesEverything(role) &&
      role != ActorRole::kCommittee) {
    return who + " may not read the books as known at another time (known_at)";
  }
  const auto own_activity = [&]() -> std::optional<std::string> {
    if (!activity.empty() && activity != token.activity) {
      return who + " acts on activity " + token.activity + " only, not " + activity;
    }
    call.activity = token.activity;
    call.member = member;
    return std::nullopt;
  };
  const auto own_member = [&]() -> std::optional<std::string> {
    if (!member.empty() && member != token.member) {
      return who + " reads member " + token.member + "'s own data only, not " + member + "'s";
    }
    call.member = token.member;
    return std::nullopt;
  };
  const auto everything = [&]() -> std::optional<std::string> {
    call.activity = activity;
    call.member = member;
    return std::nullopt;
  };
  switch (route.access) {
    case Access::kPublic:
    case Access::kAnyToken:
      return std::nullopt;
    case Access::kHours:
      if (SeesEverything(role)) return everything();
      if (role == ActorRole::kFacilitator || role == ActorRole::kCommittee) return own_activity();
      if (role == ActorRole::kMember) return own_member();
      break;
    case Access::kActivity:
      if (SeesEverything(role)) return everything();
      if (role == ActorRole::kCommittee) return own_activity();
      break;
    case Access::kBooks:
      if (SeesEverything(role)) return everything();
      break;
    case Access::kPayslips:
      if (SeesEverything(role)) return everything();
      if (role == ActorRole::kCommittee) return own_activity();
      if (role == ActorRole::kMember) return own_member();
      break;
    case Access::kCaeDesk:
      if (role == ActorRole::kAdmin || role == ActorRole::kSupport) return everything();
      break;
    case Access::kFilings:
      if (role == ActorRole::kAdmin || role == ActorRole::kAccountant) return everything();
      break;
    case Access::kCommand:
    case Access::kImport: {
      // A file is allowed when the command of its lines is; either is checked against the
      // token's activity, if scoped, once decoded.
      const bool import = route.access == Access::kImport;
      const std::string name = Requested(call, import ? "kind" : "command");
      if (CommandAllowed(role, import ? ImportedCommand(name) : name)) {
        call.activity = role == ActorRole::kFacilitator || role == ActorRole::kCommittee
                            ? token.activity
                            : "";
        return std::nullopt;
      }
      return who + (import ? " may not import " : " may not run the command ") + name;
    }
  }
  return who + " may not call " + route.method + " " + route.path;
}

std::string ContentTypeOf(const std::string& path) {
  const auto ends = [&path](const std::string& suffix) {
    return path.size() >= suffix.size() &&
           path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".json")) return "application/json";
  return "application/octet-stream";
}

// The page's files: GET of a path outside /api/, from the web directory.
HttpResponse ServePageFile(const ApiContext& context, const std::string& path) {
  std::string relative = path == "/" ? "/index.html" : path;
  for (const std::string& segment : Segments(relative)) {
    if (segment == ".." || segment.front() == '.') {
      return ErrorAnswer(404, "route_not_found", "no page file " + path);
    }
  }
  if (context.web_dir.empty()) return ErrorAnswer(404, "route_not_found", "no page: no web dir");
  Result<std::string> bytes =
      ReadFileUpTo(context.web_dir + relative, kPageFileBytesMax, ErrorCode::kNotFound);
  if (!bytes) return ErrorAnswer(404, "route_not_found", "no page file " + path);
  return HttpResponse{200, ContentTypeOf(relative), std::move(*bytes),
                      {{"Cache-Control", "no-cache"}}};
}

std::string BearerSecret(const std::string& authorization) {
  const std::string prefix = "Bearer ";
  if (authorization.compare(0, prefix.size(), prefix) != 0) return "";
  return authorization.substr(prefix.size());
}

}  // namespace

const std::vector<RouteSpec>& ApiRoutes() {
  static const std::vector<RouteSpec> specs = [] {
    std::vector<RouteSpec> out;
    for (const Route& route : Routes()) out.push_back(route.spec);
    return out;
  }();
  return specs;
}

HttpResponse ErrorAnswer(int status, const std::string& code, const std::string& message) {
  const json body = {{"error", {{"code", code}, {"message", message}}}};
  return HttpResponse{status, "application/json",
                      body.dump(-1, ' ', false, json::error_handler_t::replace), {}};
}

HttpResponse ErrorAnswer(const Error& error) {
  return ErrorAnswer(StatusFor(error.code()), std::string(ErrorCodeName(error.code())),
                     error.message());
}

HttpResponse HandleApiRequest(ApiContext& context, const HttpRequest& request) {
  ApiCall call;
  call.request = &request;
  const Route* matched = nullptr;
  bool path_known = false;
  for (const Route& route : Routes()) {
    std::map<std::string, std::string> params;
    if (!Match(route.spec.path, request.path, params)) continue;
    path_known = true;
    if (request.method == route.spec.method) {
      matched = &route;
      call.params = std::move(params);
      break;
    }
  }
  if (matched == nullptr) {
    if (path_known) {
      return ErrorAnswer(405, "method_not_allowed", request.method + " " + request.path);
    }
    if (request.method == "GET" && request.path.rfind("/api/", 0) != 0) {
      return ServePageFile(context, request.path);
    }
    return ErrorAnswer(404, "route_not_found", "no route " + request.method + " " + request.path);
  }
  if (matched->spec.access != Access::kPublic) {
    const std::string secret = BearerSecret(request.authorization);
    std::optional<AccessToken> token =
        secret.empty() ? std::nullopt : context.tokens->Find(secret);
    if (!token) {
      context.log->warn("401 {} {} from {}: no valid token", request.method, request.path,
                        request.remote);
      return ErrorAnswer(401, "unauthenticated",
                         "send \"Authorization: Bearer TOKEN\" with an active token "
                         "(coopledger token create)");
    }
    if (!context.limiter->Allow(token->id)) {
      return ErrorAnswer(429, "rate_limited", "token " + token->id + " sends too many requests");
    }
    if (std::optional<std::string> refusal = Authorize(matched->spec, *token, call)) {
      context.log->warn("403 {} {}: {}", request.method, request.target, *refusal);
      return ErrorAnswer(403, "forbidden", *refusal);
    }
    call.token = std::move(token);
  }
  return matched->handler(context, call);
}

}  // namespace coopledger::adapters
