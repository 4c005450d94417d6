// The decider of DeclarationFiled: a month's DSN is filed once the month is over and its pay
// month closed, with the 32 bytes of a SHA-256, and only once; an end-of-contract signal names
// its member. Every refusal appends nothing (Refuse checks the head).
#include <gtest/gtest.h>

#include "engine/hash_chain.h"
#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

class DeclarationCommandsTest : public CommandHandlerTest {
 protected:
  static events::DeclarationFiled July() {
    events::DeclarationFiled filed;
    filed.kind = events::DeclarationKind::kDsnMonthly;
    filed.period_start = Day("2025-07-01");
    filed.filed_on = Day("2025-08-05");
    const engine::Hash hash = engine::Sha256("S10.G00.00.001,'coopledger'\n");
    filed.file_sha256.assign(hash.begin(), hash.end());
    filed.reference = "DSN-2025-07";
    return filed;
  }
};

TEST_F(DeclarationCommandsTest, AMonthIsFiledOnceItIsOverAndOnlyOnce) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::DeclarationFiled early = July();
  early.filed_on = Day("2025-07-31");
  EXPECT_EQ(Refuse(early).message(),
            "filed_on: a month is declared once it is over, from 2025-08-01");
  events::DeclarationFiled future = July();
  future.filed_on = Day("2025-10-01");
  EXPECT_EQ(Refuse(future).code(), ErrorCode::kInvalidArgument);
  events::DeclarationFiled no_hash = July();
  no_hash.file_sha256.pop_back();
  EXPECT_EQ(Refuse(no_hash).message(), "file_sha256: must be the 32 bytes of a SHA-256");
  events::DeclarationFiled mid_month = July();
  mid_month.period_start = Day("2025-07-02");
  EXPECT_EQ(Refuse(mid_month).code(), ErrorCode::kInvalidArgument);
  Accept(July());
  const Error twice = Refuse(July());
  EXPECT_EQ(twice.code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(twice.message().find("already filed"), std::string::npos) << twice.message();
}

TEST_F(DeclarationCommandsTest, AnEndOfContractSignalNamesItsMemberAndIsFiledOnce) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::DeclarationFiled signal = July();
  signal.kind = events::DeclarationKind::kDsnEndOfContract;
  signal.reference.clear();
  EXPECT_EQ(Refuse(signal).message(),
            "reference: an event's declaration names its member or contract");
  signal.reference = "M-0001";
  Accept(signal);
  EXPECT_EQ(Refuse(signal).code(), ErrorCode::kAlreadyExists);
  Accept(July());  // The monthly DSN of the same month is another declaration.
}

}  // namespace
}  // namespace coopledger::test
