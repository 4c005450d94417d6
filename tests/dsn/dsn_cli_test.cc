// End-to-end: the demo (which files every month's DSN it pays) read back through the real binary.
// Expected figures come from the log (`coopledger log`), never from constants.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/hash_chain.h"
#include "projections/payroll_state.h"
#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

class DsnCliTest : public DemoStoreTest {
 protected:
  static void SetUpTestSuite() {
    DemoStoreTest::SetUpTestSuite();
    const RunOutput log = Run({"log"});
    ASSERT_EQ(log.exit_code, 0) << log.err;
    events_ = new std::vector<json>();
    std::istringstream lines(log.out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) events_->push_back(json::parse(line));
    }
  }
  static void TearDownTestSuite() {
    delete events_;
    events_ = nullptr;
    DemoStoreTest::TearDownTestSuite();
  }

  static std::vector<json> EventsOf(const std::string& type) {
    std::vector<json> found;
    for (const json& event : *events_) {
      if (event["type"] == type) found.push_back(event);
    }
    return found;
  }

  // "2025-07" of every month with a payslip.
  static std::set<std::string> PaidMonths() {
    std::set<std::string> months;
    for (const json& event : EventsOf("PayslipIssued")) {
      months.insert(event["body"]["period_start"].get<std::string>().substr(0, 7));
    }
    return months;
  }

  static std::string ReadFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
  }

  // Writes the month's DSN and returns its bytes.
  static std::string ExportDsn(const std::string& month, bool real = false) {
    const std::string path = dir_->Sub("dsn-" + month + (real ? "-real" : "") + ".txt");
    std::vector<std::string> arguments = {"export", "dsn", "--month", month, "--out", path};
    if (real) arguments.push_back("--real");
    const RunOutput run = Run(arguments);
    EXPECT_EQ(run.exit_code, 0) << month << ": " << run.err;
    return ReadFile(path);
  }

  static json Json(std::vector<std::string> arguments) {
    arguments.push_back("--format");
    arguments.push_back("json");
    const RunOutput run = Run(arguments);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
  }

  // Credit minus debit on `account` of the lines of `journal` (empty: every journal but the
  // opening entries) dated in `month`, from the general ledger.
  static int64_t LedgerCredits(const std::string& account, const std::string& month,
                               const std::string& journal) {
    int64_t total = 0;
    for (const json& row :
         Json({"report", "general-ledger", "--year", month.substr(0, 4), "--account", account})) {
      for (const json& line : row["lines"]) {
        if (line["date"].get<std::string>().substr(0, 7) != month || line["opening"].get<bool>())
          continue;
        if (!journal.empty() && line["journal"] != journal) continue;
        total += line["credit_cents"].get<int64_t>() - line["debit_cents"].get<int64_t>();
      }
    }
    return total;
  }

  static int64_t HeadSeq() { return Json({"stats"})["head_seq"].get<int64_t>(); }

  static inline std::vector<json>* events_ = nullptr;
};

TEST_F(DsnCliTest, EveryPaidMonthGivesADsnThatPassesCheckDsn) {
  const std::set<std::string> months = PaidMonths();
  ASSERT_GE(months.size(), 12u);
  for (const std::string& month : months) {
    SCOPED_TRACE(month);
    const std::string path = dir_->Sub("dsn-" + month + ".txt");
    ASSERT_EQ(Run({"export", "dsn", "--month", month, "--out", path}).exit_code, 0);
    const RunOutput check = RunCoopledger({"check-dsn", path});
    EXPECT_EQ(check.exit_code, 0) << check.out;
    EXPECT_NE(check.out.find("OK"), std::string::npos) << check.out;
    const std::string bytes = ReadFile(path);
    EXPECT_NE(bytes.find("S10.G00.00.005,'01'"), std::string::npos);  // A test declaration.
    EXPECT_NE(bytes.find("S10.G00.00.006,'P" + month.substr(2, 2) + "V01'"), std::string::npos);
  }
}

TEST_F(DsnCliTest, CjsContractsCarryTheRecourseMotifOfTheirActivity) {
  std::ifstream file(std::string(COOPLEDGER_SOURCE_ROOT) + "/rules/dsn/contracts.json");
  const json contracts = json::parse(file);
  const json& motifs = contracts["activity_recourse_motifs"]["motifs"];
  std::map<std::string, std::string> motif_of;  // Youth -> the motif of their activity.
  for (const json& joined : EventsOf("MemberJoined")) {
    if (joined["body"]["regime"] != "cjsYouth") continue;
    const std::string activity = joined["body"]["activity_id"];
    motif_of[joined["body"]["member_id"]] =
        motifs.contains(activity)
            ? motifs[activity].get<std::string>()
            : contracts["regimes"]["cjsYouth"]["recourse_motif"].get<std::string>();
  }
  ASSERT_FALSE(motif_of.empty());
  std::istringstream dsn(ExportDsn("2025-07"));
  std::string member;
  std::string nature;
  int checked = 0;
  for (std::string line; std::getline(dsn, line);) {
    if (line.rfind("S21.G00.40.007,'", 0) == 0) nature = line.substr(16, 2);
    if (line.rfind("S21.G00.40.009,'", 0) == 0) member = line.substr(16, line.size() - 17);
    if (line.rfind("S21.G00.40.021,'", 0) == 0 && motif_of.count(member)) {
      EXPECT_EQ(nature, "02") << member;
      EXPECT_EQ(line, "S21.G00.40.021,'" + motif_of[member] + "'") << member;
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(motif_of.size()));
}

TEST_F(DsnCliTest, EveryFiledMonthExportsTheFileWhoseHashWasFiled) {
  std::vector<json> filings;
  for (const json& filing : EventsOf("DeclarationFiled")) {
    if (filing["body"]["kind"] == "dsnMonthly") filings.push_back(filing);
  }
  EXPECT_EQ(filings.size(), PaidMonths().size());
  for (const json& filing : filings) {
    const std::string month = filing["body"]["period_start"].get<std::string>().substr(0, 7);
    SCOPED_TRACE(month);
    EXPECT_EQ(filing["body"]["kind"], "dsnMonthly");
    const std::string bytes = ExportDsn(month, /*real=*/true);
    EXPECT_NE(bytes.find("S10.G00.00.005,'02'"), std::string::npos);
    EXPECT_EQ(engine::ToHex(engine::Sha256(bytes)),
              filing["body"]["file_sha256"].get<std::string>());
  }
}

TEST_F(DsnCliTest, UrssafSummaryEqualsThePayslipsAndTheLedgers431) {
  std::map<std::string, int64_t> urssaf_by_month;
  for (const json& event : EventsOf("PayslipIssued")) {
    const std::string month = event["body"]["period_start"].get<std::string>().substr(0, 7);
    for (const json& line : event["body"]["lines"]) {
      if (projections::PayslipLineOrganisation(line["code"]) != "urssaf") continue;
      urssaf_by_month[month] += line["employee_amount_cents"].get<int64_t>() +
                                line["employer_amount_cents"].get<int64_t>();
    }
  }
  for (const auto& [month, expected] : urssaf_by_month) {
    SCOPED_TRACE(month);
    const json summary = Json({"report", "urssaf", "--month", month});
    EXPECT_EQ(summary["total_cents"].get<int64_t>(), expected);
    int64_t lines = 0;
    for (const json& line : summary["lines"]) lines += line["amount_cents"].get<int64_t>();
    EXPECT_EQ(lines, expected);
    EXPECT_EQ(LedgerCredits("431", month, "SAL"), expected);
    // The summary is the DSN's block 23, line for line.
    std::vector<std::pair<std::string, std::string>> summary_lines;
    for (const json& line : summary["lines"]) {
      const int64_t cents = line["amount_cents"].get<int64_t>();
      const int64_t declared = line["deduction"].get<bool>() ? -cents : cents;
      char amount[32];
      std::snprintf(amount, sizeof amount, "%s%lld.%02lld", declared < 0 ? "-" : "",
                    static_cast<long long>(std::llabs(declared) / 100),
                    static_cast<long long>(std::llabs(declared) % 100));
      summary_lines.push_back({line["ctp"].get<std::string>(), amount});
    }
    std::vector<std::pair<std::string, std::string>> file_lines;
    std::istringstream dsn(ExportDsn(month));
    std::string ctp;
    for (std::string line; std::getline(dsn, line);) {
      if (line.rfind("S21.G00.23.001,'", 0) == 0) ctp = line.substr(16, line.size() - 17);
      if (line.rfind("S21.G00.23.005,'", 0) == 0)
        file_lines.push_back({ctp, line.substr(16, line.size() - 17)});
    }
    EXPECT_EQ(summary_lines, file_lines);
  }
}

TEST_F(DsnCliTest, LateHoursOfAFiledMonthAreRegularisedByTheNextDsn) {
  events::Seq july_filed = 0;
  for (const json& filing : EventsOf("DeclarationFiled")) {
    if (filing["body"]["period_start"] == "2025-07-01")
      july_filed = filing["seq"].get<events::Seq>();
  }
  ASSERT_GT(july_filed, 0u);
  std::map<std::string, int64_t>
      late_minutes;  // Member -> hours of July recorded after the filing.
  for (const json& hours : EventsOf("HoursLogged")) {
    const std::string day = hours["body"]["day"].get<std::string>();
    if (hours["seq"].get<events::Seq>() > july_filed && day.substr(0, 7) == "2025-07" &&
        !hours["body"]["volunteer"].get<bool>()) {
      late_minutes[hours["body"]["member_id"].get<std::string>()] +=
          hours["body"]["minutes"].get<int64_t>();
    }
  }
  ASSERT_FALSE(late_minutes.empty()) << "the demo records a late correction of July 2025";
  const std::string august = ExportDsn("2025-08");
  for (const auto& [member, minutes] : late_minutes) {
    SCOPED_TRACE(member);
    char hours[32];
    std::snprintf(hours, sizeof hours, "%lld.%02lld", static_cast<long long>(minutes / 60),
                  static_cast<long long>((minutes % 60) * 100 / 60));
    const std::string block =
        "S21.G00.51.001,'01072025'\nS21.G00.51.002,'31072025'\nS21.G00.51.010,'" + member +
        "'\nS21.G00.51.011,'010'\nS21.G00.51.012,'" + hours + "'\n";
    EXPECT_NE(august.find(block), std::string::npos) << august.substr(0, 400);
  }
  // July's own DSN, as filed, knew nothing of them.
  EXPECT_EQ(ExportDsn("2025-07", /*real=*/true).find("S21.G00.51.001,'01062025'"),
            std::string::npos);
}

// The blocks 20/22 name the bodies of the CAE's configuration; each individual's payment date is
// the day its wages were paid (WagePaid), the 3rd of the next month in the demo; the members the
// prevoyance contract covers are affiliated to it; every contract has its pension block.
TEST_F(DsnCliTest, BodiesPaymentDatesAndAffiliationsComeFromTheLog) {
  const std::vector<json> configured = EventsOf("CaeConfigured");
  ASSERT_FALSE(configured.empty());
  const json& cae = configured.back()["body"];
  const std::string urssaf = cae["urssaf_siret"];
  const std::string pension = cae["pension_institution_id"];
  ASSERT_FALSE(urssaf.empty());
  ASSERT_FALSE(pension.empty());
  std::set<std::string> covered;
  for (const json& regime : cae["provident_regimes"]) covered.insert(regime.get<std::string>());
  ASSERT_FALSE(covered.empty()) << "the demo configures a prevoyance contract";
  std::map<std::string, std::string> regime_of;  // Member -> regime.
  for (const json& joined : EventsOf("MemberJoined")) {
    regime_of[joined["body"]["member_id"]] = joined["body"]["regime"];
  }
  std::map<std::string, std::string> paid_on;  // Payslip -> the last WagePaid's day, DDMMYYYY.
  for (const json& paid : EventsOf("WagePaid")) {
    const std::string day = paid["body"]["paid_on"];
    paid_on[paid["body"]["payslip_id"]] = day.substr(8, 2) + day.substr(5, 2) + day.substr(0, 4);
  }
  int affiliated_months = 0;
  for (const std::string& month : PaidMonths()) {
    SCOPED_TRACE(month);
    std::map<std::string, std::string> payslip_of;  // Member -> payslip of the month.
    for (const json& issued : EventsOf("PayslipIssued")) {
      if (issued["body"]["period_start"].get<std::string>().substr(0, 7) == month) {
        payslip_of[issued["body"]["member_id"]] = issued["body"]["payslip_id"];
      }
    }
    const std::string bytes = ExportDsn(month);
    EXPECT_NE(bytes.find("S21.G00.20.001,'" + urssaf + "'"), std::string::npos);
    EXPECT_NE(bytes.find("S21.G00.20.001,'" + pension + "'"), std::string::npos);
    EXPECT_NE(bytes.find("S21.G00.22.001,'" + urssaf + "'\n"), std::string::npos);
    std::istringstream lines(bytes);
    std::string member;
    int contracts = 0;
    int pensions = 0;
    int affiliations = 0;
    int expected_affiliations = 0;
    for (std::string line; std::getline(lines, line);) {
      const std::string value = line.size() > 17 ? line.substr(16, line.size() - 17) : "";
      if (line.rfind("S21.G00.40.001,", 0) == 0) ++contracts;
      if (line.rfind("S21.G00.71.002,", 0) == 0) ++pensions;
      if (line.rfind("S21.G00.70.013,", 0) == 0) ++affiliations;
      if (line.rfind("S21.G00.40.009,", 0) == 0) {
        member = value;
        if (covered.count(regime_of[member]) != 0) ++expected_affiliations;
      }
      if (line.rfind("S21.G00.50.001,", 0) == 0 && paid_on.count(payslip_of[member])) {
        EXPECT_EQ(value, paid_on[payslip_of[member]]) << member;
        EXPECT_EQ(value.substr(0, 2), "03") << member;  // The demo pays on the 3rd.
      }
    }
    EXPECT_EQ(pensions, contracts);
    EXPECT_EQ(affiliations, expected_affiliations);
    if (expected_affiliations > 0) {
      ++affiliated_months;
      EXPECT_NE(bytes.find("S21.G00.15.001,'" + cae["provident_contract_reference"].get<std::string>() +
                           "'\nS21.G00.15.002,'" + cae["provident_organism_code"].get<std::string>() +
                           "'\n"),
                std::string::npos);
    }
  }
  EXPECT_GT(affiliated_months, 0);
}

TEST_F(DsnCliTest, ConfiguringABadIdentifierOfABodyIsRefusedNamingTheField) {
  const int64_t before = HeadSeq();
  json cae = EventsOf("CaeConfigured").back()["body"];
  cae["urssaf_siret"] = "12345678901234";
  RunOutput refused = Run({"record", "configure-cae"}, cae.dump());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("urssaf_siret: '12345678901234' is not a SIRET"), std::string::npos)
      << refused.err;
  cae = EventsOf("CaeConfigured").back()["body"];
  cae["provident_regimes"] = json::array({"cesa", "volunteer"});
  refused = Run({"record", "configure-cae"}, cae.dump());
  EXPECT_EQ(refused.exit_code, 2) << refused.err;
  EXPECT_NE(refused.err.find("provident_regimes[1]: 'volunteer' is not cjsYouth, cape or cesa"),
            std::string::npos)
      << refused.err;
  EXPECT_EQ(HeadSeq(), before);
}

TEST_F(DsnCliTest, EveryCjsYouthHasItsEndOfContractSignalFiledInTime) {
  std::map<std::string, std::string> youths;  // Member -> contract end.
  for (const json& joined : EventsOf("MemberJoined")) {
    if (joined["body"]["regime"] == "cjsYouth") {
      youths[joined["body"]["member_id"].get<std::string>()] =
          joined["body"]["contract_end"].get<std::string>();
    }
  }
  for (const json& left : EventsOf("MemberLeft")) {
    auto youth = youths.find(left["body"]["member_id"].get<std::string>());
    if (youth != youths.end()) youth->second = left["body"]["left_on"].get<std::string>();
  }
  ASSERT_FALSE(youths.empty());
  std::map<std::string, json> filings;
  for (const json& filing : EventsOf("DeclarationFiled")) {
    if (filing["body"]["kind"] == "dsnEndOfContract") filings[filing["body"]["reference"]] = filing;
  }
  for (const auto& [member, end] : youths) {
    SCOPED_TRACE(member);
    ASSERT_EQ(filings.count(member), 1u);
    const Date end_day = Date::Parse(end).value();
    const Date filed_on =
        Date::Parse(filings[member]["body"]["filed_on"].get<std::string>()).value();
    int working_days = 0;
    for (Date day = end_day.AddDays(1); day <= filed_on; day = day.AddDays(1))
      working_days += day.weekday() < 5;
    EXPECT_LE(working_days, 5) << "filed on " << filed_on.ToString() << " for a contract ended on "
                               << end;
    const std::string path = dir_->Sub("fctu-" + member + ".dsn");
    ASSERT_EQ(Run({"export", "fctu", "--member", member, "--out", path, "--real"}).exit_code, 0);
    const std::string bytes = ReadFile(path);
    EXPECT_EQ(engine::ToHex(engine::Sha256(bytes)),
              filings[member]["body"]["file_sha256"].get<std::string>());
    EXPECT_NE(bytes.find("S20.G00.05.001,'07'"), std::string::npos);
    EXPECT_NE(bytes.find("S21.G00.40.007,'02'"), std::string::npos);
    EXPECT_NE(bytes.find("S21.G00.62.002,'031'"), std::string::npos);
    EXPECT_EQ(RunCoopledger({"check-dsn", path}).exit_code, 0);
  }
}

TEST_F(DsnCliTest, PreHiringListingHasEveryContractStartingInTheMonth) {
  int expected = 0;
  for (const json& joined : EventsOf("MemberJoined")) {
    expected += joined["body"]["contract_start"].get<std::string>().substr(0, 7) == "2025-07";
  }
  const std::string path = dir_->Sub("dpae-2025-07.csv");
  ASSERT_EQ(Run({"export", "dpae", "--month", "2025-07", "--out", path}).exit_code, 0);
  const std::string csv = ReadFile(path);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), expected + 1);
  EXPECT_EQ(
      csv.rfind("siret,member_id,family_name,given_name,birth_date,nir,hire_date,contract", 0), 0u);
}

TEST_F(DsnCliTest, FilingAMonthTwiceIsRefusedAndAppendsNothing) {
  const int64_t before = HeadSeq();
  const RunOutput twice = Run({"declare", "dsn", "--month", "2025-07"});
  EXPECT_NE(twice.exit_code, 0);
  EXPECT_NE(twice.err.find("already filed"), std::string::npos) << twice.err;
  EXPECT_EQ(HeadSeq(), before);
}

TEST_F(DsnCliTest, VatLinesOfEveryMonthEqualTheLedgersVatMovements) {
  for (const std::string& month : PaidMonths()) {
    SCOPED_TRACE(month);
    const json vat = Json({"report", "vat", "--month", month});
    EXPECT_EQ(
        vat["collected_total_cents"].get<int64_t>() + vat["collected_unrated_cents"].get<int64_t>(),
        LedgerCredits("44571", month, ""));
    EXPECT_EQ(vat["deductible_total_cents"].get<int64_t>() +
                  vat["deductible_unrated_cents"].get<int64_t>(),
              -LedgerCredits("44566", month, ""));
  }
}

TEST_F(DsnCliTest, AVatReturnIsFiledWithTheHashOfItsLinesOnce) {
  const std::string path = dir_->Sub("ca3-2025-07.csv");
  const RunOutput filed = Run({"declare", "vat", "--month", "2025-07", "--out", path});
  ASSERT_EQ(filed.exit_code, 0) << filed.err;
  const std::string lines = ReadFile(path);
  const json vat = Json({"report", "vat", "--month", "2025-07"});
  char total[48];
  std::snprintf(total, sizeof total, "collected_total,,,%lld.%02lld",
                static_cast<long long>(vat["collected_total_cents"].get<int64_t>() / 100),
                static_cast<long long>(vat["collected_total_cents"].get<int64_t>() % 100));
  EXPECT_NE(lines.find(total), std::string::npos) << lines;
  const RunOutput log = Run({"log", "--stream", "declaration/vatReturn/2025-07"});
  ASSERT_EQ(log.exit_code, 0) << log.err;
  const json event = json::parse(log.out.substr(0, log.out.find('\n')));
  EXPECT_EQ(event["body"]["file_sha256"].get<std::string>(), engine::ToHex(engine::Sha256(lines)));
  // A retry of the same filing is answered with the first; it appends nothing.
  const int64_t head = HeadSeq();
  const RunOutput twice = Run({"declare", "vat", "--month", "2025-07"});
  EXPECT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_NE(twice.out.find("already filed"), std::string::npos) << twice.out;
  EXPECT_EQ(HeadSeq(), head);
}

TEST_F(DsnCliTest, BadMonthsAndFilesAreRefused) {
  EXPECT_EQ(Run({"export", "dsn", "--month", "2025-13", "--out", dir_->Sub("x.dsn")}).exit_code, 2);
  const RunOutput missing = RunCoopledger({"check-dsn", dir_->Sub("missing.dsn")});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.exit_code, 3);
}

}  // namespace
}  // namespace coopledger::test
