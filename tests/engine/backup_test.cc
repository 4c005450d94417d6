#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "tests/engine/store_fixture.h"

namespace coopledger::test {
namespace {

class BackupTest : public StoreTest {};

TEST_F(BackupTest, BackupOfALiveStoreRestoresToAVerifiedStore) {
  Open();
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(AppendOne("before-" + std::to_string(i), HoursEvent(i, i, 60)).has_value());
  }
  // Appends go on while the backup is taken.
  std::atomic<bool> stop{false};
  std::atomic<int> appended{0};
  std::thread writer([this, &stop, &appended] {
    for (int i = 0; !stop.load(); ++i) {
      if (AppendOne("during-" + std::to_string(i), HoursEvent(i, i, 30)).has_value()) ++appended;
    }
  });
  const engine::BackupInfo info = store_->Backup(dir_.Sub("backups")).value();
  stop = true;
  writer.join();
  EXPECT_GT(info.file_count, 0u);
  const events::Seq live_head = store_->head().seq;
  store_.reset();

  const engine::VerifyReport report =
      engine::RestoreStore(dir_.Sub("backups"), dir_.Sub("restored"), &clock_).value();
  EXPECT_TRUE(report.ok());
  EXPECT_GE(report.head.seq, 200u);  // Everything acknowledged before the backup began.
  EXPECT_LE(report.head.seq, live_head);

  engine::StoreOptions options = Options();
  options.path = dir_.Sub("restored");
  std::unique_ptr<engine::EventStore> restored = engine::OpenEventStore(options).value();
  EXPECT_EQ(restored->head().seq, report.head.seq);
  EXPECT_EQ(restored->Append(events::CommandId{"after"}, Batch({HoursEvent(1, 1, 1)}))
                .value()
                .seqs,
            std::vector<events::Seq>{report.head.seq + 1});
}

TEST_F(BackupTest, RestoringAnOlderBackupNeverBringsAnErasedKeyBack) {
  Open();
  events::PersonalData data;
  data.given_name = "Yanis";
  events::MemberJoined joined;
  joined.member_id.value = "M-0002";
  joined.personal = store_->Seal(events::PersonId{"M-0002"}, data).value();
  ASSERT_TRUE(AppendOne("join", events::Event{"member/M-0002", Date(), joined}).has_value());
  ASSERT_TRUE(store_->Backup(dir_.Sub("backups")).has_value());  // The key is in this backup.
  events::PersonalDataErased erased;
  erased.person_id.value = "M-0002";
  ASSERT_TRUE(AppendOne("erase", events::Event{"member/M-0002", Date(), erased}).has_value());
  store_.reset();

  // Restoring over the store that knows the erasure: the old backup's key is destroyed again.
  const std::string target = Options().path;
  ASSERT_TRUE(engine::RestoreStore(dir_.Sub("backups"), target, &clock_).has_value());
  Open();
  EXPECT_EQ(store_->head().seq, 1u);
  const auto sealed = std::get<events::MemberJoined>(store_->ReadLog(1, 1).value()[0].body).personal;
  EXPECT_EQ(store_->Unseal(sealed).error().code(), ErrorCode::kPersonalDataErased);
  // The replaced store is kept beside it, not deleted.
  int kept = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_.path())) {
    if (entry.path().filename().string().rfind("store.replaced-", 0) == 0) ++kept;
  }
  EXPECT_EQ(kept, 1);
}

TEST_F(BackupTest, RestoreRefusesWhileAWriterHoldsTheTarget) {
  Open();
  ASSERT_TRUE(AppendOne("c", HoursEvent(1, 1, 1)).has_value());
  ASSERT_TRUE(store_->Backup(dir_.Sub("backups")).has_value());
  Result<engine::VerifyReport> refused =
      engine::RestoreStore(dir_.Sub("backups"), Options().path, &clock_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kStoreLocked);
}

}  // namespace
}  // namespace coopledger::test
