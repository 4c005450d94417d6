#include "tests/test_util/tamper.h"

#include <rocksdb/db.h>

#include <memory>
#include <vector>

#include "engine/store_layout.h"

namespace coopledger::test {

bool FlipStoredEventByte(const std::string& path, events::Seq seq, size_t offset_from_end,
                         std::string* error) {
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
  std::string value;
  status = db->Get(rocksdb::ReadOptions(), handles[1], layout::EventKey(seq), &value);
  if (status.ok() && offset_from_end >= 1 && offset_from_end <= value.size()) {
    value[value.size() - offset_from_end] ^= 0x01;
    status = db->Put(rocksdb::WriteOptions(), handles[1], layout::EventKey(seq), value);
  } else if (status.ok()) {
    status = rocksdb::Status::InvalidArgument("offset outside the value");
  }
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    db->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  if (!status.ok()) *error = status.ToString();
  return status.ok();
}

}  // namespace coopledger::test
