// End-to-end tests of `coopledger check-fec`: the real binary on the committed samples of
// tests/data/fec/ (ISO-8859-15 bytes, tab or '|' separated).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/test_util/run_binary.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

std::string Sample(const std::string& name) {
  return std::string(COOPLEDGER_SOURCE_ROOT) + "/tests/data/fec/" + name;  // tests/CMakeLists.txt.
}

constexpr const char* kValidSummary =
    "lines: 14\n"
    "entries: 5\n"
    "total debit: 4572,34\n"
    "total credit: 4572,34\n"
    "exercise: 2025-01-01 to 2025-12-31\n";

TEST(FecCheckCliTest, ValidFilePasses) {
  const RunOutput run = RunCoopledger({"check-fec", Sample("123456789FEC20251231.txt")});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, std::string(kValidSummary) + "OK\n");
  EXPECT_EQ(run.err, "");
}

TEST(FecCheckCliTest, UnbalancedEntryFailsWithItsLine) {
  const RunOutput run = RunCoopledger({"check-fec", Sample("123456789FEC20251231-unbalanced.txt")});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out,
            "13: unbalanced-entry: entry \"5\" (lines 13-14) is unbalanced: debit 12,34, "
            "credit 12,35, difference -0,01\n"
            "lines: 14\n"
            "entries: 5\n"
            "total debit: 4572,34\n"
            "total credit: 4572,35\n"
            "exercise: 2025-01-01 to 2025-12-31\n"
            "FAILED: 1 error, 0 warnings\n");
}

TEST(FecCheckCliTest, ReportsEveryFaultOfAFileInLineOrder) {
  const RunOutput run = RunCoopledger({"check-fec", Sample("123456789FEC20251231-faults.txt")});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out,
            "6:Credit: amount-format: Credit \"1000.00\" is not an FEC amount: the decimal "
            "separator must be a comma\n"
            "9:CompAuxLib: auxiliary-account: CompAuxLib is empty while CompAuxNum is \"C001\": "
            "give both or neither\n"
            "13:EcritureNum: entry-number-gap: EcritureNum \"6\" is entry number 6, expected 5: "
            "entries are numbered 1, 2, 3... in order of first appearance\n"
            "lines: 14\n"
            "entries: 5\n"
            "total debit: 4572,34\n"
            "total credit: 3572,34\n"
            "exercise: 2025-01-01 to 2025-12-31\n"
            "FAILED: 3 errors, 0 warnings\n");
}

TEST(FecCheckCliTest, SemicolonsAreRefused) {
  const RunOutput run = RunCoopledger({"check-fec", Sample("123456789FEC20251231-semicolon.txt")});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')),
            "1: separator: the header line is separated by ';' or ',': fields must be separated "
            "by a tab or '|'");
}

TEST(FecCheckCliTest, NameWithoutClosingDateFails) {
  const RunOutput run = RunCoopledger({"check-fec", Sample("fec-2025.txt")});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out,
            "0: bad-file-name: file name \"fec-2025.txt\" does not match <SIREN>FEC<AAAAMMJJ>: the "
            "SIREN, FEC, then the exercise's closing date\n"
            "lines: 14\n"
            "entries: 5\n"
            "total debit: 4572,34\n"
            "total credit: 4572,34\n"
            "exercise: unknown (no valid closing date in the file name)\n"
            "FAILED: 1 error, 0 warnings\n");
}

TEST(FecCheckCliTest, JsonReportAndStartOption) {
  const RunOutput run = RunCoopledger({"check-fec", Sample("123456789FEC20251231.txt"), "--format",
                                       "json", "--start", "2025-01-02"});
  EXPECT_EQ(run.exit_code, 3);
  const json report = json::parse(run.out);
  EXPECT_EQ(report["passed"], false);
  EXPECT_EQ(report["errors"], 3);
  EXPECT_EQ(report["exercise_start"], "2025-01-02");
  EXPECT_EQ(report["debit_total_cents"], 4572'34);
  EXPECT_EQ(report["findings"][0],
            json({{"line", 2},
                  {"column", "EcritureDate"},
                  {"code", "date-outside-exercise"},
                  {"severity", "error"},
                  {"message",
                   "EcritureDate 2025-01-01 is outside the exercise 2025-01-02 to "
                   "2025-12-31"}}));
}

TEST(FecCheckCliTest, Utf8OptionStillRequiresValidUtf8) {
  const RunOutput run =
      RunCoopledger({"check-fec", Sample("123456789FEC20251231.txt"), "--encoding", "utf-8"});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_EQ(run.out.substr(0, run.out.find('\n')),
            "3:CompAuxLib: encoding: CompAuxLib \"Soci\\xE9t\\xE9 G\\xE9n\\xE9rale\" is not valid "
            "UTF-8");
}

TEST(FecCheckCliTest, BadArgumentsAndUnreadableFiles) {
  EXPECT_EQ(RunCoopledger({"check-fec"}).exit_code, 2);
  EXPECT_EQ(
      RunCoopledger({"check-fec", Sample("123456789FEC20251231.txt"), "--format", "xml"}).exit_code,
      2);
  const RunOutput bad_start =
      RunCoopledger({"check-fec", Sample("123456789FEC20251231.txt"), "--start", "20250101"});
  EXPECT_EQ(bad_start.exit_code, 2);
  EXPECT_EQ(bad_start.err,
            "coopledger: invalid_date: --start: '20250101' is not a YYYY-MM-DD date\n");
  const RunOutput missing = RunCoopledger({"check-fec", Sample("999999999FEC20251231.txt")});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.out, "");
  EXPECT_EQ(RunCoopledger({"check-fec", Sample("")}).exit_code, 1);  // A directory.
}

}  // namespace
}  // namespace coopledger::test
