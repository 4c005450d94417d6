// ReplayRange and ReplayLog over a real store of several pages: every event of the range once, in
// seq order, whatever the range's ends; a fold may read the store while the next page is read.
#include <gtest/gtest.h>

#include <vector>

#include "engine/replay.h"
#include "tests/engine/store_fixture.h"

namespace coopledger::test {
namespace {

class ReplayTest : public StoreTest {
 protected:
  static constexpr engine::Seq kEvents = 25'003;  // Two pages of 10,000 and a part.

  void SetUp() override {
    Open(/*sync=*/false);
    std::vector<events::Event> batch;
    for (engine::Seq i = 0; i < kEvents; ++i) {
      batch.push_back(HoursEvent(static_cast<int>(i % 40), static_cast<int>(i % 300) + 1, 60));
      if (batch.size() == 5'000 || i + 1 == kEvents) {
        ASSERT_TRUE(store_->Append(events::CommandId{"batch-" + std::to_string(i)},
                                   Batch(std::move(batch))));
        batch.clear();
      }
    }
    ASSERT_EQ(store_->head().seq, kEvents);
  }

  // The seqs a replay of [from, last] folds, or the error it returns.
  std::vector<engine::Seq> Seqs(engine::Seq from, engine::Seq last) {
    std::vector<engine::Seq> seqs;
    const Status status = engine::ReplayRange(*store_, from, last, [&seqs](const events::StoredEvent& event) {
      seqs.push_back(event.seq);
    });
    EXPECT_TRUE(status) << status.error().message();
    return seqs;
  }

  static std::vector<engine::Seq> Range(engine::Seq from, engine::Seq last) {
    std::vector<engine::Seq> seqs;
    for (engine::Seq seq = from; seq <= last; ++seq) seqs.push_back(seq);
    return seqs;
  }
};

TEST_F(ReplayTest, FoldsEveryEventOfTheRangeOnceInSeqOrder) {
  EXPECT_EQ(Seqs(1, kEvents), Range(1, kEvents));
  EXPECT_EQ(Seqs(9'999, 20'001), Range(9'999, 20'001)) << "across two page boundaries";
  EXPECT_EQ(Seqs(10'001, 20'000), Range(10'001, 20'000)) << "exactly one page";
  EXPECT_EQ(Seqs(24'000, kEvents + 500), Range(24'000, kEvents)) << "past the head";
  EXPECT_EQ(Seqs(0, 3), Range(1, 3)) << "seq 0 is before the first event";
  EXPECT_TRUE(Seqs(7, 6).empty());
  EXPECT_TRUE(Seqs(kEvents + 1, kEvents + 9).empty());

  std::vector<engine::Seq> whole;
  ASSERT_TRUE(engine::ReplayLog(*store_, [&whole](const events::StoredEvent& event) {
    whole.push_back(event.seq);
  }));
  EXPECT_EQ(whole, Range(1, kEvents));
  std::vector<engine::Seq> until;
  ASSERT_TRUE(engine::ReplayLog(*store_, 10'000, [&until](const events::StoredEvent& event) {
    until.push_back(event.seq);
  }));
  EXPECT_EQ(until, Range(1, 10'000));
}

TEST_F(ReplayTest, AFoldReadsTheStoreWhileTheNextPageIsRead) {
  engine::Seq checked = 0;
  const Status status = engine::ReplayLog(*store_, [&](const events::StoredEvent& event) {
    if (event.seq % 997 != 0) return;
    Result<std::vector<events::StoredEvent>> again = store_->ReadLog(event.seq, 1);
    ASSERT_TRUE(again);
    ASSERT_EQ(again->size(), 1u);
    EXPECT_EQ(again->front().seq, event.seq);
    EXPECT_EQ(again->front().body, event.body);
    ++checked;
  });
  ASSERT_TRUE(status) << status.error().message();
  EXPECT_EQ(checked, kEvents / 997);
}

}  // namespace
}  // namespace coopledger::test
