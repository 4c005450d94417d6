// Every export records itself: who, what, when and the SHA-256 of each file written.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/hash_chain.h"
#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

class ExportRecordTest : public DemoStoreTest {
 protected:
  static std::vector<json> Exports() {
    const RunOutput log = Run({"log", "--stream", "exports"});
    EXPECT_EQ(log.exit_code, 0) << log.err;
    std::vector<json> records;
    std::istringstream lines(log.out);
    std::string line;
    while (std::getline(lines, line)) records.push_back(json::parse(line));
    return records;
  }
};

TEST_F(ExportRecordTest, TheFecAndTheLedgerJournalAreRecordedWithTheirHashes) {
  const std::string out = dir_->Sub("fec");
  const RunOutput fec = Run({"export", "fec", "--year", "2025", "--out", out, "--actor", "marie",
                             "--role", "accountant"});
  ASSERT_EQ(fec.exit_code, 0) << fec.err;
  const std::string fec_path = fec.out.substr(0, fec.out.size() - 1);
  std::vector<json> records = Exports();
  ASSERT_EQ(records.size(), 2u);  // The description file, then the FEC.
  const json& record = records[1];
  EXPECT_EQ(record["type"], "ExportRecorded");
  EXPECT_EQ(record["actor"]["id"], "marie");
  EXPECT_EQ(record["body"]["export_kind"], "fec");
  EXPECT_EQ(record["body"]["parameters"], "--year 2025 --separator tab");
  EXPECT_EQ(record["body"]["file_name"], fec_path);
  EXPECT_EQ(record["body"]["file_sha256"], engine::ToHex(engine::Sha256(ReadFile(fec_path))));

  const RunOutput ledger = Run({"export", "ledger", "--year", "2025", "--known-at", "2000"});
  ASSERT_EQ(ledger.exit_code, 0) << ledger.err;
  records = Exports();
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[2]["body"]["export_kind"], "ledger");
  EXPECT_EQ(records[2]["body"]["parameters"], "--year 2025 --known-at 2000");
  EXPECT_EQ(records[2]["body"]["file_name"], "-");
  EXPECT_EQ(records[2]["body"]["file_sha256"], engine::ToHex(engine::Sha256(ledger.out)));
  EXPECT_EQ(Run({"verify"}).exit_code, 0);
}

TEST_F(ExportRecordTest, AnExportThatCannotBeRecordedWritesNothing) {
  const RunOutput bad_role = Run({"export", "sage", "--year", "2025", "--out",
                                  dir_->Sub("sage.csv"), "--role", "nobody"});
  EXPECT_EQ(bad_role.exit_code, 2) << bad_role.err;
  EXPECT_FALSE(std::ifstream(dir_->Sub("sage.csv")).good());
}

}  // namespace
}  // namespace coopledger::test
