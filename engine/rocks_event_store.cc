#include "engine/rocks_event_store.h"

#include <rocksdb/options.h>
#include <rocksdb/table.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <thread>

#include "engine/hash_chain.h"
#include "engine/store_layout.h"
#include "events/codec.h"

namespace coopledger::engine {

using events::StoredEvent;

Error FromRocks(const rocksdb::Status& status, std::string_view what) {
  const ErrorCode code = status.IsCorruption() ? ErrorCode::kCorruption : ErrorCode::kStorageIo;
  return Error(code, std::string(what) + ": " + status.ToString());
}

namespace {

rocksdb::Options DatabaseOptions() {
  rocksdb::Options options;
  options.create_missing_column_families = true;
  options.IncreaseParallelism(2);
  options.max_open_files = 512;
  // All column families flush together, so a flushed backup is a consistent cut of the log,
  // its indexes and its head record.
  options.atomic_flush = true;
  // Events are written once and read in order: large blocks compress well and scan fast.
  rocksdb::BlockBasedTableOptions table;
  table.block_size = 16 * 1024;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  options.compression = rocksdb::kLZ4Compression;
  return options;
}

const std::vector<std::string>& FamilyNames() {
  static const std::vector<std::string> names = {
      rocksdb::kDefaultColumnFamilyName, layout::kEvents, layout::kStreams, layout::kCommands,
      layout::kMeta,                     layout::kKeys,   layout::kSnapshots};
  return names;
}

}  // namespace

Result<std::unique_ptr<EventStore>> OpenEventStore(const StoreOptions& options) {
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<RocksEventStore> store,
                              RocksEventStore::Open(options));
  return std::unique_ptr<EventStore>(std::move(store));
}

Result<std::unique_ptr<RocksEventStore>> RocksEventStore::Open(const StoreOptions& options) {
  namespace fs = std::filesystem;
  const bool exists = fs::exists(fs::path(options.path) / "CURRENT");
  if (!exists && !options.create_if_missing) {
    return Error(ErrorCode::kNotFound,
                 "no store at " + options.path + " (create it with `coopledger init`)");
  }
  if (!options.read_only && options.clock == nullptr) {
    return Error(ErrorCode::kInvalidArgument, "a writable store needs a clock");
  }
  if (!InitializeSodium()) return Error(ErrorCode::kStorageIo, "libsodium failed to initialise");
  std::unique_ptr<RocksEventStore> store(new RocksEventStore(options));
  std::error_code error;
  if (!options.read_only) {
    fs::create_directories(options.path, error);
    if (error) {
      return Error(ErrorCode::kStorageIo, "create " + options.path + ": " + error.message());
    }
    COOPLEDGER_ASSIGN_OR_RETURN(store->writer_lock_,
                                WriterLock::Acquire(options.path, options.holder));
  }
  rocksdb::Options db_options = DatabaseOptions();
  db_options.create_if_missing = options.create_if_missing;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : FamilyNames()) {
    rocksdb::ColumnFamilyOptions family(db_options);
    if (name == layout::kSnapshots) {
      // Snapshot values (from a few hundred bytes to tens of megabytes) go to blob files: an
      // iterator positioned near a large value, as FindSnapshot's is in a store where several
      // files overlap after a rebuild, then reads its small index entry instead of decompressing
      // the value.
      family.enable_blob_files = true;
      family.min_blob_size = 4096;
      family.blob_compression_type = rocksdb::kLZ4Compression;
      family.enable_blob_garbage_collection = true;
    }
    families.emplace_back(name, family);
  }
  rocksdb::DB* db = nullptr;
  const rocksdb::Status status =
      options.read_only
          ? rocksdb::DB::OpenForReadOnly(db_options, options.path, families, &store->handles_, &db)
          : rocksdb::DB::Open(db_options, options.path, families, &store->handles_, &db);
  if (!status.ok()) return FromRocks(status, "open store " + options.path);
  store->db_.reset(db);
  store->events_ = store->handles_[1];
  store->streams_ = store->handles_[2];
  store->commands_ = store->handles_[3];
  store->meta_ = store->handles_[4];
  store->keys_ = store->handles_[5];
  store->snapshots_ = store->handles_[6];
  COOPLEDGER_RETURN_IF_ERROR(store->LoadHead());
  return store;
}

RocksEventStore::~RocksEventStore() {
  if (db_ == nullptr) return;
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

Status RocksEventStore::LoadHead() {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), meta_, rocksdb::Slice(layout::kHeadKey.data(), layout::kHeadKey.size()), &value);
  if (status.IsNotFound()) {
    head_ = Head{};
  } else if (!status.ok()) {
    return FromRocks(status, "read head");
  } else {
    if (value.size() != layout::kHeadSize) {
      return Error(ErrorCode::kCorruption, "head record has " + std::to_string(value.size()) + " bytes");
    }
    head_.seq = layout::GetBigEndian64(value);
    std::copy_n(value.begin() + 8, 32, head_.hash.begin());
    head_.recorded_at =
        Timestamp::FromMicros(static_cast<int64_t>(layout::GetBigEndian64(value.substr(40))));
  }
  // Pair check: the head record and the last event key are written in the same batch.
  std::unique_ptr<rocksdb::Iterator> last(db_->NewIterator(rocksdb::ReadOptions(), events_));
  last->SeekToLast();
  const Seq last_seq = last->Valid() ? layout::GetBigEndian64(last->key().ToStringView()) : 0;
  if (!last->status().ok()) return FromRocks(last->status(), "read last event");
  if (last_seq != head_.seq) {
    return Error(ErrorCode::kCorruption, "head says seq " + std::to_string(head_.seq) +
                                             " but the last event is seq " +
                                             std::to_string(last_seq));
  }
  return OkStatus();
}

Head RocksEventStore::head() {
  std::lock_guard lock(mutex_);
  return head_;
}

Result<std::string> RocksEventStore::ReadValue(rocksdb::ColumnFamilyHandle* family,
                                               std::string_view key) {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), family, rocksdb::Slice(key.data(), key.size()), &value);
  if (status.IsNotFound()) return Error(ErrorCode::kNotFound, "not found");
  if (!status.ok()) return FromRocks(status, "read");
  return value;
}

namespace {

// Decodes a stored value (hash || event bytes) and checks it holds the event keyed `seq`.
Result<StoredEvent> DecodeStored(Seq seq, std::string_view value) {
  if (value.size() < events::kHashSize) {
    return Error(ErrorCode::kCorruption, "seq " + std::to_string(seq) + ": truncated record");
  }
  Result<StoredEvent> event = events::Decode(value.substr(events::kHashSize));
  if (!event) return event.error().WithContext("seq " + std::to_string(seq) + ": ");
  if (event->seq != seq) {
    return Error(ErrorCode::kCorruption, "seq " + std::to_string(seq) + ": envelope says seq " +
                                             std::to_string(event->seq));
  }
  return event;
}

int32_t BoundCount(int32_t count_max) {
  return count_max <= 0 ? 0 : std::min(count_max, kReadCountMax);
}

}  // namespace

Result<StoredEvent> RocksEventStore::ReadEvent(Seq seq) {
  Result<std::string> value = ReadValue(events_, layout::EventKey(seq));
  if (!value) return value.error().WithContext("event " + std::to_string(seq) + ": ");
  return DecodeStored(seq, *value);
}

Result<std::vector<StoredEvent>> RocksEventStore::ReadLog(Seq from, int32_t count_max) {
  std::vector<StoredEvent> events;
  const int32_t count = BoundCount(count_max);
  if (count == 1 && from >= 1) {
    // One event (a reversal reading back what it reverses): a point read, cheaper than an
    // iterator; on a miss the iterator below finds the next event, if any.
    Result<std::string> value = ReadValue(events_, layout::EventKey(from));
    if (value) {
      COOPLEDGER_ASSIGN_OR_RETURN(StoredEvent event, DecodeStored(from, *value));
      events.push_back(std::move(event));
      return events;
    }
    if (value.error().code() != ErrorCode::kNotFound) return value.error();
  }
  // A page of a replay asks for the events it will get: growing the vector would move them all a
  // dozen times.
  events.reserve(static_cast<size_t>(std::min(count, kLogPageEvents)));
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_));
  for (it->Seek(layout::EventKey(std::max<Seq>(from, 1)));
       it->Valid() && static_cast<int32_t>(events.size()) < count; it->Next()) {
    const Seq seq = layout::GetBigEndian64(it->key().ToStringView());
    COOPLEDGER_ASSIGN_OR_RETURN(StoredEvent event, DecodeStored(seq, it->value().ToStringView()));
    events.push_back(std::move(event));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read log");
  return events;
}

Result<std::vector<LogRecord>> RocksEventStore::ReadLogRecords(Seq from, int32_t count_max) {
  std::vector<LogRecord> records;
  const int32_t count = BoundCount(count_max);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), events_));
  for (it->Seek(layout::EventKey(std::max<Seq>(from, 1)));
       it->Valid() && static_cast<int32_t>(records.size()) < count; it->Next()) {
    const std::string_view value = it->value().ToStringView();
    const Seq seq = layout::GetBigEndian64(it->key().ToStringView());
    if (value.size() < events::kHashSize) {
      return Error(ErrorCode::kCorruption, "seq " + std::to_string(seq) + ": truncated record");
    }
    LogRecord record;
    record.seq = seq;
    std::memcpy(record.hash.data(), value.data(), events::kHashSize);
    record.bytes.assign(value.substr(events::kHashSize));
    records.push_back(std::move(record));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read log records");
  return records;
}

namespace {

// A snapshot larger than StoreOptions::snapshot_part_bytes: its key holds this marker and the
// number of parts, big-endian; part k (from 0) is at the key followed by '\0' and k, big-endian.
// The marker cannot begin a projection's snapshot (each begins with its ASCII magic); part keys
// are longer than snapshot keys, which FindSnapshot and SnapshotSeqs alone recognise.
constexpr std::string_view kPartsMarker = "\xff" "parts";

// After the name and its '\0': a snapshot key holds the seq, a part key the seq, '\0' and the part.
constexpr size_t kSnapshotKeySuffix = 8;
constexpr size_t kPartKeySuffix = 8 + 1 + 4;

std::string PartKey(std::string_view name, Seq seq, uint32_t part) {
  std::string key = layout::StreamKey(name, seq);
  key.push_back('\0');
  layout::PutBigEndian32(&key, part);
  return key;
}

}  // namespace

Status RocksEventStore::PutSnapshot(std::string_view name, Seq seq, std::string_view state) {
  if (options_.read_only) {
    return Error(ErrorCode::kInvalidArgument, "snapshots are written by the store's writer");
  }
  rocksdb::WriteOptions write_options;
  write_options.sync = options_.sync;
  std::string parts_value;
  const size_t part_bytes = std::max<size_t>(options_.snapshot_part_bytes, 1);
  if (state.size() > part_bytes) {
    // The parts first, then the key that makes them a snapshot: a crash in between leaves parts
    // that no reader sees, replaced when the snapshot is written again.
    const size_t parts = (state.size() + part_bytes - 1) / part_bytes;
    for (size_t part = 0; part < parts; ++part) {
      const rocksdb::Status status =
          db_->Put(write_options, snapshots_, PartKey(name, seq, static_cast<uint32_t>(part)),
                   rocksdb::Slice(state.substr(part * part_bytes, part_bytes)));
      if (!status.ok()) return FromRocks(status, "write snapshot part");
    }
    parts_value = std::string(kPartsMarker);
    layout::PutBigEndian32(&parts_value, static_cast<uint32_t>(parts));
    state = parts_value;
  }
  const rocksdb::Status status =
      db_->Put(write_options, snapshots_, layout::StreamKey(name, seq), rocksdb::Slice(state));
  if (!status.ok()) return FromRocks(status, "write snapshot");
  return OkStatus();
}

Result<std::string> RocksEventStore::SnapshotValue(std::string_view name, Seq seq, std::string value) {
  if (!value.starts_with(kPartsMarker)) return value;
  if (value.size() != kPartsMarker.size() + 4) {
    return Error(ErrorCode::kCorruption, "snapshot " + std::string(name) + " at seq " +
                                             std::to_string(seq) + ": malformed list of parts");
  }
  const uint32_t parts = layout::GetBigEndian32(std::string_view(value).substr(kPartsMarker.size()));
  std::string state;
  for (uint32_t part = 0; part < parts; ++part) {
    std::string bytes;
    const rocksdb::Status status = db_->Get(rocksdb::ReadOptions(), snapshots_, PartKey(name, seq, part), &bytes);
    if (!status.ok()) {
      return FromRocks(status, "read snapshot " + std::string(name) + " at seq " + std::to_string(seq) +
                                   ", part " + std::to_string(part) + " of " + std::to_string(parts));
    }
    if (part == 0) state.reserve(bytes.size() * parts);  // Every part but the last is as long.
    state += bytes;
  }
  return state;
}

Result<std::optional<std::pair<Seq, std::string>>> RocksEventStore::FindSnapshot(
    std::string_view name, Seq at_most) {
  const std::string prefix = std::string(name) + '\0';
  // Bounded below by the name: without a snapshot at or before `at_most`, the iterator would stop
  // on the key before, another projection's, and read its value (RocksDB reads an iterator's blob
  // value as it lands on the key): a query before the first snapshot read a 256 MB part of the
  // payroll state's snapshot to find that the trial balance had none.
  rocksdb::ReadOptions read_options;
  const rocksdb::Slice lower_bound(prefix);
  read_options.iterate_lower_bound = &lower_bound;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, snapshots_));
  it->SeekForPrev(layout::StreamKey(name, at_most));
  // Landed on the last part of a snapshot stored in parts (their keys sort after its own): its
  // own key by a point read, rather than stepping back through the parts, each one read as the
  // iterator lands on it (then read again by SnapshotValue: a work state of 2.2 GB read twice).
  if (it->Valid() && it->key().starts_with(prefix) &&
      it->key().size() == prefix.size() + kPartKeySuffix) {
    const Seq seq = layout::GetBigEndian64(it->key().ToStringView().substr(prefix.size()));
    Result<std::string> marker = ReadValue(snapshots_, layout::StreamKey(name, seq));
    if (marker) {
      COOPLEDGER_ASSIGN_OR_RETURN(std::string state, SnapshotValue(name, seq, std::move(*marker)));
      return std::optional<std::pair<Seq, std::string>>(std::make_pair(seq, std::move(state)));
    }
    // Parts without their key (written by a pass that stopped before it) are no snapshot: the
    // one before them is found by stepping back.
    if (marker.error().code() != ErrorCode::kNotFound) return marker.error();
  }
  // Past the parts of a large snapshot (their keys sort after its own) to its key.
  while (it->Valid() && it->key().starts_with(prefix) &&
         it->key().size() != prefix.size() + kSnapshotKeySuffix) {
    it->Prev();
  }
  if (!it->status().ok()) return FromRocks(it->status(), "find snapshot");
  if (!it->Valid() || !it->key().starts_with(prefix) ||
      it->key().size() != prefix.size() + kSnapshotKeySuffix) {
    return std::optional<std::pair<Seq, std::string>>();
  }
  const Seq seq = layout::GetBigEndian64(it->key().ToStringView().substr(prefix.size()));
  COOPLEDGER_ASSIGN_OR_RETURN(std::string state, SnapshotValue(name, seq, it->value().ToString()));
  return std::optional<std::pair<Seq, std::string>>(std::make_pair(seq, std::move(state)));
}

Result<std::vector<Seq>> RocksEventStore::SnapshotSeqs(std::string_view name) {
  const std::string prefix = std::string(name) + '\0';
  std::vector<Seq> seqs;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), snapshots_));
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    if (it->key().size() != prefix.size() + kSnapshotKeySuffix) continue;
    seqs.push_back(layout::GetBigEndian64(it->key().ToStringView().substr(prefix.size())));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "list snapshots");
  return seqs;
}

Result<std::vector<StoredEvent>> RocksEventStore::ReadStream(std::string_view stream,
                                                             uint64_t from_version,
                                                             int32_t count_max) {
  std::vector<StoredEvent> events;
  const int32_t count = BoundCount(count_max);
  if (count == 1) {
    // One event (the first of a document's stream, read back by a projection): point reads.
    Result<std::string> seq =
        ReadValue(streams_, layout::StreamKey(stream, std::max<uint64_t>(from_version, 1)));
    if (seq) {
      COOPLEDGER_ASSIGN_OR_RETURN(StoredEvent event, ReadEvent(layout::GetBigEndian64(*seq)));
      events.push_back(std::move(event));
      return events;
    }
    if (seq.error().code() != ErrorCode::kNotFound) return seq.error();
  }
  const std::string prefix = std::string(stream) + '\0';
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_));
  for (it->Seek(layout::StreamKey(stream, std::max<uint64_t>(from_version, 1)));
       it->Valid() && it->key().starts_with(prefix) &&
       static_cast<int32_t>(events.size()) < count;
       it->Next()) {
    COOPLEDGER_ASSIGN_OR_RETURN(StoredEvent event,
                                ReadEvent(layout::GetBigEndian64(it->value().ToStringView())));
    events.push_back(std::move(event));
  }
  if (!it->status().ok()) return FromRocks(it->status(), "read stream");
  return events;
}

Result<Seq> RocksEventStore::FirstSeqRecordedAtOrAfter(Timestamp at) {
  // Invariant: every seq < low was recorded before `at`; every seq >= high at or after it.
  Seq low = 1;
  Seq high = head().seq + 1;
  while (low < high) {
    const Seq middle = low + (high - low) / 2;
    COOPLEDGER_ASSIGN_OR_RETURN(const StoredEvent event, ReadEvent(middle));
    if (event.recorded_at < at) low = middle + 1;
    else high = middle;
  }
  return low;
}

Result<uint64_t> RocksEventStore::StreamVersion(std::string_view stream) {
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), streams_));
  const std::string prefix = std::string(stream) + '\0';
  it->SeekForPrev(layout::StreamKey(stream, std::numeric_limits<uint64_t>::max()));
  if (!it->status().ok()) return FromRocks(it->status(), "read stream version");
  if (!it->Valid() || !it->key().starts_with(prefix)) return uint64_t{0};
  return layout::GetBigEndian64(it->key().ToStringView().substr(prefix.size()));
}

Result<VerifyReport> RocksEventStore::Verify(const ProgressFn& progress) {
  VerifyReport report;
  const Head stored_head = head();
  Hash running{};
  Seq expected = 1;
  auto fail = [&report](Seq seq, std::string reason) {
    report.first_bad_seq = seq;
    report.reason = std::move(reason);
    return report;
  };
  rocksdb::ReadOptions read_options;
  read_options.fill_cache = false;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, events_));
  for (it->SeekToFirst(); it->Valid(); it->Next(), ++expected) {
    const Seq seq = layout::GetBigEndian64(it->key().ToStringView());
    if (seq != expected) return fail(expected, "missing: the next stored seq is " + std::to_string(seq));
    const std::string_view value = it->value().ToStringView();
    if (value.size() < events::kHashSize) return fail(seq, "truncated record");
    const std::string_view bytes = value.substr(events::kHashSize);
    const Hash hash = ChainHash(running, bytes);
    if (std::memcmp(hash.data(), value.data(), hash.size()) != 0) {
      return fail(seq, "stored hash does not match the event's bytes");
    }
    Result<StoredEvent> event = events::Decode(bytes);
    if (!event) return fail(seq, event.error().ToString());
    if (event->seq != seq) return fail(seq, "envelope says seq " + std::to_string(event->seq));
    if (event->prev_hash != running) return fail(seq, "prevHash does not match the chain");
    running = hash;
    report.head = Head{seq, hash, event->recorded_at};
    ++report.events_checked;
    if (progress && seq % 100'000 == 0) progress(seq, stored_head.seq);
  }
  if (!it->status().ok()) return FromRocks(it->status(), "verify");
  if (report.head.seq != stored_head.seq || report.head.hash != stored_head.hash) {
    return fail(report.head.seq + (report.head.seq < stored_head.seq ? 1 : 0),
                "head record (seq " + std::to_string(stored_head.seq) +
                    ") disagrees with the log");
  }
  if (progress) progress(report.head.seq, stored_head.seq);
  return report;
}

Status RocksEventStore::Sync() {
  if (options_.read_only) return OkStatus();
  const rocksdb::Status status = db_->FlushWAL(/*sync=*/true);
  if (!status.ok()) return FromRocks(status, "sync");
  return OkStatus();
}

Status RocksEventStore::Flush() {
  if (options_.read_only) return OkStatus();
  rocksdb::FlushOptions flush;
  flush.wait = true;
  const rocksdb::Status status = db_->Flush(flush, handles_);
  if (!status.ok()) return FromRocks(status, "flush");
  // Then the compactions that the bulk write made due, which RocksDB runs in the background:
  // waited for here rather than left to run beside the next reader (after a rebuild of 10
  // million events, the next open compacted the snapshots for 7 s, rewriting 276 MB of blobs,
  // while its first queries ran on the same two cores and disk). Bounded: past the bound the
  // compactions go on in the background, as they would without the wait.
  const auto bound = std::chrono::steady_clock::now() + std::chrono::minutes(30);
  while (CompactionsPendingOrRunning() > 0 && std::chrono::steady_clock::now() < bound) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return OkStatus();
}

uint64_t RocksEventStore::CompactionsPendingOrRunning() {
  uint64_t count = 0;
  uint64_t value = 0;
  if (db_->GetIntProperty(rocksdb::DB::Properties::kNumRunningCompactions, &value)) count += value;
  for (rocksdb::ColumnFamilyHandle* family : handles_) {
    if (db_->GetIntProperty(family, rocksdb::DB::Properties::kCompactionPending, &value)) count += value;
  }
  return count;
}

std::vector<std::pair<std::string, uint64_t>> RocksEventStore::Statistics() {
  std::vector<std::pair<std::string, uint64_t>> stats;
  const Head current = head();
  stats.emplace_back("events", current.seq);
  auto property = [this, &stats](rocksdb::ColumnFamilyHandle* family, const char* name,
                                 const std::string& label) {
    uint64_t value = 0;
    if (db_->GetIntProperty(family, name, &value)) stats.emplace_back(label, value);
  };
  property(streams_, "rocksdb.estimate-num-keys", "stream_entries_estimate");
  property(commands_, "rocksdb.estimate-num-keys", "commands_estimate");
  property(keys_, "rocksdb.estimate-num-keys", "personal_keys_estimate");
  property(events_, "rocksdb.total-sst-files-size", "events_sst_bytes");
  property(events_, "rocksdb.cur-size-all-mem-tables", "events_memtable_bytes");
  property(events_, "rocksdb.estimate-live-data-size", "events_live_bytes_estimate");
  stats.emplace_back("compactions_pending_or_running", CompactionsPendingOrRunning());
  return stats;
}

}  // namespace coopledger::engine
