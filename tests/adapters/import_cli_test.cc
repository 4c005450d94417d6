// End-to-end tests of `coopledger import`: the real binary on a real store prepared with the
// `record` verbs, CSV files written to a temporary directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/test_util/run_binary.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

// The repository's root, where samples/ lives.
std::string SourceDir() {
  return COOPLEDGER_SOURCE_ROOT;  // Defined by tests/CMakeLists.txt.
}

constexpr const char* kHoursHeader = "member_id;job_id;internal_task;day;start;duration;volunteer\n";

class ImportCliTest : public ::testing::Test {
 protected:
  RunOutput Run(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.push_back("--data");
    arguments.push_back(data_);
    return RunCoopledger(arguments, input);
  }
  void Record(const std::string& verb, const std::string& body) {
    const RunOutput recorded = Run({"record", verb}, body);
    ASSERT_EQ(recorded.exit_code, 0) << verb << ": " << recorded.err;
  }
  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_.Sub(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  // A CAE, a CJS season, two members under contract from July 1 to August 31, a client, a job.
  void PrepareSeason() {
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    Record("configure-cae", R"({"name":"CAE Exemple","siren":"900000001","nic":"00017",)"
                            R"("vat_regime":"normal","headcount":12,"contribution_rate_ppm":100000})");
    Record("open-activity", R"({"activity_id":"CJS-2025","kind":"cjsSeason","name":"CJS 2025",)"
                            R"("analytic_code":"CJS25","opened_on":"2025-06-15"})");
    for (const char* member : {"M-0001", "M-0002"}) {
      Record("join", std::string(R"({"member_id":")") + member +
                         R"(","activity_id":"CJS-2025","regime":"cjsYouth","contract":"fixedTerm",)"
                         R"("contract_start":"2025-07-01","contract_end":"2025-08-31",)"
                         R"("hourly_rate_cents":1041,"birth_year":2005,"personal":{"person_id":")" +
                         member + R"(","clear":{"given_name":"Lea","family_name":"Martin"}}})");
    }
    Record("register-client", R"({"client_id":"C-0001","kind":"association","name":"Amicale",)"
                              R"("payment_terms_days":30})");
    Record("agree-job", R"({"job_id":"J-0001","client_id":"C-0001","activity_id":"CJS-2025",)"
                        R"("service":"gardening","scheduled_on":"2025-07-03","agreed_price_cents":12000})");
  }
  std::string Log() { return Run({"log"}).out; }
  int EventCount() {
    const std::string log = Log();
    return static_cast<int>(std::count(log.begin(), log.end(), '\n'));
  }

  TempDir dir_;
  std::string data_ = dir_.Sub("data");
};

TEST_F(ImportCliTest, AGoodFileAppendsEveryLineInOneCommandAndAgainAppendsNothing) {
  PrepareSeason();
  const int before = EventCount();
  const std::string hours = WriteFile("hours.csv", std::string(kHoursHeader) +
      "M-0001;J-0001;;03/07/2025;09:00;3,5;\n"
      "M-0002;J-0001;;2025-07-03;9h00;3:30;non\n"
      "M-0001;;meeting;2025-07-04;14:00;1;oui\n");
  const RunOutput imported = Run({"import", "hours", hours});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const json out = json::parse(imported.out);
  const json expected_seqs = json::array({before + 1, before + 2, before + 3});
  EXPECT_EQ(out["seqs"], expected_seqs);
  EXPECT_EQ(out["replayed"], false);
  EXPECT_EQ(out["lines"], 3);
  EXPECT_EQ(out["command_id"].get<std::string>().rfind("import-hours-", 0), 0u);
  EXPECT_EQ(EventCount(), before + 3);
  const json third = json::parse(Run({"log", "--from-seq", std::to_string(before + 3)}).out);
  EXPECT_EQ(third["type"], "HoursLogged");
  EXPECT_EQ(third["command_id"], out["command_id"]);
  EXPECT_EQ(third["body"]["internal_task"], "meeting");
  EXPECT_EQ(third["body"]["volunteer"], true);

  const RunOutput again = Run({"import", "hours", hours});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json::parse(again.out)["replayed"], true);
  EXPECT_EQ(json::parse(again.out)["seqs"], expected_seqs);
  EXPECT_EQ(EventCount(), before + 3);
}

TEST_F(ImportCliTest, AFileWithThreeBadLinesReportsAllThreeAndAppendsNothing) {
  PrepareSeason();
  const std::string log_before = Log();
  const std::string hours = WriteFile("hours.csv", std::string(kHoursHeader) +
      "M-0001;J-0001;;2025-07-03;09:00;3,5;\n"
      "M-0001;J-0001;;2025-07-32;09:00;3,5;\n"
      "M-0002;J-0001;;2025-07-03;09:00;3,5;\n"
      "M-0002;J-0001;;2025-07-04;9 heures;3,5;\n"
      "M-0002;J-0001;;2025-07-05;09:00;trois;\n");
  const RunOutput refused = Run({"import", "hours", hours});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.out, "");
  EXPECT_EQ(refused.err,
            "coopledger: invalid_argument: nothing appended:\n"
            "line 3: day: '2025-07-32' is not a calendar date between 1900 and 2199\n"
            "line 5: start: '9 heures' is not a time of day (09:00, 9:00 or 9h00)\n"
            "line 6: duration: 'trois' is not a duration in whole minutes (3,5 or 3.5 hours, or "
            "3:30)\n");
  EXPECT_EQ(Log(), log_before);
}

TEST_F(ImportCliTest, LinesRefusedByTheBusinessRulesAppendNothingAndAreNamed) {
  PrepareSeason();
  const std::string log_before = Log();
  const std::string hours = WriteFile("hours.csv", std::string(kHoursHeader) +
      "M-0001;J-0001;;2025-07-03;09:00;3,5;\n"
      "M-0002;J-0001;;2025-07-03;09:00;3,5;\n"
      "M-0001;J-0001;;2025-09-15;09:00;2;\n"
      "M-0002;J-0001;;2025-07-03;12:00;1;\n");
  const RunOutput refused = Run({"import", "hours", hours});
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.out, "");
  // Line 5 overlaps line 3 of the same file: each line is decided after the ones before it.
  EXPECT_EQ(refused.err,
            "coopledger: outside_contract: nothing appended:\n"
            "line 4: day: 2025-09-15 is outside M-0001's contract (2025-07-01 to 2025-08-31)\n"
            "line 5: start: M-0002 already worked 09:00-12:30 on 2025-07-03 (line 3 of this "
            "file)\n");
  EXPECT_EQ(Log(), log_before);
}

TEST_F(ImportCliTest, ImportsClientsJobsAndPaymentsAllocatedToAnInvoice) {
  PrepareSeason();
  const std::string clients = WriteFile("clients.csv",
      "client_id,kind,name,address,given_name,family_name,payment_terms_days\n"
      "C-0002,household,,\"3 rue Blatin, Clermont\",Paul,Roux,\n"
      "C-0003,company,Garage Roux,\"ZI, Aubiere\",,,45\n");
  const RunOutput imported_clients = Run({"import", "clients", clients});
  ASSERT_EQ(imported_clients.exit_code, 0) << imported_clients.err;
  EXPECT_EQ(json::parse(imported_clients.out)["lines"], 2);
  const json household = json::parse(Run({"log", "--stream", "client/C-0002", "--decrypt"}).out);
  EXPECT_EQ(household["body"]["personal"]["clear"]["family_name"], "Roux");
  EXPECT_EQ(Run({"log", "--stream", "client/C-0002"}).out.find("Roux"), std::string::npos);

  const std::string jobs = WriteFile("jobs.csv",
      "job_id;client_id;activity_id;service;scheduled_on;agreed_price\n"
      "J-0002;C-0002;CJS-2025;painting;10/07/2025;80,00\n");
  ASSERT_EQ(Run({"import", "jobs", jobs, "--command-id", "jobs-july"}).out,
            R"({"command_id":"jobs-july","lines":1,"replayed":false,"seqs":[9]})" "\n");

  Record("validate-invoice", R"({"client_id":"C-0002","activity_id":"CJS-2025","job_ids":["J-0002"],)"
                             R"("issued_on":"2025-07-11","lines":[{"description":"Peinture",)"
                             R"("quantity_milli":1000,"unit_price_cents":8000,"vat_rate_ppm":200000}]})");
  const std::string payments = WriteFile("payments.csv",
      "payment_id,client_id,received_on,method,amount,allocations\n"
      "P-0001,C-0002,2025-07-20,cheque,\"100,00\",\"2025-0001:96,00\"\n");
  const RunOutput paid = Run({"import", "payments", payments, "--separator", ","});
  ASSERT_EQ(paid.exit_code, 0) << paid.err;
  const json payment = json::parse(Run({"log", "--stream", "payment/P-0001"}).out);
  EXPECT_EQ(payment["body"]["amount_cents"], 10000);
  EXPECT_EQ(payment["body"]["allocations"],
            json::parse(R"([{"invoice_number":"2025-0001","amount_cents":9600}])"));
}

TEST_F(ImportCliTest, TheSampleFilesImportIntoTheSeasonStartStore) {
  const std::string samples = SourceDir() + "/samples";
  std::ifstream season(samples + "/season-start.jsonl", std::ios::binary);
  ASSERT_TRUE(season.good()) << samples << ": not found";
  const std::string jsonl((std::istreambuf_iterator<char>(season)), std::istreambuf_iterator<char>());
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  ASSERT_EQ(Run({"append"}, jsonl).exit_code, 0);
  for (const char* kind : {"clients", "jobs", "hours", "payments"}) {
    const RunOutput imported = Run({"import", kind, samples + "/csv/" + kind + ".csv"});
    EXPECT_EQ(imported.exit_code, 0) << kind << ": " << imported.err;
  }
  EXPECT_EQ(Run({"verify"}).exit_code, 0);
}

TEST_F(ImportCliTest, RefusesAnUnknownKindAndAMissingFile) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  EXPECT_EQ(Run({"import", "invoices", WriteFile("x.csv", "a\n")}).exit_code, 2);
  const RunOutput missing = Run({"import", "hours", dir_.Sub("nowhere.csv")});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_EQ(missing.err,
            "coopledger: invalid_argument: " + dir_.Sub("nowhere.csv") + ": cannot be read\n");
}

}  // namespace
}  // namespace coopledger::test
