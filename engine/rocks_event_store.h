// RocksDB implementation of EventStore (layout in store_layout.h). Internal to engine/.
#ifndef COOPLEDGER_ENGINE_ROCKS_EVENT_STORE_H_
#define COOPLEDGER_ENGINE_ROCKS_EVENT_STORE_H_

#include <rocksdb/db.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/event_store.h"
#include "engine/writer_lock.h"
#include "events/codec.h"

namespace coopledger::engine {

// Converts a RocksDB status; `what` names the operation.
Error FromRocks(const rocksdb::Status& status, std::string_view what);

class RocksEventStore final : public EventStore {
 public:
  static Result<std::unique_ptr<RocksEventStore>> Open(const StoreOptions& options);
  ~RocksEventStore() override;

  Result<AppendResult> Append(const events::CommandId& command_id, const AppendBatch& batch,
                              const std::function<void()>& queued = nullptr) override;
  Result<std::optional<AppendResult>> FindCommand(const events::CommandId& command_id,
                                                  const events::Hash& fingerprint) override;
  Result<std::vector<events::StoredEvent>> ReadLog(Seq from, int32_t count_max) override;
  Result<std::vector<LogRecord>> ReadLogRecords(Seq from, int32_t count_max) override;
  Result<std::vector<events::StoredEvent>> ReadStream(std::string_view stream,
                                                      uint64_t from_version,
                                                      int32_t count_max) override;
  Result<Seq> FirstSeqRecordedAtOrAfter(Timestamp at) override;
  Result<uint64_t> StreamVersion(std::string_view stream) override;
  Head head() override;
  Result<VerifyReport> Verify(const ProgressFn& progress) override;
  Result<events::SealedData> Seal(const events::PersonId& person,
                                  const events::PersonalData& data) override;
  Result<events::PersonalData> Unseal(const events::SealedData& sealed) override;
  Result<BackupInfo> Backup(const std::string& backup_directory) override;
  Status ApplyErasures(const std::vector<events::PersonId>& persons) override;
  Status PutSnapshot(std::string_view name, Seq seq, std::string_view state) override;
  Result<std::optional<std::pair<Seq, std::string>>> FindSnapshot(std::string_view name,
                                                                  Seq at_most) override;
  Result<std::vector<Seq>> SnapshotSeqs(std::string_view name) override;
  Status Sync() override;
  Status Flush() override;
  std::vector<std::pair<std::string, uint64_t>> Statistics() override;

 private:
  // A snapshot's state from the value of its key: the value itself, or its parts joined.
  Result<std::string> SnapshotValue(std::string_view name, Seq seq, std::string value);
  // One caller of Append waiting in the group-commit queue.
  struct Writer {
    const events::CommandId* command_id = nullptr;
    const AppendBatch* batch = nullptr;
    std::vector<events::EncodedBody> bodies;  // Of batch->events, in order.
    events::Hash fingerprint{};
    std::optional<Result<AppendResult>> result;
    std::condition_variable ready;
  };
  // What a group has appended so far, not yet durable.
  struct Staging;

  explicit RocksEventStore(const StoreOptions& options) : options_(options) {}
  Status LoadHead();
  Status CheckBatch(const events::CommandId& command_id, const AppendBatch& batch) const;
  // Stages `writer`'s events into `staging`, or settles it without staging (replay or refusal).
  std::optional<Result<AppendResult>> StageWriter(Writer& writer, Staging& staging);
  // Stages and writes a group in one synced WriteBatch, starting from `*new_head` and moving it
  // forward on success. Returns each member's result, in order. Called by the leader without
  // mutex_ held.
  std::vector<Result<AppendResult>> CommitGroup(const std::vector<Writer*>& group, Head* new_head);
  Result<uint64_t> CurrentVersion(const std::string& stream, const Staging& staging);
  Result<std::optional<std::string>> ReadCommandRecord(const std::string& command_id);
  Result<std::string> ReadValue(rocksdb::ColumnFamilyHandle* family, std::string_view key);
  // RocksDB's compactions running, plus the column families with one due.
  uint64_t CompactionsPendingOrRunning();
  Result<events::StoredEvent> ReadEvent(Seq seq);
  Result<std::string> KeyOf(const events::PersonId& person);
  void RandomBytes(uint8_t* out, size_t size);

  StoreOptions options_;
  std::unique_ptr<WriterLock> writer_lock_;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
  rocksdb::ColumnFamilyHandle* streams_ = nullptr;
  rocksdb::ColumnFamilyHandle* commands_ = nullptr;
  rocksdb::ColumnFamilyHandle* meta_ = nullptr;
  rocksdb::ColumnFamilyHandle* keys_ = nullptr;
  rocksdb::ColumnFamilyHandle* snapshots_ = nullptr;

  std::mutex mutex_;
  std::deque<Writer*> writers_;  // Guarded by mutex_. The front one leads the next group.
  Head head_;                    // Guarded by mutex_; changed only by the group leader.
  // Stream versions known to be durable. Used by the group leader only (leadership passes under
  // mutex_), bounded by kStreamCacheMax entries.
  std::unordered_map<std::string, uint64_t> stream_versions_;
  std::mutex keys_mutex_;  // Serialises personal-data key creation and erasure.
};

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_ROCKS_EVENT_STORE_H_
