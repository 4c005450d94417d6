// End-to-end tests of the store verbs: the real binary on a real store in a temporary directory.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/event_store.h"
#include "tests/test_util/run_binary.h"
#include "tests/test_util/tamper.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

constexpr const char* kSample =
    R"({"stream":"activity/CJS-2025","effective":"2025-06-15","type":"ActivityOpened","body":{"activity_id":"CJS-2025","kind":"cjsSeason","name":"CJS Clermont 2025","analytic_code":"CJS25","opened_on":"2025-06-15"}}
{"stream":"member/M-0001","effective":"2025-07-01","type":"MemberJoined","body":{"member_id":"M-0001","activity_id":"CJS-2025","regime":"cjsYouth","contract":"fixedTerm","contract_start":"2025-07-01","contract_end":"2025-08-29","hourly_rate_cents":1001,"personal":{"person_id":"M-0001","clear":{"given_name":"Léa","family_name":"Martin"}}}}
{"stream":"member/M-0001","effective":"2025-07-03","type":"HoursLogged","body":{"member_id":"M-0001","job_id":"J-0001","internal_task":"none","day":"2025-07-03","start_minute":540,"minutes":210}}
)";

std::vector<json> JsonLines(const std::string& text) {
  std::vector<json> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(json::parse(line));
  return lines;
}

class CliTest : public ::testing::Test {
 protected:
  RunOutput Run(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.push_back("--data");
    arguments.push_back(data_);
    return RunCoopledger(arguments, input);
  }
  void InitWithSample() {
    ASSERT_EQ(Run({"init"}).exit_code, 0);
    const RunOutput appended = Run({"append"}, kSample);
    ASSERT_EQ(appended.exit_code, 0) << appended.err;
  }

  TempDir dir_;
  std::string data_ = dir_.Sub("data");
};

TEST_F(CliTest, InitIsIdempotent) {
  RunOutput first = Run({"init"});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(first.out, "store ready at " + data_ + " (empty)\n");
  EXPECT_EQ(Run({"init"}).exit_code, 0);
}

TEST_F(CliTest, AppendPrintsSeqsAndRerunningTheSameInputAppendsNothing) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const json first = json::parse(Run({"append"}, kSample).out);
  EXPECT_EQ(first["seqs"], json::array({1, 2, 3}));
  EXPECT_EQ(first["replayed"], false);
  const json again = json::parse(Run({"append"}, kSample).out);
  EXPECT_EQ(again["seqs"], json::array({1, 2, 3}));
  EXPECT_EQ(again["replayed"], true);
  EXPECT_EQ(JsonLines(Run({"log"}).out).size(), 3u);
}

TEST_F(CliTest, AppendReportsEveryBadLineAndAppendsNothing) {
  ASSERT_EQ(Run({"init"}).exit_code, 0);
  const std::string input = std::string(kSample) +
                            "{not json\n"
                            R"({"stream":"m","effective":"2025-02-30","type":"HoursLogged"})" "\n"
                            R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","body":{"minutes":-5.5}})" "\n";
  const RunOutput refused = Run({"append"}, input);
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_EQ(refused.err,
            "coopledger: invalid_argument: nothing appended:\n"
            "line 4: not valid JSON\n"
            "line 5: effective: 2025-02-30 is not a supported calendar date\n"
            "line 6: body.minutes: expected an integer\n");
  EXPECT_EQ(Run({"log"}).out, "");
  EXPECT_EQ(Run({"stats", "--format", "json"}).out.find("\"head_seq\":0") != std::string::npos, true);
}

TEST_F(CliTest, LogFiltersByStreamSeqAndRecordedTime) {
  InitWithSample();
  const auto member = JsonLines(Run({"log", "--stream", "member/M-0001"}).out);
  ASSERT_EQ(member.size(), 2u);
  EXPECT_EQ(member[0]["seq"], 2);
  EXPECT_EQ(member[1]["type"], "HoursLogged");
  EXPECT_EQ(member[1]["body"]["minutes"], 210);
  EXPECT_EQ(member[1]["stream_version"], 2);

  const auto range = JsonLines(Run({"log", "--from-seq", "2", "--to-seq", "2"}).out);
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0]["type"], "MemberJoined");
  EXPECT_EQ(JsonLines(Run({"log", "--limit", "1"}).out).size(), 1u);

  EXPECT_EQ(JsonLines(Run({"log", "--recorded-from", "2000-01-01T00:00:00Z"}).out).size(), 3u);
  EXPECT_EQ(Run({"log", "--recorded-from", "2199-01-01T00:00:00Z"}).out, "");
  EXPECT_EQ(Run({"log", "--recorded-to", "2000-01-01"}).out, "");
  const RunOutput bad = Run({"log", "--recorded-from", "yesterday"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("--recorded-from"), std::string::npos);
}

TEST_F(CliTest, LogShowsPersonalDataOnlyWhenAskedAndNeverAfterErasure) {
  InitWithSample();
  const std::string sealed = Run({"log", "--from-seq", "2", "--to-seq", "2"}).out;
  EXPECT_EQ(sealed.find("Martin"), std::string::npos);
  EXPECT_NE(sealed.find("ciphertext"), std::string::npos);
  const json clear = json::parse(Run({"log", "--from-seq", "2", "--to-seq", "2", "--decrypt"}).out);
  EXPECT_EQ(clear["body"]["personal"]["clear"]["family_name"], "Martin");

  ASSERT_EQ(Run({"append"}, R"({"stream":"member/M-0001","effective":"2031-01-01","type":"PersonalDataErased","body":{"person_id":"M-0001","reason":"retention over"}})" "\n").exit_code, 0);
  const json erased = json::parse(Run({"log", "--from-seq", "2", "--to-seq", "2", "--decrypt"}).out);
  EXPECT_EQ(erased["body"]["personal"]["erased"], true);
  EXPECT_FALSE(erased["body"]["personal"].contains("clear"));
  EXPECT_EQ(Run({"verify"}).exit_code, 0);
}

TEST_F(CliTest, VerifyNamesTheTamperedSeq) {
  InitWithSample();
  const RunOutput ok = Run({"verify"});
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.out.rfind("ok: 3 events, head seq 3, head hash ", 0), 0u) << ok.out;
  std::string error;
  ASSERT_TRUE(FlipStoredEventByte(data_, 2, 9, &error)) << error;
  const RunOutput broken = Run({"verify"});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_EQ(broken.out, "BROKEN at seq 2: stored hash does not match the event's bytes\n");
}

TEST_F(CliTest, WritingVerbsNameTheProcessHoldingTheStoreAndReadingVerbsStillWork) {
  InitWithSample();
  engine::ManualClock clock(Timestamp::FromMicros(0));
  engine::StoreOptions options;
  options.path = data_;
  options.clock = &clock;
  options.holder = "coopledger serve --port 8080";
  std::unique_ptr<engine::EventStore> server = engine::OpenEventStore(options).value();

  const RunOutput refused = Run({"append"}, kSample);
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("store " + data_ + " is open for writing by pid "), std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("(coopledger serve --port 8080)"), std::string::npos) << refused.err;
  EXPECT_EQ(JsonLines(Run({"log"}).out).size(), 3u);
  EXPECT_EQ(Run({"verify"}).exit_code, 0);
}

TEST_F(CliTest, BackupAndRestoreRoundTrip) {
  InitWithSample();
  const RunOutput backup = Run({"backup", "--to", dir_.Sub("backups")});
  ASSERT_EQ(backup.exit_code, 0) << backup.err;
  EXPECT_NE(backup.out.find("head seq 3"), std::string::npos) << backup.out;
  ASSERT_EQ(Run({"append", "--command-id", "later"},
                R"({"stream":"x","effective":"2025-07-04","type":"JobCompleted","body":{"job_id":"J-0001"}})" "\n")
                .exit_code,
            0);
  const RunOutput restore = Run({"restore", "--from", dir_.Sub("backups")});
  ASSERT_EQ(restore.exit_code, 0) << restore.err;
  EXPECT_NE(restore.out.find("verify ok, 3 events"), std::string::npos) << restore.out;
  EXPECT_EQ(JsonLines(Run({"log"}).out).size(), 3u);
}

TEST_F(CliTest, AMissingStoreSaysHowToCreateIt) {
  const RunOutput missing = Run({"log"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "coopledger: not_found: no store at " + data_ +
                             " (create it with `coopledger init`)\n");
}

TEST_F(CliTest, EveryVerbHasHelp) {
  for (const char* verb : {"init", "append", "log", "verify", "stats", "backup", "restore"}) {
    const RunOutput help = RunCoopledger({verb, "--help"});
    EXPECT_EQ(help.exit_code, 0) << verb;
    EXPECT_NE(help.out.find("--data"), std::string::npos) << verb;
  }
  EXPECT_EQ(RunCoopledger({"frobnicate"}).exit_code, 2);
}

}  // namespace
}  // namespace coopledger::test
