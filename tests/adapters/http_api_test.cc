// The HTTP API end to end: the real binary serves a demo store on loopback; tokens are made with
// `coopledger token create`. Every route is called with every role's token (table below).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>
#include <set>

#include "adapters/http_api.h"
#include "engine/hash_chain.h"
#include "tests/adapters/demo_server_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

class HttpApiTest : public DemoServerTest {};

// One request and, per role in kRoles order, whether it is allowed ('y': not 401/403), refused
// ('n': 403) or answered 200 ('2').
struct RoleCase {
  const char* method;
  const char* route;   // The route's path as in ApiRoutes().
  const char* target;  // A concrete request on it.
  const char* body;
  const char* expected;  // admin support facilitator committee accountant member.
};

const RoleCase kRoleCases[] = {
    {"GET", "/api/health", "/api/health", "", "222222"},
    {"GET", "/openapi.json", "/openapi.json", "", "222222"},
    {"GET", "/api/me", "/api/me", "", "222222"},
    {"GET", "/api/balances", "/api/balances", "", "222222"},
    {"GET", "/api/balances", "/api/balances?activity={other}", "", "22nn22"},
    {"GET", "/api/balances", "/api/balances?member={other_member}", "", "22222n"},
    {"GET", "/api/balances", "/api/balances?known_at=200", "", "22n22n"},
    {"GET", "/api/receivables", "/api/receivables?on=2025-09-30", "", "22n22n"},
    {"GET", "/api/receivables", "/api/receivables?activity={other}", "", "22nn2n"},
    {"GET", "/api/activities/{activity}/dashboard", "/api/activities/{cjs}/dashboard", "", "22n22n"},
    {"GET", "/api/activities/{activity}/dashboard", "/api/activities/{other}/dashboard", "", "22nn2n"},
    {"GET", "/api/trial-balance", "/api/trial-balance?year=2025", "", "22nn2n"},
    {"GET", "/api/payslips", "/api/payslips?month=2025-07", "", "22n222"},
    {"GET", "/api/payslips", "/api/payslips?member={other_member}", "", "22n22n"},
    {"GET", "/api/payslips/{month}/{member}/pdf", "/api/payslips/2025-07/{youth}/pdf", "", "22n222"},
    {"GET", "/api/payslips/{month}/{member}/pdf", "/api/payslips/2025-07/{other_member}/pdf", "",
     "yyn?yn"},
    {"GET", "/api/events", "/api/events?limit=2", "", "22nn2n"},
    // Payroll: the steps fail on their month or body here, after the access check.
    {"GET", "/api/payroll/{month}", "/api/payroll/2025-07", "", "22n22n"},
    {"GET", "/api/payroll/{month}", "/api/payroll/2025-07?activity={other}", "", "22nn2n"},
    {"GET", "/api/payroll/{month}", "/api/payroll/2025-07?known_at=200", "", "22n22n"},
    {"POST", "/api/payroll/{month}/run", "/api/payroll/2025-13/run", "", "yynnnn"},
    {"POST", "/api/payroll/{month}/close", "/api/payroll/2025-13/close", "", "yynnnn"},
    {"POST", "/api/payroll/{month}/pay", "/api/payroll/2025-07/pay", "{}", "yynnnn"},
    {"POST", "/api/payroll/simulate", "/api/payroll/simulate", "{}", "yyyyyy"},
    {"GET", "/api/payroll/{month}/transfer", "/api/payroll/2025-07/transfer", "", "22nnnn"},
    {"GET", "/api/end-of-contract/{member}/{document}",
     "/api/end-of-contract/{youth}/work-certificate", "", "22n222"},
    {"GET", "/api/end-of-contract/{member}/{document}",
     "/api/end-of-contract/{other_member}/final-settlement-receipt", "", "yynyyn"},
    // Declarations.
    {"POST", "/api/declarations/dsn/{month}", "/api/declarations/dsn/2025-13", "", "ynnnyn"},
    {"GET", "/api/declarations/dsn/{month}/file", "/api/declarations/dsn/2025-07/file", "",
     "2nnn2n"},
    {"GET", "/api/declarations/fctu/{member}/file", "/api/declarations/fctu/{youth}/file", "",
     "2nnn2n"},
    {"GET", "/api/exports/fec", "/api/exports/fec?year=2025", "", "2nnn2n"},
    {"GET", "/api/exports/ledger", "/api/exports/ledger?year=2025", "", "22nn2n"},
    {"GET", "/api/exports/sage", "/api/exports/sage?year=2025", "", "22nn2n"},
    {"GET", "/api/exports/dpae", "/api/exports/dpae?month=2025-07", "", "2nnn2n"},
    {"GET", "/api/invoices/{number}/pdf", "/api/invoices/NONE/pdf", "", "yynyyn"},
    {"GET", "/api/reports/general-ledger", "/api/reports/general-ledger?year=2025&account=512", "",
     "22nn2n"},
    {"GET", "/api/reports/journal", "/api/reports/journal?year=2025&journal=VE", "", "22nn2n"},
    {"GET", "/api/reports/activities", "/api/reports/activities?year=2025", "", "22nn2n"},
    {"GET", "/api/reports/treasury", "/api/reports/treasury?on=2025-09-30", "", "22nn2n"},
    {"POST", "/api/declarations/vat/{month}", "/api/declarations/vat/2025-13", "", "ynnnyn"},
    {"POST", "/api/declarations/fctu/{member}", "/api/declarations/fctu/NOBODY", "", "ynnnyn"},
    {"GET", "/api/urssaf", "/api/urssaf?month=2025-07", "", "22nn2n"},
    {"GET", "/api/vat-return", "/api/vat-return?month=2025-07", "", "22nn2n"},
    // Audit.
    {"GET", "/api/verify", "/api/verify", "", "22nn2n"},
    {"GET", "/api/seals", "/api/seals", "", "22nn2n"},
    {"POST", "/api/seals/{month}", "/api/seals/2025-13", "", "yynnnn"},
    {"GET", "/api/proofs/{seq}", "/api/proofs/1", "", "22nn2n"},
    {"GET", "/api/explanations/net-pay/{member}/{month}",
     "/api/explanations/net-pay/{youth}/2025-07", "", "22n222"},
    {"GET", "/api/explanations/net-pay/{member}/{month}",
     "/api/explanations/net-pay/{other_member}/2025-07", "", "yynnyn"},
    {"GET", "/api/explanations/balance/{member}", "/api/explanations/balance/{youth}", "",
     "22n222"},
    {"GET", "/api/explanations/balance/{member}", "/api/explanations/balance/{other_member}", "",
     "22nn2n"},
    {"GET", "/api/explanations/invoice/{number}", "/api/explanations/invoice/NONE", "", "yynnyn"},
    {"GET", "/api/explanations/account/{year}/{account}", "/api/explanations/account/2025/512",
     "", "yynnyn"},
    {"GET", "/api/diff", "/api/diff?from=1&to=100", "", "22nn2n"},
    {"GET", "/api/payouts", "/api/payouts?flagged=true", "", "22nn2n"},
    {"POST", "/api/commands/{command}", "/api/commands/log-hours", "{}", "yyynnn"},
    {"POST", "/api/imports/{kind}", "/api/imports/hours", "", "yyynnn"},
    {"POST", "/api/imports/{kind}", "/api/imports/clients", "", "yynnnn"},
    {"POST", "/api/imports/{kind}", "/api/imports/payments", "", "yynnnn"},
    {"POST", "/api/commands/{command}", "/api/commands/agree-job", R"({"activity_id":"{cjs}"})",
     "yyynnn"},
    {"POST", "/api/commands/{command}", "/api/commands/agree-job",
     R"({"job_id":"J-X","client_id":"C-X","activity_id":"{other}","service":"x","scheduled_on":"2025-07-01","agreed_price_cents":100})",
     "yynnnn"},
    {"POST", "/api/commands/{command}", "/api/commands/journal-entry", "{}", "ynnnyn"},
    {"POST", "/api/commands/{command}", "/api/commands/decide-distribution",
     R"({"activity_id":"{cjs}"})", "yynynn"},
    {"POST", "/api/commands/{command}", "/api/commands/configure-cae", "{}", "ynnnnn"},
    {"POST", "/api/commands/{command}", "/api/commands/validate-invoice", "{}", "yynnnn"},
};

TEST_F(HttpApiTest, EveryRouteForEveryRole) {
  HttpClient client(server_->port());
  for (const RoleCase& row : kRoleCases) {
    for (size_t i = 0; i < kRoles.size(); ++i) {
      const char want = row.expected[i];
      if (want == '?') continue;  // Depends on data (a committee asking for another activity's).
      const std::string target = Fill(row.target);
      SCOPED_TRACE(std::string(row.method) + " " + target + " as " + kRoles[i]);
      const HttpAnswer answer = client.Send(row.method, target, tokens_[kRoles[i]], Fill(row.body));
      if (want == '2') {
        EXPECT_EQ(answer.status, 200) << answer.body;
      }
      if (want == 'y') {
        EXPECT_TRUE(answer.status != 401 && answer.status != 403 && answer.status != 0)
            << answer.status << " " << answer.body;
      }
      if (want == 'n') {
        EXPECT_EQ(answer.status, 403) << answer.body;
        EXPECT_EQ(json::parse(answer.body)["error"]["code"], "forbidden");
      }
    }
  }
  EXPECT_NE(server_->output().find("403 "), std::string::npos) << "refusals are logged";
}

TEST_F(HttpApiTest, RoleTableAndOpenApiDocumentCoverEveryRoute) {
  std::set<std::string> routes, tested, documented;
  for (const adapters::RouteSpec& route : adapters::ApiRoutes()) {
    routes.insert(std::string(route.method) + " " + route.path);
  }
  for (const RoleCase& row : kRoleCases) tested.insert(std::string(row.method) + " " + row.route);
  HttpClient client(server_->port());
  const HttpAnswer answer = client.Get("/openapi.json", "");
  ASSERT_EQ(answer.status, 200);
  const json document = json::parse(answer.body);
  EXPECT_EQ(document["openapi"].get<std::string>().substr(0, 2), "3.");
  for (const auto& [path, operations] : document["paths"].items()) {
    for (const auto& [method, operation] : operations.items()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
      EXPECT_TRUE(operation.contains("responses")) << path;
    }
  }
  EXPECT_EQ(tested, routes) << "every route needs a row in kRoleCases";
  EXPECT_EQ(documented, routes) << "the served OpenAPI document lists exactly the routes";
}

TEST_F(HttpApiTest, NoTokenIsUnauthenticatedAndBadTokenToo) {
  HttpClient client(server_->port());
  for (const char* target : {"/api/me", "/api/balances", "/api/events"}) {
    const HttpAnswer none = client.Get(target, "");
    EXPECT_EQ(none.status, 401) << target;
    EXPECT_EQ(json::parse(none.body)["error"]["code"], "unauthenticated");
    EXPECT_EQ(client.Get(target, "not-a-token").status, 401) << target;
  }
}

TEST_F(HttpApiTest, ErrorsAreJsonWithTheStableCode) {
  HttpClient client(server_->port());
  const std::string admin = tokens_["admin"];
  const auto code = [](const HttpAnswer& answer) {
    return json::parse(answer.body)["error"]["code"].get<std::string>();
  };
  HttpAnswer answer = client.Get("/api/balances?known_at=yesterday", admin);
  EXPECT_EQ(answer.status, 400);
  EXPECT_EQ(code(answer), "invalid_argument");
  EXPECT_NE(answer.body.find("known_at"), std::string::npos);
  answer = client.Get("/api/nothing-here", admin);
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(code(answer), "route_not_found");
  answer = client.Send("DELETE", "/api/balances", admin);
  EXPECT_EQ(answer.status, 405);
  EXPECT_EQ(code(answer), "method_not_allowed");
  answer = client.Get("/api/payslips/2025-07/NOBODY/pdf", admin);
  EXPECT_EQ(answer.status, 404);
  EXPECT_EQ(code(answer), "not_found");
  answer = client.Send("POST", "/api/commands/log-hours", admin,
                       R"({"member_id":"NOBODY","job_id":"","internal_task":"officeDuty","day":"2025-07-03","start_minute":540,"minutes":60})");
  EXPECT_EQ(answer.status, 404) << answer.body;
  EXPECT_EQ(code(answer), "not_found");
  answer = client.Send("POST", "/api/commands/log-hours", admin, std::string(2 << 20, ' '));
  EXPECT_EQ(answer.status, 413);
  EXPECT_EQ(code(answer), "body_too_large");
}

TEST_F(HttpApiTest, KnownAtShowsTheBooksAsTheyStoodThen) {
  HttpClient client(server_->port());
  const std::string committee = tokens_["committee"];
  const HttpAnswer now = client.Get(Fill("/api/activities/{cjs}/dashboard?on=2025-09-30"), committee);
  const HttpAnswer then = client.Get(
      Fill("/api/activities/{cjs}/dashboard?on=2025-07-10&known_at=2025-07-10T23:59:59Z"), committee);
  ASSERT_EQ(now.status, 200) << now.body;
  ASSERT_EQ(then.status, 200) << then.body;
  const json latest = json::parse(now.body);
  const json early = json::parse(then.body);
  EXPECT_LT(early["known_at"]["seq"].get<int64_t>(), latest["known_at"]["seq"].get<int64_t>());
  EXPECT_LE(early["known_at"]["recorded_at"].get<std::string>(), "2025-07-10T23:59:59.999999Z");
  int64_t early_minutes = 0, latest_minutes = 0;
  for (const json& m : early["members"]) early_minutes += m["paid_minutes"].get<int64_t>();
  for (const json& m : latest["members"]) latest_minutes += m["paid_minutes"].get<int64_t>();
  EXPECT_LT(early_minutes, latest_minutes);
  // The same seq given as a number answers the same.
  const HttpAnswer by_seq = client.Get(
      Fill("/api/activities/{cjs}/dashboard?on=2025-07-10&known_at=") +
          std::to_string(early["known_at"]["seq"].get<int64_t>()),
      committee);
  EXPECT_EQ(json::parse(by_seq.body), early);
}

TEST_F(HttpApiTest, PayslipPdfIsAPdf) {
  HttpClient client(server_->port());
  const HttpAnswer answer = client.Get(Fill("/api/payslips/2025-07/{youth}/pdf"), tokens_["member"]);
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.content_type, "application/pdf");
  EXPECT_EQ(answer.body.substr(0, 5), "%PDF-");
  // Handed out, so recorded as an export, with the member's token as actor.
  const HttpAnswer exports = client.Get("/api/events?stream=exports&limit=1000", tokens_["admin"]);
  ASSERT_EQ(exports.status, 200) << exports.body;
  const json last = json::parse(exports.body)["events"].back();
  EXPECT_EQ(last["type"], "ExportRecorded");
  EXPECT_EQ(last["body"]["export_kind"], "payslip-pdf");
  EXPECT_EQ(last["body"]["file_sha256"], engine::ToHex(engine::Sha256(answer.body)));
  EXPECT_EQ(last["actor"]["id"], token_ids_["member"]);
}

TEST_F(HttpApiTest, WritingVerbsFailNamingTheServerWhileReadingVerbsWork) {
  const RunOutput write = RunCoopledger({"record", "close-period", "--data", Data()}, "{}");
  EXPECT_EQ(write.exit_code, 1) << write.err;
  EXPECT_NE(write.err.find("store_locked"), std::string::npos) << write.err;
  EXPECT_NE(write.err.find("coopledger serve at http://127.0.0.1"), std::string::npos) << write.err;
  const RunOutput read = RunCoopledger({"balances", "--data", Data(), "--format", "json"});
  EXPECT_EQ(read.exit_code, 0) << read.err;
}

TEST_F(HttpApiTest, RevokedTokenIsRefusedAtTheNextRequest) {
  const RunOutput created = RunCoopledger({"token", "create", "--data", Data(), "--role", "accountant"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string id = created.out.substr(0, created.out.find(' '));
  const std::string secret = created.out.substr(id.size() + 1, created.out.find('\n') - id.size() - 1);
  HttpClient client(server_->port());
  EXPECT_EQ(client.Get("/api/me", secret).status, 200);
  const RunOutput revoked = RunCoopledger({"token", "revoke", "--data", Data(), id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(client.Get("/api/me", secret).status, 401);
  EXPECT_EQ(RunCoopledger({"token", "revoke", "--data", Data(), "tok-none"}).exit_code, 1);
}

TEST_F(HttpApiTest, TokensAreStoredHashedAndScopesChecked) {
  const std::string file = Data() + "/access-tokens";
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& [role, secret] : tokens_) EXPECT_EQ(text.find(secret), std::string::npos) << role;
  EXPECT_EQ(RunCoopledger({"token", "create", "--data", Data(), "--role", "committee"}).exit_code, 2);
  EXPECT_EQ(RunCoopledger({"token", "create", "--data", Data(), "--role", "committee", "--scope",
                           "NO-SUCH"}).exit_code, 1);
  EXPECT_EQ(RunCoopledger({"token", "create", "--data", Data(), "--role", "king"}).exit_code, 2);
}

TEST_F(HttpApiTest, FacilitatorRecordsHoursDurablyAndARetryIsAnsweredWithTheSameSeqs) {
  HttpClient client(server_->port());
  const std::string body = Fill(
      R"({"member_id":"{youth}","job_id":"","internal_task":"officeDuty","day":"2025-07-01","start_minute":1080,"minutes":30})");
  const std::map<std::string, std::string> key = {{"Idempotency-Key", "http-test-hours-1"}};
  const HttpAnswer first = client.Send("POST", "/api/commands/log-hours", tokens_["facilitator"], body, key);
  ASSERT_EQ(first.status, 200) << first.body;
  const json appended = json::parse(first.body);
  EXPECT_FALSE(appended["replayed"].get<bool>());
  ASSERT_EQ(appended["seqs"].size(), 1u);
  const HttpAnswer retry = client.Send("POST", "/api/commands/log-hours", tokens_["facilitator"], body, key);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(json::parse(retry.body)["replayed"].get<bool>());
  EXPECT_EQ(json::parse(retry.body)["seqs"], appended["seqs"]);
  const HttpAnswer events = client.Get(
      "/api/events?limit=1&from_seq=" + std::to_string(appended["seqs"][0].get<int64_t>()), tokens_["admin"]);
  const json event = json::parse(events.body)["events"][0];
  EXPECT_EQ(event["type"], "HoursLogged");
  EXPECT_EQ(event["actor"]["id"], token_ids_["facilitator"]);
  EXPECT_EQ(event["actor"]["role"], "facilitator");
}

TEST(HttpServerTest, StopsOnSigtermAfterAnsweringAndReleasesTheStore) {
  TempDir dir;
  ASSERT_EQ(RunCoopledger({"init", "--data", dir.Sub("data")}).exit_code, 0);
  ServedStore server(dir.Sub("data"));
  ASSERT_TRUE(server.ok()) << server.output();
  HttpClient client(server.port());
  EXPECT_EQ(client.Get("/api/health", "").status, 200);
  EXPECT_EQ(server.Stop(), 0) << server.output();
  EXPECT_NE(server.output().find("stopped"), std::string::npos) << server.output();
  EXPECT_EQ(RunCoopledger({"init", "--data", dir.Sub("data")}).exit_code, 0);
}

TEST(HttpServerTest, ATokenOverItsRateIsAnswered429) {
  TempDir dir;
  ASSERT_EQ(RunCoopledger({"init", "--data", dir.Sub("data")}).exit_code, 0);
  const RunOutput created = RunCoopledger({"token", "create", "--data", dir.Sub("data"), "--role", "admin"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string secret = created.out.substr(created.out.find(' ') + 1, 64);
  ServedStore server(dir.Sub("data"), {"--rate-limit", "3"});
  ASSERT_TRUE(server.ok()) << server.output();
  HttpClient client(server.port());
  int limited = 0;
  for (int i = 0; i < 10; ++i) {
    const HttpAnswer answer = client.Get("/api/me", secret);
    if (answer.status == 429) {
      ++limited;
      EXPECT_EQ(json::parse(answer.body)["error"]["code"], "rate_limited");
    }
  }
  EXPECT_GE(limited, 5);
  EXPECT_EQ(client.Get("/api/health", "").status, 200) << "public routes are not counted";
}

}  // namespace
}  // namespace coopledger::test
