#include <gtest/gtest.h>

#include <map>
#include <thread>

#include "tests/engine/store_fixture.h"

namespace coopledger::test {
namespace {

using events::Seq;

class ConcurrencyTest : public StoreTest {};

// 8 threads x 10,000 appends through group commit. Each thread writes its own stream with
// expected versions (so a lost or reordered append would conflict) and a shared stream without.
TEST_F(ConcurrencyTest, EightThreadsOfTenThousandAppendsStayGapFreeAndChained) {
  constexpr int kThreads = 8;
  constexpr int kAppendsPerThread = 10'000;
  // Synced: the group-commit path under test is the durable one.
  Open(/*sync=*/true);
  std::vector<std::thread> threads;
  std::vector<std::vector<Seq>> acknowledged(kThreads);
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([this, t, &acknowledged, &failures] {
      for (int i = 0; i < kAppendsPerThread; ++i) {
        events::Event own = HoursEvent(t, i, 30);
        own.stream = "thread/" + std::to_string(t);
        events::Event shared = HoursEvent(100 + t, i, 15);
        shared.stream = "shared";
        engine::AppendBatch batch = Batch({own});
        batch.events[0].expected_version = static_cast<uint64_t>(i);
        if (i % 10 == 0) batch.events.push_back(engine::ProposedEvent{shared, engine::kAnyVersion});
        Result<engine::AppendResult> result = store_->Append(
            events::CommandId{"t" + std::to_string(t) + "-" + std::to_string(i)}, batch);
        if (!result) {
          ++failures;
          return;
        }
        for (Seq seq : result->seqs) acknowledged[static_cast<size_t>(t)].push_back(seq);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(failures.load(), 0);

  constexpr Seq kTotal = kThreads * (kAppendsPerThread + kAppendsPerThread / 10);
  EXPECT_EQ(store_->head().seq, kTotal);
  std::vector<bool> seen(kTotal + 1, false);
  for (const auto& seqs : acknowledged) {
    for (Seq seq : seqs) {
      ASSERT_LE(seq, kTotal);
      ASSERT_FALSE(seen[seq]) << "seq " << seq << " acknowledged twice";
      seen[seq] = true;
    }
  }
  std::map<std::string, uint64_t> versions;
  Seq expected = 1;
  for (Seq from = 1; from <= kTotal;) {
    const auto page = store_->ReadLog(from, 10'000).value();
    ASSERT_FALSE(page.empty());
    for (const events::StoredEvent& event : page) {
      ASSERT_EQ(event.seq, expected++);
      ASSERT_EQ(event.stream_version, ++versions[event.stream]) << event.stream;
    }
    from = page.back().seq + 1;
  }
  EXPECT_EQ(versions["shared"], static_cast<uint64_t>(kThreads * kAppendsPerThread / 10));
  const engine::VerifyReport report = store_->Verify(nullptr).value();
  EXPECT_TRUE(report.ok()) << report.reason;
  EXPECT_EQ(report.events_checked, kTotal);
}

TEST_F(ConcurrencyTest, ConcurrentRetriesOfOneCommandAppendItOnce) {
  Open();
  std::vector<std::thread> threads;
  std::vector<std::vector<Seq>> seqs(8);
  for (size_t t = 0; t < seqs.size(); ++t) {
    threads.emplace_back([this, t, &seqs] {
      seqs[t] = store_->Append(events::CommandId{"same"}, Batch({HoursEvent(1, 1, 60)}))
                    .value()
                    .seqs;
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const auto& result : seqs) EXPECT_EQ(result, std::vector<Seq>{1});
  EXPECT_EQ(store_->head().seq, 1u);
}

}  // namespace
}  // namespace coopledger::test
