#include "engine/seals.h"

#include <gtest/gtest.h>

#include "engine/hash_chain.h"
#include "engine/merkle.h"
#include "events/codec.h"
#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;

int64_t Micros(const char* day, int hour) {
  return static_cast<int64_t>(Day(day).days_since_epoch()) * kMicrosPerDay +
         static_cast<int64_t>(hour) * 3'600'000'000;
}

class SealTest : public CommandHandlerTest {
 protected:
  // Events recorded in June (seqs 1-3), July (4-6) and on 1 August (7).
  void RecordThreeMonths() {
    clock_.Set(Timestamp::FromMicros(Micros("2025-06-10", 9)));
    Accept(Cae());
    Accept(Activity("A-CJS", events::ActivityKind::kCjsSeason, Day("2025-06-01")));
    Accept(Activity("A-ENT", events::ActivityKind::kEntrepreneur, Day("2025-01-01")));
    clock_.Set(Timestamp::FromMicros(Micros("2025-07-02", 9)));
    Accept(CjsYouth("M-0001", "A-CJS", Day("2025-07-01"), Day("2025-08-31")));
    Accept(Company("C-0001"));
    clock_.Set(Timestamp::FromMicros(Micros("2025-07-31", 23)));
    Accept(Job("J-0001", "C-0001", "A-CJS", Day("2025-07-10")));
    clock_.Set(Timestamp::FromMicros(Micros("2025-08-01", 9)));
    Accept(Job("J-0002", "C-0001", "A-CJS", Day("2025-08-10")));
  }

  Result<events::Seq> Seal(const char* month) {
    return engine::SealMonth(*store_, *service_, clock_, Day(month),
                             events::CommandId{std::string("seal-") + month}, Admin());
  }
};

TEST_F(SealTest, ASealCoversTheEventsRecordedInItsMonth) {
  RecordThreeMonths();
  const events::Seq seq = Seal("2025-07-01").value();
  EXPECT_EQ(seq, 8u);
  const events::StoredEvent stored = store_->ReadLog(seq, 1).value().front();
  EXPECT_EQ(stored.stream, "seals");
  EXPECT_EQ(stored.effective.ToString(), "2025-07-31");
  const auto& seal = std::get<events::SealRecorded>(stored.body);
  EXPECT_EQ(seal.month.ToString(), "2025-07-01");
  EXPECT_EQ(seal.first_seq, 4u);
  EXPECT_EQ(seal.last_seq, 6u);
  // The root over the three events' stored bytes; the head hash is the chain after seq 6.
  std::vector<events::Hash> leaves;
  const std::vector<events::StoredEvent> july = store_->ReadLog(4, 3).value();
  for (const events::StoredEvent& event : july) {
    leaves.push_back(engine::MerkleLeafHash(events::Encode(event)));
  }
  const events::Hash root = engine::MerkleRoot(leaves);
  EXPECT_EQ(seal.merkle_root, events::Bytes(root.begin(), root.end()));
  const events::Hash after_six = store_->ReadLog(7, 1).value().front().prev_hash;
  EXPECT_EQ(seal.head_hash, events::Bytes(after_six.begin(), after_six.end()));
}

TEST_F(SealTest, RefusesAMonthNotOverAlreadySealedOrEmpty) {
  RecordThreeMonths();
  const engine::Head before = store_->head();
  Result<events::Seq> not_over = Seal("2025-08-01");
  ASSERT_FALSE(not_over.has_value());
  EXPECT_EQ(not_over.error().code(), ErrorCode::kPeriodClosed);
  Result<events::Seq> empty = Seal("2025-05-01");
  ASSERT_FALSE(empty.has_value());
  EXPECT_EQ(empty.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(store_->head().seq, before.seq);

  ASSERT_TRUE(Seal("2025-07-01").has_value());
  // June comes before the last sealed month: refused, and the same for July again.
  Result<events::Seq> earlier = Seal("2025-06-01");
  ASSERT_FALSE(earlier.has_value());
  EXPECT_EQ(earlier.error().message(), "month: 2025-06 is not after the last sealed month, 2025-07");
  clock_.Set(Timestamp::FromMicros(Micros("2025-08-02", 9)));
  Result<events::Seq> again = engine::SealMonth(*store_, *service_, clock_, Day("2025-07-01"),
                                                events::CommandId{"again"}, Admin());
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(store_->head().seq, before.seq + 1);
}

TEST_F(SealTest, AProofVerifiesAndAnyChangedByteOfItsEvidenceFailsIt) {
  RecordThreeMonths();
  ASSERT_TRUE(Seal("2025-06-01").has_value());
  ASSERT_TRUE(Seal("2025-07-01").has_value());
  Accept(Job("J-0003", "C-0001", "A-CJS", Day("2025-08-11")));  // After the last seal.
  for (events::Seq seq = 1; seq <= 6; ++seq) {
    SCOPED_TRACE("seq=" + std::to_string(seq));
    const engine::InclusionProof proof = engine::ProveInclusion(*store_, seq).value();
    Result<engine::VerifiedInclusion> verified = engine::VerifyInclusion(proof);
    ASSERT_TRUE(verified.has_value()) << verified.error().ToString();
    EXPECT_EQ(verified->event.seq, seq);
    // The chain hash after the seal is the one the store holds.
    const events::Seq seal_seq = verified->seal_event.seq;
    const events::StoredEvent next = store_->ReadLog(seal_seq + 1, 1).value().at(0);
    EXPECT_EQ(verified->seal_chain_hash, next.prev_hash);
    for (size_t i = 0; i < proof.event_bytes.size(); ++i) {
      engine::InclusionProof altered = proof;
      altered.event_bytes[i] = static_cast<char>(altered.event_bytes[i] ^ 0x01);
      EXPECT_FALSE(engine::VerifyInclusion(altered).has_value()) << "event byte " << i;
    }
    for (size_t level = 0; level < proof.path.size(); ++level) {
      engine::InclusionProof altered = proof;
      altered.path[level][31] ^= 0x80;
      EXPECT_FALSE(engine::VerifyInclusion(altered).has_value()) << "path " << level;
    }
    engine::InclusionProof moved = proof;
    moved.leaf_index ^= 1;
    EXPECT_FALSE(engine::VerifyInclusion(moved).has_value());
  }
  // The events of August are in no seal yet.
  Result<engine::InclusionProof> unsealed = engine::ProveInclusion(*store_, 7);
  ASSERT_FALSE(unsealed.has_value());
  EXPECT_EQ(unsealed.error().code(), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace coopledger::test
