// End to end on the demo's store: the books as known on a July day, what changed since and the
// events that changed it, and `explain` of each kind of figure.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

constexpr const char* kJulyDay = "2025-07-15T12:00:00Z";

class TimeTravelTest : public DemoStoreTest {
 protected:
  static json RunJson(const std::vector<std::string>& arguments) {
    const RunOutput output = Run(arguments);
    EXPECT_EQ(output.exit_code, 0) << output.err;
    return json::parse(output.out, nullptr, false);
  }

  // member -> the figures `balances` prints for it (hours and activity account).
  static std::map<std::string, json> Balances(const std::vector<std::string>& extra) {
    std::vector<std::string> arguments = {"balances", "--format", "json"};
    arguments.insert(arguments.end(), extra.begin(), extra.end());
    std::map<std::string, json> out;
    for (const json& member : RunJson(arguments)) {
      json figures = {member["paid_minutes"], member["internal_minutes"],
                      member["volunteer_minutes"], member.value("activity_account", json())};
      out[member["member_id"]] = figures;
    }
    return out;
  }

  static std::vector<uint64_t> Seqs(const json& events) {
    std::vector<uint64_t> seqs;
    for (const json& event : events) seqs.push_back(event["seq"]);
    return seqs;
  }
};

TEST_F(TimeTravelTest, BalancesKnownInJulyDifferFromTodaysExactlyByTheEventsRecordedSince) {
  const std::map<std::string, json> july = Balances({"--known-at", kJulyDay});
  const std::map<std::string, json> today = Balances({});
  std::set<std::string> differing;
  for (const auto& [member, figures] : today) {
    auto then = july.find(member);
    if (then == july.end() || then->second != figures) differing.insert("balance/" + member);
  }
  ASSERT_FALSE(differing.empty());

  const json diff = RunJson({"diff", "--from", kJulyDay, "--family", "balance", "--format", "json"});
  const uint64_t from_seq = diff["from_seq"];
  std::set<std::string> diffed;
  for (const json& figure : diff["figures"]) {
    diffed.insert(figure["figure"]);
    ASSERT_FALSE(figure["seqs"].empty()) << figure["figure"];
    for (const json& seq : figure["seqs"]) EXPECT_GT(seq.get<uint64_t>(), from_seq);
  }
  EXPECT_EQ(diffed, differing);

  // For each changed member, `explain` as known today names the same events after the July day,
  // and as known in July names none of them.
  int checked = 0;
  for (const json& figure : diff["figures"]) {
    if (++checked > 5) break;
    const std::string member = figure["figure"].get<std::string>().substr(8);
    const json now = RunJson({"explain", "balance", "--member", member, "--format", "json"});
    std::vector<uint64_t> since;
    for (const uint64_t seq : Seqs(now["changed_by"])) {
      if (seq > from_seq) since.push_back(seq);
    }
    EXPECT_EQ(since, figure["seqs"].get<std::vector<uint64_t>>()) << member;
    EXPECT_EQ(now["value"], figure["after"]);
    if (figure["before"].is_null()) continue;  // Joined after the July day.
    const json then = RunJson({"explain", "balance", "--member", member, "--known-at", kJulyDay,
                               "--format", "json"});
    EXPECT_EQ(then["value"], figure["before"]);
    for (const uint64_t seq : Seqs(then["changed_by"])) EXPECT_LE(seq, from_seq);
  }
}

TEST_F(TimeTravelTest, ExplainsANetPayWithItsHoursAndParameterVersion) {
  const json payslips = RunJson({"payroll", "show", "--month", "2025-07", "--format", "json"});
  std::string member;
  for (const json& payslip : payslips) {
    if (payslip["regime"] == "cjsYouth") member = payslip["member_id"];
  }
  ASSERT_FALSE(member.empty());
  const json explained = RunJson({"explain", "net-pay", "--member", member, "--month", "2025-07",
                                  "--format", "json"});
  ASSERT_EQ(explained["changed_by"].size(), 1u);
  EXPECT_EQ(explained["changed_by"][0]["kind"], "PayslipIssued");
  EXPECT_EQ(explained["changed_by"][0]["actor"]["role"], "support");
  bool hours = false;
  for (const json& input : explained["inputs"]) hours = hours || input["kind"] == "HoursLogged";
  EXPECT_TRUE(hours);
  ASSERT_EQ(explained["parameters"].size(), 1u);
  EXPECT_EQ(explained["parameters"][0]["adopted"]["kind"], "ParametersAdopted");
  const RunOutput text = Run({"explain", "net-pay", "--member", member, "--month", "2025-07"});
  EXPECT_NE(text.out.find("PayslipIssued"), std::string::npos);
  EXPECT_NE(text.out.find("parameters "), std::string::npos);
}

TEST_F(TimeTravelTest, PayslipsAndReceivablesAsKnownAtATime) {
  // July's payslips are issued on 1 August: unknown on 31 July, known on 2 August.
  EXPECT_TRUE(RunJson({"payroll", "show", "--month", "2025-07", "--known-at",
                       "2025-07-31T23:59:59Z", "--format", "json"})
                  .empty());
  EXPECT_FALSE(RunJson({"payroll", "show", "--month", "2025-07", "--known-at",
                        "2025-08-02T00:00:00Z", "--format", "json"})
                   .empty());
  const json july = RunJson({"receivables", "--on", "2025-07-15", "--known-at", kJulyDay,
                             "--format", "json"});
  const json later = RunJson({"receivables", "--on", "2025-07-15", "--format", "json"});
  EXPECT_NE(july, later);
  const RunOutput bad = Run({"balances", "--known-at", "yesterday"});
  EXPECT_EQ(bad.exit_code, 2);
}

TEST_F(TimeTravelTest, ExplainsAnInvoiceAndATrialBalanceLine) {
  const json diff = RunJson({"diff", "--from", "1", "--family", "invoice", "--format", "json"});
  ASSERT_FALSE(diff["figures"].empty());
  const std::string number = diff["figures"][0]["figure"].get<std::string>().substr(8);
  const json invoice = RunJson({"explain", "invoice", number, "--format", "json"});
  EXPECT_EQ(invoice["changed_by"][0]["kind"], "InvoiceValidated");
  EXPECT_EQ(invoice["value"], diff["figures"][0]["after"]);

  const json rows = RunJson({"report", "trial-balance", "--year", "2025", "--format", "json"});
  ASSERT_FALSE(rows.empty());
  const json& row = rows[0];
  const json line = RunJson({"explain", "account", row["account"], "--year", "2025",
                             "--format", "json"});
  EXPECT_EQ(line["value"]["debit_cents"], row["debit_cents"]);
  EXPECT_EQ(line["value"]["credit_cents"], row["credit_cents"]);
  EXPECT_FALSE(line["changed_by"].empty());
  const RunOutput missing = Run({"explain", "invoice", "NO-SUCH"});
  EXPECT_EQ(missing.exit_code, 1);
}

}  // namespace
}  // namespace coopledger::test
