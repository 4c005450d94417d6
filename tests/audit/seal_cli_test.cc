// End to end on the demo's store: every month the demo covers is sealed; a member's payslip is
// proved to be in its month's seal, and the proof fails once any byte of it is changed.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/proof_json.h"
#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

class SealCliTest : public DemoStoreTest {
 protected:
  // The seq of the first event of `type` recorded on `day`.
  static events::Seq FirstOfKindOn(const std::string& type, const std::string& day) {
    const RunOutput log = Run({"log", "--recorded-from", day + "T00:00:00Z", "--recorded-to",
                               day + "T23:59:59Z"});
    EXPECT_EQ(log.exit_code, 0) << log.err;
    std::istringstream lines(log.out);
    std::string line;
    while (std::getline(lines, line)) {
      const json event = json::parse(line);
      if (event["type"] == type) return event["seq"].get<events::Seq>();
    }
    ADD_FAILURE() << "no " << type << " recorded on " << day;
    return 0;
  }
};

TEST_F(SealCliTest, TheDemoSealsEveryMonthItCovers) {
  const RunOutput seals = Run({"seals", "--format", "json"});
  ASSERT_EQ(seals.exit_code, 0) << seals.err;
  const json listed = json::parse(seals.out);
  // January 2025 to June 2026; July 2026 is not over when the demo ends.
  ASSERT_EQ(listed.size(), 18u);
  EXPECT_EQ(listed.front()["month"], "2025-01");
  EXPECT_EQ(listed.back()["month"], "2026-06");
  EXPECT_EQ(listed.front()["first_seq"], 1);
  for (size_t i = 1; i < listed.size(); ++i) {
    // The months tile the log: each seal starts where the previous one ended.
    EXPECT_EQ(listed[i]["first_seq"].get<uint64_t>(), listed[i - 1]["last_seq"].get<uint64_t>() + 1);
    EXPECT_GT(listed[i]["seq"].get<uint64_t>(), listed[i]["last_seq"].get<uint64_t>());
  }
  const RunOutput verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
}

TEST_F(SealCliTest, APayslipsProofVerifiesAndAFlippedByteAnywhereFailsIt) {
  const events::Seq payslip = FirstOfKindOn("PayslipIssued", "2025-08-01");
  ASSERT_GT(payslip, 0u);
  const RunOutput prove = Run({"prove", std::to_string(payslip)});
  ASSERT_EQ(prove.exit_code, 0) << prove.err;
  const json proof = json::parse(prove.out);
  EXPECT_EQ(proof["event"]["kind"], "PayslipIssued");
  EXPECT_EQ(proof["seal"]["month"], "2025-08");

  const RunOutput verified = RunCoopledger({"verify-proof", "-"}, prove.out);
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_NE(verified.out.find("ok: event " + std::to_string(payslip) + " (PayslipIssued"),
            std::string::npos);
  const std::string chain_hash = proof["seal"]["chain_hash"];
  EXPECT_EQ(RunCoopledger({"verify-proof", "-", "--seal-hash", chain_hash}, prove.out).exit_code, 0);
  std::string other_hash = chain_hash;
  other_hash[0] = other_hash[0] == '0' ? '1' : '0';
  EXPECT_EQ(RunCoopledger({"verify-proof", "-", "--seal-hash", other_hash}, prove.out).exit_code, 3);

  // Every byte of the file, flipped in turn, makes it fail: in process for speed, and through
  // the binary for a few of them.
  for (size_t i = 0; i < prove.out.size(); ++i) {
    std::string altered = prove.out;
    altered[i] = static_cast<char>(altered[i] ^ 0x01);
    EXPECT_FALSE(adapters::VerifyProofText(altered).has_value()) << "byte " << i;
  }
  for (const std::string field : {"\"bytes\": \"", "\"merkle_root\": \"", "\"path\": [\n"}) {
    std::string altered = prove.out;
    const size_t at = altered.find(field) + field.size() + 12;
    altered[at] = static_cast<char>(altered[at] ^ 0x01);
    const RunOutput failed = RunCoopledger({"verify-proof", "-"}, altered);
    EXPECT_EQ(failed.exit_code, 3) << field << failed.out;
    EXPECT_NE(failed.out.find("FAILED: proof does not verify"), std::string::npos);
  }
}

TEST_F(SealCliTest, AnEventOfAMonthNotSealedHasNoProofYet) {
  const events::Seq late = FirstOfKindOn("PayslipIssued", "2026-07-01");
  const RunOutput prove = Run({"prove", std::to_string(late)});
  EXPECT_EQ(prove.exit_code, 1);
  EXPECT_NE(prove.err.find("a month not sealed yet"), std::string::npos) << prove.err;
}

}  // namespace
}  // namespace coopledger::test
