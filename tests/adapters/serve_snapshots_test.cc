// `coopledger serve` writes the projections' snapshots as the log grows, the same a `rebuild`
// would: the real binary on a demo store, read beside it by a read-only open.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "engine/event_store.h"
#include "engine/projection_set.h"
#include "tests/test_util/run_binary.h"
#include "tests/test_util/served_store.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

// The seqs of the stored snapshots of `name`, read while the server holds the store.
std::vector<events::Seq> SnapshotSeqs(const std::string& data, const char* name) {
  engine::StoreOptions options;
  options.path = data;
  options.read_only = true;
  Result<std::unique_ptr<engine::EventStore>> store = engine::OpenEventStore(options);
  if (!store) return {};
  Result<std::vector<events::Seq>> seqs = (*store)->SnapshotSeqs(name);
  return seqs ? *seqs : std::vector<events::Seq>{};
}

TEST(ServeSnapshotsTest, TheServerWritesTheSnapshotsThatCheckFindsEqualToARebuild) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  const RunOutput demo = RunCoopledger({"demo", "--data", data});
  ASSERT_EQ(demo.exit_code, 0) << demo.err;
  ASSERT_TRUE(SnapshotSeqs(data, engine::kLedgerSnapshot).empty()) << "the demo writes none";

  std::vector<events::Seq> ledger;
  {
    ServedStore server(data, {"--snapshot-every", "500"});
    ASSERT_TRUE(server.ok()) << server.output();
    // The thread writes them in its own time, the closes' snapshots and the every-500 ones in
    // any order: wait for both of the latter.
    const auto has = [&ledger](events::Seq seq) {
      return std::find(ledger.begin(), ledger.end(), seq) != ledger.end();
    };
    for (int i = 0; i < 600 && !(has(500) && has(1000)); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ledger = SnapshotSeqs(data, engine::kLedgerSnapshot);
    }
    EXPECT_EQ(server.Stop(), 0) << server.output();
  }
  // Every 500 events, and at the period closes and seals of the demo's log.
  ASSERT_GE(ledger.size(), 3u);
  EXPECT_TRUE(std::find(ledger.begin(), ledger.end(), 500u) != ledger.end());
  EXPECT_TRUE(std::find(ledger.begin(), ledger.end(), 1000u) != ledger.end());
  EXPECT_FALSE(SnapshotSeqs(data, engine::kWorkStateSnapshot).empty());

  // What the server wrote is what a rebuild from event 1 gives, byte for byte.
  const RunOutput check = RunCoopledger({"check", "--data", data});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

}  // namespace
}  // namespace coopledger::test
