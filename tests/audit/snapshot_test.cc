// Snapshots: `rebuild` writes them, `check` compares them with a rebuild from event 1, byte for
// byte, and `balances --known-at` answered from them equals a replay from event 1.
#include <gtest/gtest.h>

#include <rocksdb/db.h>

#include <memory>

#include "engine/store_layout.h"
#include "projections/member_balances.h"
#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

// Flips one byte of every stored snapshot of `name` at `seq` (the store must be closed).
bool FlipSnapshotByte(const std::string& path, const std::string& name, events::Seq seq) {
  namespace layout = engine::layout;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* family : {"default", layout::kEvents, layout::kStreams, layout::kCommands,
                             layout::kMeta, layout::kKeys, layout::kSnapshots}) {
    families.emplace_back(family, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  if (!rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw).ok()) return false;
  std::unique_ptr<rocksdb::DB> db(raw);
  std::string value;
  const std::string key = layout::StreamKey(name, seq);
  bool done = db->Get(rocksdb::ReadOptions(), handles[6], key, &value).ok() && value.size() > 20;
  if (done) {
    value[value.size() / 2] ^= 0x01;
    done = db->Put(rocksdb::WriteOptions(), handles[6], key, value).ok();
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  return done;
}

class SnapshotTest : public DemoStoreTest {};

TEST_F(SnapshotTest, RebuildWritesSnapshotsThatCheckFindsEqualAndQueriesUse) {
  // Before any snapshot: replays from event 1.
  std::vector<std::string> before;
  for (const char* seq : {"1", "500", "877", "1234", "1846"}) {
    const RunOutput balances = Run({"balances", "--known-at", seq, "--format", "csv"});
    ASSERT_EQ(balances.exit_code, 0) << balances.err;
    before.push_back(balances.out);
  }
  const RunOutput rebuild = Run({"rebuild", "--every", "300"});
  ASSERT_EQ(rebuild.exit_code, 0) << rebuild.err;
  EXPECT_NE(rebuild.out.find("rebuilt "), std::string::npos);
  const RunOutput check = Run({"check"});
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("ok: rebuilt "), std::string::npos);
  size_t i = 0;
  for (const char* seq : {"1", "500", "877", "1234", "1846"}) {
    const RunOutput balances = Run({"balances", "--known-at", seq, "--format", "csv"});
    EXPECT_EQ(balances.out, before[i++]) << "known at " << seq;
  }

  // A changed byte in a stored snapshot is found.
  ASSERT_TRUE(FlipSnapshotByte(dir_->Sub("data"), "member_balances", 600));
  const RunOutput broken = Run({"check"});
  EXPECT_EQ(broken.exit_code, 3);
  EXPECT_NE(broken.out.find("MISMATCH member_balances at seq 600"), std::string::npos) << broken.out;
}

TEST(MemberBalancesSnapshotTest, RefusesBytesItDidNotWrite) {
  projections::MemberBalances empty;
  const std::string bytes = empty.Snapshot();
  EXPECT_TRUE(projections::MemberBalances::FromSnapshot(bytes).has_value());
  EXPECT_FALSE(projections::MemberBalances::FromSnapshot(bytes.substr(0, bytes.size() - 1)).has_value());
  EXPECT_FALSE(projections::MemberBalances::FromSnapshot(bytes + "x").has_value());
  EXPECT_FALSE(projections::MemberBalances::FromSnapshot("XX").has_value());
}

}  // namespace
}  // namespace coopledger::test
