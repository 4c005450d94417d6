// The payroll, declaration and audit routes end to end: each answers what the command line
// answers on the same store (reading verbs work while the server holds it), and the steps it
// appends go through the server's CommandService into the one log.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <tuple>
#include <nlohmann/json.hpp>

#include "engine/command_service.h"
#include "engine/event_store.h"
#include "engine/hash_chain.h"
#include "tests/adapters/demo_server_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

class HttpRoutesTest : public DemoServerTest {
 protected:
  // GET `target` as `role`, which must answer 200 with JSON.
  static json GetJson(HttpClient& client, const std::string& target, const std::string& role) {
    const HttpAnswer answer = client.Get(target, tokens_[role]);
    EXPECT_EQ(answer.status, 200) << target << ": " << answer.body;
    if (answer.status != 200) return json();
    EXPECT_EQ(answer.content_type, "application/json") << target;
    return json::parse(answer.body);
  }
  // `coopledger ARGS --data DATA`, which must succeed, its output as JSON.
  static json CliJson(std::vector<std::string> arguments) {
    arguments.insert(arguments.end(), {"--data", Data()});
    const RunOutput run = RunCoopledger(arguments);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    if (run.exit_code != 0) return json();
    return json::parse(run.out);
  }
  static std::string WriteFile(const std::string& name, const std::string& bytes) {
    const std::string path = dir_->Sub(name);
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }
  // The last event of the stream "exports".
  static json LastExport(HttpClient& client) {
    const json page = GetJson(client, "/api/events?stream=exports&limit=1000", "admin");
    EXPECT_FALSE(page["events"].empty());
    return page["events"].empty() ? json() : page["events"].back();
  }
};

std::string NextMonth(const std::string& month) {
  int year = std::stoi(month.substr(0, 4));
  int number = std::stoi(month.substr(5, 2)) + 1;
  if (number == 13) {
    number = 1;
    ++year;
  }
  return std::to_string(year) + (number < 10 ? "-0" : "-") + std::to_string(number);
}

TEST_F(HttpRoutesTest, PayrollMonthIsWhatPayrollShowSays) {
  HttpClient client(server_->port());
  const json month = GetJson(client, "/api/payroll/2025-07", "admin");
  const json shown = CliJson({"payroll", "show", "--month", "2025-07", "--format", "json"});
  ASSERT_TRUE(month["payslips"].is_array());
  ASSERT_EQ(month["payslips"].size(), shown.size());
  int64_t net = 0;
  for (size_t i = 0; i < shown.size(); ++i) {
    json payslip = month["payslips"][i];
    payslip.erase("wages_paid_cents");
    EXPECT_EQ(payslip, shown[i]);
    net += shown[i]["net_paid_cents"].get<int64_t>();
  }
  EXPECT_EQ(month["net_paid_cents"].get<int64_t>(), net);
  EXPECT_TRUE(month["closed"].get<bool>());
  EXPECT_EQ(month["wages_paid_cents"], month["net_paid_cents"]) << "the demo paid July";
  ASSERT_FALSE(month["contributions"].empty());
  for (const json& body : month["contributions"]) EXPECT_EQ(body["paid_cents"], body["due_cents"]);
  // The committee sees its own activity's payslips, without the CAE's contributions.
  const json committee = GetJson(client, "/api/payroll/2025-07", "committee");
  EXPECT_EQ(committee["activity"], cjs_);
  EXPECT_FALSE(committee.contains("contributions"));
  ASSERT_FALSE(committee["payslips"].empty());
  for (const json& payslip : committee["payslips"]) EXPECT_EQ(payslip["activity_id"], cjs_);
}

TEST_F(HttpRoutesTest, RunCloseAndPayAMonthThenFileAndDownloadItsDsn) {
  HttpClient client(server_->port());
  // The demo pays until June 2026; a KPA-Cite member joins in July, through the server.
  const std::string month = "2026-07";
  ASSERT_FALSE(GetJson(client, "/api/payroll/" + month, "admin")["closed"].get<bool>());
  const HttpAnswer joined = client.Send(
      "POST", "/api/commands/join", tokens_["support"],
      R"({"member_id":"KM-9001","activity_id":"KPA-VERGNES-2025","regime":"cape",)"
      R"("contract":"cape","contract_start":"2026-07-01","contract_end":"2026-12-31",)"
      R"("hourly_rate_cents":0,"birth_year":1990,"weekly_minutes":0,"personal":{)"
      R"("person_id":"KM-9001","clear":{"given_name":"Ines","family_name":"Roux",)"
      R"("birth_date":"1990-04-02","address":"3 rue des Vergnes, 63100 Clermont-Ferrand",)"
      R"("social_security_number":"290046310812345"}}})");
  ASSERT_EQ(joined.status, 200) << joined.body;
  const std::string admin = tokens_["admin"];
  const std::map<std::string, std::string> key = {{"Idempotency-Key", "http-run-" + month}};
  const HttpAnswer run = client.Send("POST", "/api/payroll/" + month + "/run", admin, "", key);
  ASSERT_EQ(run.status, 200) << run.body;
  const json issued = json::parse(run.body);
  ASSERT_GT(issued["payslips_issued"].get<int64_t>(), 0) << run.body;
  ASSERT_FALSE(issued["seqs"].empty());
  EXPECT_FALSE(issued["replayed"].get<bool>());
  const HttpAnswer retry = client.Send("POST", "/api/payroll/" + month + "/run", admin, "", key);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(json::parse(retry.body)["replayed"].get<bool>());
  EXPECT_EQ(json::parse(retry.body)["seqs"], issued["seqs"]);
  // Paying before the month is closed is allowed; closing it twice is not.
  const HttpAnswer closed = client.Send("POST", "/api/payroll/" + month + "/close", admin);
  ASSERT_EQ(closed.status, 200) << closed.body;
  const HttpAnswer again = client.Send("POST", "/api/payroll/" + month + "/close", admin);
  EXPECT_GE(again.status, 400) << again.body;
  const HttpAnswer bad_day =
      client.Send("POST", "/api/payroll/" + month + "/pay", admin, R"({"on":"someday"})");
  EXPECT_EQ(bad_day.status, 400) << bad_day.body;
  const HttpAnswer paid = client.Send("POST", "/api/payroll/" + month + "/pay", tokens_["support"],
                                      R"({"on":"2026-11-03"})");
  ASSERT_EQ(paid.status, 200) << paid.body;
  EXPECT_GT(json::parse(paid.body)["payments"].get<int64_t>(), 0);
  const json summary = GetJson(client, "/api/payroll/" + month, "admin");
  EXPECT_TRUE(summary["closed"].get<bool>());
  EXPECT_EQ(summary["payslip_count"], issued["payslips_issued"]);
  EXPECT_EQ(summary["wages_paid_cents"], summary["net_paid_cents"]);
  // The events carry the token that ran each step.
  const json first = GetJson(
      client, "/api/events?limit=1&from_seq=" + std::to_string(issued["seqs"][0].get<int64_t>()),
      "admin")["events"][0];
  EXPECT_EQ(first["actor"]["id"], token_ids_["admin"]);

  // The accountant files the month's DSN, then downloads the filed file.
  const HttpAnswer filed =
      client.Send("POST", "/api/declarations/dsn/" + month, tokens_["accountant"]);
  ASSERT_EQ(filed.status, 200) << filed.body;
  const json filing = json::parse(filed.body);
  EXPECT_EQ(filing["reference"], "DSN-" + month);
  const HttpAnswer twice =
      client.Send("POST", "/api/declarations/dsn/" + month, tokens_["accountant"]);
  EXPECT_TRUE(twice.status == 200 || twice.status == 409 || twice.status == 422) << twice.body;
  const HttpAnswer file =
      client.Get("/api/declarations/dsn/" + month + "/file?real=true", tokens_["accountant"]);
  ASSERT_EQ(file.status, 200) << file.body;
  EXPECT_EQ(file.content_type, "text/plain; charset=ISO-8859-1");
  EXPECT_EQ(engine::ToHex(engine::Sha256(file.body)), filing["sha256"]) << "the filed file";
  const RunOutput checked = RunCoopledger({"check-dsn", WriteFile("dsn.txt", file.body)});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;
  const json exported = LastExport(client);
  EXPECT_EQ(exported["type"], "ExportRecorded");
  EXPECT_EQ(exported["body"]["export_kind"], "dsn");
  EXPECT_EQ(exported["body"]["file_sha256"], filing["sha256"]);
  EXPECT_EQ(exported["actor"]["role"], "accountant");
  // Every append went into the one chain, and the server's state kept up with it.
  const RunOutput verified = RunCoopledger({"verify", "--data", Data()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

TEST_F(HttpRoutesTest, UrssafAndVatReturnAreTheReportsAndTheVatReturnIsFiledOnce) {
  HttpClient client(server_->port());
  EXPECT_EQ(GetJson(client, "/api/urssaf?month=2025-07", "accountant"),
            CliJson({"report", "urssaf", "--month", "2025-07", "--format", "json"}));
  json vat = GetJson(client, "/api/vat-return?month=2025-07", "accountant");
  vat.erase("known_at");
  EXPECT_EQ(vat, CliJson({"report", "vat", "--month", "2025-07", "--format", "json"}));
  const json early =
      GetJson(client, "/api/vat-return?month=2025-07&known_at=2025-07-10T00:00:00Z", "accountant");
  EXPECT_LT(early["known_at"]["seq"].get<int64_t>(), 2000);
  EXPECT_EQ(client.Get("/api/vat-return?month=July", tokens_["admin"]).status, 400);

  const HttpAnswer filed = client.Send("POST", "/api/declarations/vat/2025-07", tokens_["admin"]);
  ASSERT_EQ(filed.status, 200) << filed.body;
  const json filing = json::parse(filed.body);
  EXPECT_EQ(filing["reference"], "CA3-2025-07");
  EXPECT_EQ(engine::ToHex(engine::Sha256(filing["lines"].get<std::string>())), filing["sha256"]);
  const HttpAnswer retry = client.Send("POST", "/api/declarations/vat/2025-07", tokens_["admin"]);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_TRUE(json::parse(retry.body)["replayed"].get<bool>()) << "the same return, once";
  EXPECT_EQ(json::parse(retry.body)["seqs"], filing["seqs"]);
  const HttpAnswer unknown =
      client.Send("POST", "/api/declarations/fctu/NOBODY", tokens_["accountant"]);
  EXPECT_EQ(unknown.status, 404) << unknown.body;
  // The demo filed each youth's end-of-contract signal: a second filing is refused, by the
  // service's state.
  const HttpAnswer refiled =
      client.Send("POST", Fill("/api/declarations/fctu/{youth}"), tokens_["accountant"]);
  EXPECT_EQ(refiled.status, 409) << refiled.body;
  EXPECT_EQ(json::parse(refiled.body)["error"]["code"], "already_exists");
}

// The accountant downloads the year's FEC: the file passes the FEC checks, is named after the
// SIREN and the closing date, and its download is recorded with its SHA-256.
TEST_F(HttpRoutesTest, TheFecOfAYearIsAFileThatPassesCheckFecAndIsRecorded) {
  HttpClient client(server_->port());
  const HttpAnswer fec = client.Get("/api/exports/fec?year=2025", tokens_["accountant"]);
  ASSERT_EQ(fec.status, 200) << fec.body;
  EXPECT_EQ(fec.content_type, "text/plain; charset=ISO-8859-15");
  EXPECT_EQ(fec.body.rfind("JournalCode\t", 0), 0u) << fec.body.substr(0, 200);
  const json exported = LastExport(client);
  EXPECT_EQ(exported["body"]["export_kind"], "fec");
  EXPECT_EQ(exported["body"]["file_sha256"], engine::ToHex(engine::Sha256(fec.body)));
  const std::string name = exported["body"]["file_name"];
  EXPECT_NE(name.find("FEC20251231"), std::string::npos) << name;
  const RunOutput checked = RunCoopledger({"check-fec", WriteFile(name, fec.body)});
  EXPECT_EQ(checked.exit_code, 0) << checked.out << checked.err;

  // As the books stood on 10 July 2025: fewer lines than today's.
  const HttpAnswer early = client.Get(
      "/api/exports/fec?year=2025&known_at=2025-07-10T00:00:00Z", tokens_["admin"]);
  ASSERT_EQ(early.status, 200) << early.body;
  EXPECT_LT(std::count(early.body.begin(), early.body.end(), '\n'),
            std::count(fec.body.begin(), fec.body.end(), '\n'));
  EXPECT_EQ(client.Get("/api/exports/fec?year=twenty", tokens_["admin"]).status, 400);
  EXPECT_EQ(client.Get("/api/exports/fec?year=2025&separator=comma", tokens_["admin"]).status, 400);
}

// An invoice as PDF: its activity's committee and the accountant get it, another activity's
// committee learns nothing, and before its validation it does not exist.
TEST_F(HttpRoutesTest, AnInvoicePdfIsForItsActivityAndAsTheBooksKnewIt) {
  HttpClient client(server_->port());
  json cjs_invoice, other_invoice;
  for (int64_t from = 1; cjs_invoice.is_null() || other_invoice.is_null();) {
    const json page = GetJson(client, "/api/events?limit=1000&from_seq=" + std::to_string(from),
                              "admin");
    if (page["events"].empty()) break;
    for (const json& event : page["events"]) {
      if (event["type"] != "InvoiceValidated") continue;
      json& slot = event["body"]["activity_id"] == cjs_ ? cjs_invoice : other_invoice;
      if (slot.is_null()) slot = event;
    }
    from = page["events"].back()["seq"].get<int64_t>() + 1;
  }
  ASSERT_FALSE(cjs_invoice.is_null());
  ASSERT_FALSE(other_invoice.is_null());
  const std::string number = cjs_invoice["body"]["invoice_number"];
  const std::string path = "/api/invoices/" + number + "/pdf";

  const HttpAnswer pdf = client.Get(path, tokens_["committee"]);
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  EXPECT_EQ(pdf.body.rfind("%PDF-", 0), 0u);
  const json exported = LastExport(client);
  EXPECT_EQ(exported["body"]["export_kind"], "invoice-pdf");
  EXPECT_EQ(exported["body"]["file_sha256"], engine::ToHex(engine::Sha256(pdf.body)));
  EXPECT_EQ(exported["actor"]["role"], "committee");
  // The same document for the accountant: a PDF is the same bytes for the same source.
  EXPECT_EQ(client.Get(path, tokens_["accountant"]).body, pdf.body);

  const std::string other_path =
      "/api/invoices/" + other_invoice["body"]["invoice_number"].get<std::string>() + "/pdf";
  EXPECT_EQ(client.Get(other_path, tokens_["committee"]).status, 404);
  EXPECT_EQ(client.Get(other_path, tokens_["accountant"]).status, 200);
  EXPECT_EQ(client.Get(path, tokens_["facilitator"]).status, 403);
  const std::string before = std::to_string(cjs_invoice["seq"].get<int64_t>() - 1);
  EXPECT_EQ(client.Get(path + "?known_at=" + before, tokens_["admin"]).status, 404);
}

// The ledger's reports are the command line's JSON, on the same store, as known at any point.
TEST_F(HttpRoutesTest, TheLedgerReportsAreTheCommandLines) {
  HttpClient client(server_->port());
  const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
      {"/api/reports/general-ledger?year=2025&account=41",
       {"report", "general-ledger", "--year", "2025", "--account", "41"}},
      {"/api/reports/journal?year=2025&journal=VE",
       {"report", "journal", "--year", "2025", "--journal", "VE"}},
      {"/api/reports/activities?year=2025", {"report", "activities", "--year", "2025"}},
      {"/api/reports/treasury?on=2025-09-30", {"report", "treasury", "--on", "2025-09-30"}},
      {"/api/reports/activities?year=2025&known_at=2025-07-10T00:00:00Z",
       {"report", "activities", "--year", "2025", "--known-at", "2025-07-10T00:00:00Z"}},
  };
  for (const auto& [target, arguments] : cases) {
    SCOPED_TRACE(target);
    std::vector<std::string> cli = arguments;
    cli.insert(cli.end(), {"--format", "json"});
    const json answer = GetJson(client, target, "accountant");
    EXPECT_FALSE(answer["report"].empty());
    EXPECT_EQ(answer["report"], CliJson(cli));
  }
  EXPECT_NE(GetJson(client, "/api/reports/activities?year=2025", "accountant")["report"],
            GetJson(client, "/api/reports/activities?year=2025&known_at=2025-07-10T00:00:00Z",
                    "accountant")["report"]);
  const HttpAnswer bad = client.Get("/api/reports/journal?year=2025&journal=XX", tokens_["admin"]);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("journal: \\\"XX\\\" is not a journal"), std::string::npos) << bad.body;
  EXPECT_EQ(client.Get("/api/reports/treasury?on=30/09/2025", tokens_["admin"]).status, 400);
}

TEST_F(HttpRoutesTest, SealsProofsExplanationsDiffAndPayoutsAreTheCommandLines) {
  HttpClient client(server_->port());
  const json seals = GetJson(client, "/api/seals", "accountant");
  EXPECT_EQ(seals["seals"], CliJson({"seals", "--format", "json"}));
  ASSERT_FALSE(seals["seals"].empty());
  // Seal the month after the last sealed one: the demo recorded that seal in it.
  const std::string month = NextMonth(seals["seals"].back()["month"].get<std::string>());
  const HttpAnswer sealed = client.Send("POST", "/api/seals/" + month, tokens_["support"]);
  ASSERT_EQ(sealed.status, 200) << sealed.body;
  const json seal = json::parse(sealed.body)["seal"];
  EXPECT_EQ(seal["month"], month);
  const HttpAnswer retry = client.Send("POST", "/api/seals/" + month, tokens_["support"]);
  ASSERT_EQ(retry.status, 200) << retry.body;
  EXPECT_EQ(json::parse(retry.body)["seqs"], json::parse(sealed.body)["seqs"]);
  // A proof fetched over HTTP checks with nothing but itself, against the printed seal.
  const HttpAnswer proof = client.Get(
      "/api/proofs/" + std::to_string(seal["first_seq"].get<int64_t>()), tokens_["admin"]);
  ASSERT_EQ(proof.status, 200) << proof.body;
  const RunOutput verified = RunCoopledger({"verify-proof", WriteFile("proof.json", proof.body)});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_EQ(verified.out.rfind("ok: ", 0), 0u) << verified.out;
  const RunOutput proved =
      RunCoopledger({"prove", std::to_string(seal["first_seq"].get<int64_t>()), "--data", Data()});
  EXPECT_EQ(proof.body, proved.out) << "the same proof file, byte for byte";

  // A member explains their own net pay; the answer is `explain --format json`'s.
  json net_pay = GetJson(client, Fill("/api/explanations/net-pay/{youth}/2025-07"), "member");
  net_pay.erase("known_at");
  EXPECT_EQ(net_pay, CliJson({"explain", "net-pay", "--member", youth_, "--month", "2025-07",
                              "--format", "json"}));
  EXPECT_FALSE(net_pay["changed_by"].empty());
  EXPECT_FALSE(net_pay["inputs"].empty());
  json balance =
      GetJson(client, Fill("/api/explanations/balance/{youth}?known_at=1000"), "committee");
  EXPECT_EQ(balance["known_at_seq"], 1000);
  EXPECT_EQ(
      client.Get(Fill("/api/explanations/net-pay/{youth}/2025-07"), tokens_["facilitator"]).status,
      403);

  json diff = GetJson(client, "/api/diff?from=1000&to=3000&family=net-pay", "admin");
  EXPECT_EQ(diff["from"]["seq"], 1000);
  diff.erase("from");
  diff.erase("to");
  EXPECT_EQ(diff, CliJson({"diff", "--from", "1000", "--to", "3000", "--family", "net-pay",
                           "--format", "json"}));
  EXPECT_EQ(client.Get("/api/diff?from=3000&to=1000", tokens_["admin"]).status, 400);
  EXPECT_EQ(client.Get("/api/diff", tokens_["admin"]).status, 400);

  const json payouts = GetJson(client, "/api/payouts?flagged=true", "accountant");
  EXPECT_EQ(payouts["payouts"], CliJson({"report", "payouts", "--flagged", "--format", "json"}));
  EXPECT_GT(payouts["payout_count"].get<int64_t>(), 0);
}

// The members' balances as known at any seq are what the command line folds from event 1 to that
// seq (`--on` a day after every fact: the fold, not the snapshots and figure movements the API
// reads), with each member's name beside them.
TEST_F(HttpRoutesTest, TheBalancesAsKnownAtAnySeqAreTheFoldFromEventOne) {
  HttpClient client(server_->port());
  const RunOutput stats = RunCoopledger({"stats", "--data", Copy(), "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const int64_t head = json::parse(stats.out)["head_seq"].get<int64_t>();
  for (const int64_t seq : {head / 5, head / 2 + 1, head - 3, head}) {
    const std::string known_at = std::to_string(seq);
    json api = GetJson(client, "/api/balances?known_at=" + known_at, "admin");
    ASSERT_EQ(api["known_at"]["seq"], seq);
    json members = json::array();
    size_t named = 0;
    for (json member : api["members"]) {
      if (!member["name"].get<std::string>().empty()) ++named;
      member.erase("name");
      // The command line's accounts leave out other income (grants, self-financing).
      if (member.contains("activity_account")) member["activity_account"].erase("other_income_cents");
      members.push_back(std::move(member));
    }
    const RunOutput fold = RunCoopledger({"balances", "--data", Copy(), "--known-at", known_at,
                                          "--on", "2100-01-01", "--format", "json"});
    ASSERT_EQ(fold.exit_code, 0) << fold.err;
    EXPECT_EQ(members, json::parse(fold.out)) << "known at seq " << seq;
    EXPECT_FALSE(members.empty()) << "known at seq " << seq;
    EXPECT_GT(named, 0u) << "known at seq " << seq;
  }
}

// The accountant's and the payroll's files are the command line's, byte for byte: each is asked
// over HTTP as the books stood when the server started, and written by the command line from a
// copy of the store taken then; each download is recorded as an export.
TEST_F(HttpRoutesTest, TheFilesOfTheBooksAndThePayrollAreTheCommandLines) {
  HttpClient client(server_->port());
  const RunOutput stats = RunCoopledger({"stats", "--data", Copy(), "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const std::string head = std::to_string(json::parse(stats.out)["head_seq"].get<int64_t>());
  const auto cli = [](std::vector<std::string> arguments) {
    arguments.insert(arguments.end(), {"--data", Copy()});
    const RunOutput run = RunCoopledger(arguments);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.out;
  };
  const auto file = [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const auto get = [&](const std::string& target, const std::string& role,
                       const std::string& content_type, const std::string& kind) {
    const HttpAnswer answer = client.Get(target, tokens_[role]);
    EXPECT_EQ(answer.status, 200) << target << ": " << answer.body;
    EXPECT_EQ(answer.content_type, content_type) << target;
    const json exported = LastExport(client);
    EXPECT_EQ(exported["body"]["export_kind"], kind) << target;
    EXPECT_EQ(exported["body"]["file_sha256"], engine::ToHex(engine::Sha256(answer.body)))
        << target;
    EXPECT_EQ(exported["actor"]["role"], role) << target;
    return answer.body;
  };

  // The transfer file names the log's state it comes from (the copy's head while the command
  // line has recorded nothing in it yet) and the time it was made: the rest is the command line's.
  const auto without_creation_time = [](std::string xml) {
    const size_t open = xml.find("<CreDtTm>");
    const size_t close = xml.find("</CreDtTm>");
    EXPECT_NE(open, std::string::npos);
    if (open != std::string::npos && close != std::string::npos) xml.erase(open, close - open);
    return xml;
  };
  const std::string transfer =
      get("/api/payroll/2025-07/transfer?on=2025-08-04&known_at=" + head, "support",
          "application/xml", "sepa-wages");
  EXPECT_NE(transfer.find("<MsgId>SAL-2025-07-" + head + "</MsgId>"), std::string::npos);
  cli({"payroll", "transfer", "--month", "2025-07", "--on", "2025-08-04", "--out",
       Copy() + "/transfer.xml"});
  EXPECT_EQ(without_creation_time(transfer), without_creation_time(file(Copy() + "/transfer.xml")));

  const std::string journal = get("/api/exports/ledger?year=2025&known_at=" + head, "accountant",
                                  "text/plain; charset=utf-8", "ledger");
  EXPECT_EQ(journal.rfind("; coopledger journal of fiscal year 2025", 0), 0u) << journal.substr(0, 80);
  EXPECT_EQ(journal, cli({"export", "ledger", "--year", "2025"}));

  const std::string sage = get("/api/exports/sage?year=2025&label_length=25&known_at=" + head,
                               "support", "text/csv; charset=ISO-8859-15", "sage");
  cli({"export", "sage", "--year", "2025", "--label-length", "25", "--out", Copy() + "/sage.csv"});
  EXPECT_GT(std::count(sage.begin(), sage.end(), '\n'), 100);
  EXPECT_EQ(sage, file(Copy() + "/sage.csv"));

  const std::string dpae = get("/api/exports/dpae?month=2025-07&known_at=" + head, "admin",
                               "text/csv; charset=utf-8", "dpae");
  cli({"export", "dpae", "--month", "2025-07", "--out", Copy() + "/dpae.csv"});
  EXPECT_NE(dpae.find(youth_), std::string::npos) << dpae;
  EXPECT_EQ(dpae, file(Copy() + "/dpae.csv"));

  // The youth downloads their own end-of-contract documents.
  cli({"payroll", "end-of-contract", "--member", youth_, "--out", Copy() + "/ended"});
  for (const std::string document : {"work-certificate", "final-settlement-receipt"}) {
    SCOPED_TRACE(document);
    const std::string pdf = get("/api/end-of-contract/" + youth_ + "/" + document, "member",
                                "application/pdf", document);
    const std::string name = document == "work-certificate" ? "certificat-de-travail-"
                                                            : "solde-de-tout-compte-";
    EXPECT_EQ(pdf, file(Copy() + "/ended/" + name + youth_ + ".pdf"));
  }

  // The end-of-contract signal, as `export fctu` writes it.
  const std::string fctu = get("/api/declarations/fctu/" + youth_ + "/file", "accountant",
                               "text/plain; charset=ISO-8859-1", "fctu");
  cli({"export", "fctu", "--member", youth_, "--out", Copy() + "/fctu.txt"});
  EXPECT_EQ(fctu, file(Copy() + "/fctu.txt"));

  // Bad input names its parameter and records nothing.
  const size_t exports =
      GetJson(client, "/api/events?stream=exports&limit=1000", "admin")["events"].size();
  const std::vector<std::tuple<std::string, int, std::string>> refused = {
      {"/api/exports/sage?year=2025&label_length=0", 400, "label_length: \\\"0\\\" is not 1 to 255"},
      {"/api/exports/ledger?year=25x", 400, "year: "},
      {"/api/exports/dpae?month=2025-13", 400, "month: "},
      {"/api/payroll/2024-01/transfer", 404, "month: no net wage to pay for 2024-01"},
      {"/api/payroll/2025-07/transfer?on=tomorrow", 400, "on: "},
      {"/api/end-of-contract/" + youth_ + "/contract", 400, "document: \\\"contract\\\" is not"},
      {"/api/end-of-contract/KM-0001/work-certificate", 400,
       "member: KM-0001 holds a CAPE, not an employment contract"},
      {"/api/end-of-contract/NOBODY/work-certificate", 404, "member: no member NOBODY"},
  };
  for (const auto& [target, status, message] : refused) {
    SCOPED_TRACE(target);
    const HttpAnswer answer = client.Get(target, tokens_["admin"]);
    EXPECT_EQ(answer.status, status) << answer.body;
    EXPECT_NE(answer.body.find(message), std::string::npos) << answer.body;
  }
  EXPECT_EQ(GetJson(client, "/api/events?stream=exports&limit=1000", "admin")["events"].size(),
            exports);
}

// A CSV file over HTTP is `coopledger import`: every line or none, refusals named by line, the
// same file again appends nothing, and a facilitator imports for their own activity only.
TEST_F(HttpRoutesTest, AFacilitatorImportsJobsForTheirActivityEveryLineOrNone) {
  HttpClient client(server_->port());
  const auto post = [&client](const std::string& target, const std::string& role,
                              const std::string& body) {
    return client.Send("POST", target, tokens_[role], body);
  };
  const HttpAnswer clients = post("/api/imports/clients", "support",
                                  "client_id;kind;name\nC-HTTP-1;association;Amicale des Vergnes\n");
  ASSERT_EQ(clients.status, 200) << clients.body;
  EXPECT_EQ(json::parse(clients.body)["lines"], 1);
  EXPECT_EQ(post("/api/imports/clients", "facilitator", "client_id;kind;name\n").status, 403);

  const std::string header = "job_id;client_id;activity_id;service;scheduled_on;agreed_price\n";
  const std::string jobs = header + "J-HTTP-1;C-HTTP-1;" + cjs_ + ";gardening;2025-08-20;120,00\n" +
                           "J-HTTP-2;C-HTTP-1;" + cjs_ + ";moving;2025-08-21;80\n";
  const size_t before = GetJson(client, "/api/events?stream=job/J-HTTP-1", "admin")["events"].size();
  EXPECT_EQ(before, 0u);

  // Another activity's line: refused as a whole, naming the line.
  const HttpAnswer outside =
      post("/api/imports/jobs", "facilitator", jobs + "J-HTTP-3;C-HTTP-1;" + other_ + ";gardening;2025-08-22;50\n");
  EXPECT_EQ(outside.status, 403) << outside.body;
  EXPECT_NE(outside.body.find("line 4 is for " + other_), std::string::npos) << outside.body;
  // A bad line: 400 naming its line and column; nothing appended.
  const HttpAnswer bad = post("/api/imports/jobs", "facilitator",
                              jobs + "J-HTTP-3;C-HTTP-1;" + cjs_ + ";gardening;2025-08-32;50\n");
  EXPECT_EQ(bad.status, 400) << bad.body;
  EXPECT_NE(bad.body.find("line 4: scheduled_on: "), std::string::npos) << bad.body;
  EXPECT_EQ(GetJson(client, "/api/events?stream=job/J-HTTP-2", "admin")["events"].size(), 0u);

  const HttpAnswer imported = post("/api/imports/jobs", "facilitator", jobs);
  ASSERT_EQ(imported.status, 200) << imported.body;
  const json answer = json::parse(imported.body);
  EXPECT_EQ(answer["lines"], 2);
  EXPECT_EQ(answer["seqs"].size(), 2u);
  EXPECT_FALSE(answer["replayed"].get<bool>());
  EXPECT_EQ(answer["command_id"].get<std::string>().rfind("import-jobs-", 0), 0u);
  const json event = GetJson(client, "/api/events?stream=job/J-HTTP-2", "admin")["events"];
  ASSERT_EQ(event.size(), 1u);
  EXPECT_EQ(event[0]["type"], "JobAgreed");
  EXPECT_EQ(event[0]["actor"]["role"], "facilitator");
  EXPECT_EQ(event[0]["seq"], answer["seqs"][1]);
  // The same file again: the first answer, nothing appended.
  const HttpAnswer again = post("/api/imports/jobs", "facilitator", jobs);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_TRUE(json::parse(again.body)["replayed"].get<bool>());
  EXPECT_EQ(json::parse(again.body)["seqs"], answer["seqs"]);
  EXPECT_EQ(post("/api/imports/invoices", "admin", header).status, 400);
  EXPECT_EQ(post("/api/imports/jobs?separator=tab", "admin", jobs).status, 400);
}

// A simulation is the command line's, for any token; the chain's check is `verify`'s.
TEST_F(HttpRoutesTest, SimulateAndVerifyAreTheCommandLines) {
  HttpClient client(server_->port());
  const std::string situations =
      R"([{"month":"2025-07","contract":"CDD","age":16,"base_gross_cents":95000,"hours":80,"school_holiday_job":true},)"
      R"({"month":"2026-03","contract":"CDI","age":30,"base_gross_cents":182303,"time_fraction":1}])";
  const HttpAnswer simulated =
      client.Send("POST", "/api/payroll/simulate", tokens_["member"], situations);
  ASSERT_EQ(simulated.status, 200) << simulated.body;
  const RunOutput cli = RunCoopledger({"payroll", "simulate"}, situations);
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  EXPECT_EQ(json::parse(simulated.body), json::parse(cli.out));
  EXPECT_EQ(json::parse(simulated.body).size(), 2u);
  const HttpAnswer refused = client.Send("POST", "/api/payroll/simulate", tokens_["member"],
                                         R"({"month":"2025-07","contract":"CDD","hours":5})");
  EXPECT_EQ(refused.status, 400);
  EXPECT_NE(refused.body.find("age: required"), std::string::npos) << refused.body;

  const json verified = GetJson(client, "/api/verify", "accountant");
  EXPECT_TRUE(verified["ok"].get<bool>()) << verified;
  EXPECT_GE(verified["head_seq"].get<int64_t>(), 1890);
  EXPECT_EQ(verified["events_checked"], verified["head_seq"]);
}

// The activities an admin chooses from on the page are every one the log opened, by id.
TEST_F(HttpRoutesTest, MeListsEveryActivityTheLogOpenedById) {
  engine::StoreOptions options;
  options.path = Copy();
  options.read_only = true;
  std::unique_ptr<engine::EventStore> store = engine::OpenEventStore(options).value();
  std::vector<std::pair<std::string, std::string>> opened;
  ASSERT_TRUE(engine::ReplayLog(*store, [&opened](const events::StoredEvent& event) {
                if (const auto* activity = std::get_if<events::ActivityOpened>(&event.body)) {
                  opened.emplace_back(activity->activity_id.value, activity->name);
                }
              }).has_value());
  std::sort(opened.begin(), opened.end());
  ASSERT_GE(opened.size(), 3u);

  HttpClient client(server_->port());
  const json me = GetJson(client, "/api/me", "admin");
  std::vector<std::pair<std::string, std::string>> listed;
  for (const json& activity : me["activities"]) listed.emplace_back(activity["activity_id"], activity["name"]);
  EXPECT_EQ(listed, opened);
  // A facilitator sees their own activity only: no list.
  EXPECT_TRUE(GetJson(client, "/api/me", "facilitator")["activities"].empty());
}

}  // namespace
}  // namespace coopledger::test
