// CommandService under concurrent callers: commands are decided one at a time against a state
// that includes commands not yet durable, their writes share the store's group commit, and a
// write that fails leaves neither the log nor the state with events decided against it.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

using events::Seq;

class CommandPipelineTest : public CommandHandlerTest {
 protected:
  // The live state must be the one a replay of the log gives.
  void ExpectStateEqualsReplay() {
    std::unique_ptr<engine::CommandService> replayed =
        engine::CommandService::Create(store_.get(), &clock_, RepositoryRules()).value();
    EXPECT_EQ(replayed->state().last_seq(), store_->head().seq);
    EXPECT_EQ(service_->state().last_seq(), store_->head().seq);
    EXPECT_TRUE(replayed->state() == service_->state())
        << "the live state differs from a replay of the log";
  }
};

// Eight threads send commands at once on a synced store. Each logs an hour a day for its own
// member, and all of them race for the same slots of a shared member: exactly one command per
// slot may win, which only holds if each decision sees the commands decided before it, durable
// or not yet.
TEST_F(CommandPipelineTest, ConcurrentCommandsAreDecidedInOrderAndWrittenTogether) {
  service_.reset();
  Open(/*sync=*/true);
  StartService();
  SetUpWorld();
  constexpr int kThreads = 8;
  constexpr int kDays = 40;
  for (int t = 0; t < kThreads; ++t) {
    Accept(CjsYouth("M-T" + std::to_string(t), "A-CJS", Day("2025-07-01"), Day("2025-08-31")));
  }
  const Seq before = store_->head().seq;

  std::vector<std::vector<Seq>> acknowledged(kThreads);
  std::vector<int> shared_won(kThreads, 0);
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t = static_cast<size_t>(t)] {
      for (int d = 0; d < kDays; ++d) {
        const Date day = Day("2025-07-01").AddDays(d);
        const std::string prefix = "t" + std::to_string(t) + "-d" + std::to_string(d);
        Result<engine::CommandResult> own = service_->Execute(
            events::CommandId{prefix + "-own"}, Admin(),
            JobHours("M-T" + std::to_string(t), "J-0001", day, 8 * 60, 60));
        if (!own) {
          ++unexpected;
          continue;
        }
        for (Seq seq : own->seqs) acknowledged[t].push_back(seq);
        // Every thread asks for the shared member's same hour of the day.
        Result<engine::CommandResult> shared = service_->Execute(
            events::CommandId{prefix + "-shared"}, Admin(),
            JobHours("M-0001", "J-0001", day, 14 * 60, 60));
        if (shared) {
          ++shared_won[t];
          for (Seq seq : shared->seqs) acknowledged[t].push_back(seq);
        } else if (shared.error().code() != ErrorCode::kOverlappingHours) {
          ++unexpected;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  ASSERT_EQ(unexpected.load(), 0);

  int shared_total = 0;
  for (int won : shared_won) shared_total += won;
  EXPECT_EQ(shared_total, kDays) << "one and only one thread wins each shared slot";
  const Seq expected_head = before + kThreads * kDays + kDays;
  EXPECT_EQ(store_->head().seq, expected_head);
  std::set<Seq> seen;
  for (const std::vector<Seq>& seqs : acknowledged) {
    for (Seq seq : seqs) EXPECT_TRUE(seen.insert(seq).second) << "seq " << seq << " twice";
  }
  EXPECT_EQ(seen.size(), static_cast<size_t>(expected_head - before));
  ExpectStateEqualsReplay();
  EXPECT_TRUE(store_->Verify(nullptr).value().ok());
}

// A retry of a command that is still being written waits for it and answers as a retry.
TEST_F(CommandPipelineTest, ConcurrentRetriesOfOneCommandAppendItOnce) {
  SetUpWorld();
  constexpr int kThreads = 6;
  std::vector<Result<engine::CommandResult>> results(
      kThreads, Result<engine::CommandResult>(Error(ErrorCode::kInvalidArgument, "not run")));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t = static_cast<size_t>(t)] {
      results[t] = service_->Execute(events::CommandId{"same"}, Admin(),
                                     JobHours("M-0001", "J-0001", Day("2025-07-15"), 540, 60));
    });
  }
  for (std::thread& thread : threads) thread.join();
  int first = 0;
  for (const auto& result : results) {
    ASSERT_TRUE(result.has_value()) << result.error().ToString();
    EXPECT_EQ(result->seqs, std::vector<Seq>{7});
    if (!result->replayed) ++first;
  }
  EXPECT_EQ(first, 1);
  EXPECT_EQ(store_->head().seq, 7u);
  ExpectStateEqualsReplay();
}

// The real store, except that the append of one chosen command fails as a write would: it takes
// its place in the queue, waits until the test lets it go, then returns kStorageIo having written
// nothing.
class FailingWriteStore final : public engine::EventStore {
 public:
  FailingWriteStore(engine::EventStore* real, std::string failing) : real_(real), failing_(failing) {}

  void WaitUntilFailingQueued() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return failing_queued_; });
  }
  void WaitForRefusals(int count) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this, count] { return refusals_ >= count; });
  }
  void ReleaseFailing() {
    std::lock_guard lock(mutex_);
    released_ = true;
    changed_.notify_all();
  }

  Result<engine::AppendResult> Append(const events::CommandId& command_id,
                                      const engine::AppendBatch& batch,
                                      const std::function<void()>& queued) override {
    bool fails;
    {
      std::lock_guard lock(mutex_);
      fails = command_id.value == failing_;
    }
    if (!fails) {
      Result<engine::AppendResult> result = real_->Append(command_id, batch, queued);
      if (!result && result.error().code() == ErrorCode::kVersionConflict) {
        std::lock_guard lock(mutex_);
        ++refusals_;
        changed_.notify_all();
      }
      return result;
    }
    if (queued) queued();
    std::unique_lock lock(mutex_);
    failing_queued_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return released_; });
    failing_.clear();  // Only the first attempt fails.
    return Error(ErrorCode::kStorageIo, "append events: injected write failure");
  }

  Result<std::optional<engine::AppendResult>> FindCommand(const events::CommandId& id,
                                                          const events::Hash& hash) override {
    return real_->FindCommand(id, hash);
  }
  Result<std::vector<events::StoredEvent>> ReadLog(Seq from, int32_t count) override {
    return real_->ReadLog(from, count);
  }
  Result<std::vector<engine::LogRecord>> ReadLogRecords(Seq from, int32_t count) override {
    return real_->ReadLogRecords(from, count);
  }
  Result<std::vector<events::StoredEvent>> ReadStream(std::string_view stream, uint64_t from,
                                                      int32_t count) override {
    return real_->ReadStream(stream, from, count);
  }
  Result<Seq> FirstSeqRecordedAtOrAfter(Timestamp at) override {
    return real_->FirstSeqRecordedAtOrAfter(at);
  }
  Result<uint64_t> StreamVersion(std::string_view stream) override {
    return real_->StreamVersion(stream);
  }
  engine::Head head() override { return real_->head(); }
  Result<engine::VerifyReport> Verify(const engine::ProgressFn& progress) override {
    return real_->Verify(progress);
  }
  Result<events::SealedData> Seal(const events::PersonId& person,
                                  const events::PersonalData& data) override {
    return real_->Seal(person, data);
  }
  Result<events::PersonalData> Unseal(const events::SealedData& sealed) override {
    return real_->Unseal(sealed);
  }
  Result<engine::BackupInfo> Backup(const std::string& directory) override {
    return real_->Backup(directory);
  }
  Status ApplyErasures(const std::vector<events::PersonId>& persons) override {
    return real_->ApplyErasures(persons);
  }
  Status PutSnapshot(std::string_view name, Seq seq, std::string_view state) override {
    return real_->PutSnapshot(name, seq, state);
  }
  Result<std::optional<std::pair<Seq, std::string>>> FindSnapshot(std::string_view name,
                                                                  Seq at_most) override {
    return real_->FindSnapshot(name, at_most);
  }
  Result<std::vector<Seq>> SnapshotSeqs(std::string_view name) override {
    return real_->SnapshotSeqs(name);
  }
  Status Sync() override { return real_->Sync(); }
  Status Flush() override { return real_->Flush(); }
  std::vector<std::pair<std::string, uint64_t>> Statistics() override {
    return real_->Statistics();
  }

 private:
  engine::EventStore* real_;
  std::string failing_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool failing_queued_ = false;
  bool released_ = false;
  int refusals_ = 0;
};

// A's write fails after B was decided against a state that included A. The store refuses B (the
// log does not end where B's decision assumed), the service rebuilds its state from the log and
// decides B again: B lands at A's seq, A's caller gets the failure, and nothing of A remains.
TEST_F(CommandPipelineTest, AFailedWriteIsForgottenAndCommandsDecidedAfterItAreDecidedAgain) {
  SetUpWorld();
  FailingWriteStore failing(store_.get(), "A");
  std::unique_ptr<engine::CommandService> service =
      engine::CommandService::Create(&failing, &clock_, RepositoryRules()).value();

  std::future<Result<engine::CommandResult>> a = std::async(std::launch::async, [&] {
    return service->Execute(events::CommandId{"A"}, Admin(),
                            JobHours("M-0001", "J-0001", Day("2025-07-15"), 9 * 60, 60));
  });
  failing.WaitUntilFailingQueued();
  // B is decided while A waits to be written: the 10:00 hour follows A's 9:00 one, and B expects
  // the seq after A's.
  std::future<Result<engine::CommandResult>> b = std::async(std::launch::async, [&] {
    return service->Execute(events::CommandId{"B"}, Admin(),
                            JobHours("M-0001", "J-0001", Day("2025-07-15"), 10 * 60, 60));
  });
  failing.WaitForRefusals(1);  // The store refused B's first append: seq 8 expected, log at 6.
  failing.ReleaseFailing();

  const Result<engine::CommandResult> a_result = a.get();
  ASSERT_FALSE(a_result.has_value());
  EXPECT_EQ(a_result.error().code(), ErrorCode::kStorageIo);
  const Result<engine::CommandResult> b_result = b.get();
  ASSERT_TRUE(b_result.has_value()) << b_result.error().ToString();
  EXPECT_EQ(b_result->seqs, std::vector<Seq>{7});
  EXPECT_FALSE(b_result->replayed);
  EXPECT_EQ(store_->head().seq, 7u);

  // The state knows B, not A: A's hour is free again and its retry succeeds at seq 8.
  EXPECT_EQ(service->state().MinutesOn(events::MemberId{"M-0001"}, Day("2025-07-15")), 60);
  Result<engine::CommandResult> retried = service->Execute(
      events::CommandId{"A"}, Admin(), JobHours("M-0001", "J-0001", Day("2025-07-15"), 9 * 60, 60));
  ASSERT_TRUE(retried.has_value()) << retried.error().ToString();
  EXPECT_EQ(retried->seqs, std::vector<Seq>{8});
  std::unique_ptr<engine::CommandService> replayed =
      engine::CommandService::Create(store_.get(), &clock_, RepositoryRules()).value();
  EXPECT_TRUE(replayed->state() == service->state());
}

}  // namespace
}  // namespace coopledger::test
