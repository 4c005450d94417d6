#include "tests/test_util/tamper.h"

#include <rocksdb/db.h>

#include <memory>
#include <vector>

#include "engine/store_layout.h"

namespace coopledger::test {
namespace {

constexpr size_t kEventsFamily = 1;
constexpr size_t kSnapshotsFamily = 6;

// Opens the closed store at `path` with all its column families, in store_layout.h's order after
// "default", and runs `change` on it; its status, or the open's, goes to `error`.
bool WithRawStore(const std::string& path, std::string* error,
                  const std::function<rocksdb::Status(rocksdb::DB&,
                                                      const std::vector<rocksdb::ColumnFamilyHandle*>&)>& change) {
  namespace layout = engine::layout;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {"default", layout::kEvents, layout::kStreams, layout::kCommands,
                           layout::kMeta, layout::kKeys, layout::kSnapshots}) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  rocksdb::Status status = rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &raw);
  if (!status.ok()) {
    *error = status.ToString();
    return false;
  }
  std::unique_ptr<rocksdb::DB> db(raw);
  status = change(*db, handles);
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  if (!status.ok()) *error = status.ToString();
  return status.ok();
}

}  // namespace

bool FlipStoredEventByte(const std::string& path, events::Seq seq, size_t offset_from_end,
                         std::string* error) {
  return WithRawStore(path, error, [&](rocksdb::DB& db, const auto& handles) {
    const std::string key = engine::layout::EventKey(seq);
    std::string value;
    rocksdb::Status status = db.Get(rocksdb::ReadOptions(), handles[kEventsFamily], key, &value);
    if (!status.ok()) return status;
    if (offset_from_end < 1 || offset_from_end > value.size()) {
      return rocksdb::Status::InvalidArgument("offset outside the value");
    }
    value[value.size() - offset_from_end] ^= 0x01;
    return db.Put(rocksdb::WriteOptions(), handles[kEventsFamily], key, value);
  });
}

bool RewriteSnapshot(const std::string& path, const std::string& name, events::Seq seq,
                     const std::function<bool(std::string*)>& change, std::string* error) {
  return WithRawStore(path, error, [&](rocksdb::DB& db, const auto& handles) {
    const std::string key = engine::layout::StreamKey(name, seq);
    std::string value;
    rocksdb::Status status = db.Get(rocksdb::ReadOptions(), handles[kSnapshotsFamily], key, &value);
    if (!status.ok()) return status;
    if (!change(&value)) return rocksdb::Status::InvalidArgument("the value was left as it was");
    return db.Put(rocksdb::WriteOptions(), handles[kSnapshotsFamily], key, value);
  });
}

bool DeleteSnapshot(const std::string& path, const std::string& name, events::Seq seq,
                    std::string* error) {
  return WithRawStore(path, error, [&](rocksdb::DB& db, const auto& handles) {
    const std::string key = engine::layout::StreamKey(name, seq);
    std::string value;
    rocksdb::Status status = db.Get(rocksdb::ReadOptions(), handles[kSnapshotsFamily], key, &value);
    if (!status.ok()) return status;
    return db.Delete(rocksdb::WriteOptions(), handles[kSnapshotsFamily], key);
  });
}

}  // namespace coopledger::test
