// The event store: an append-only, hash-chained log of events in RocksDB (DESIGN section 3).
#ifndef COOPLEDGER_ENGINE_EVENT_STORE_H_
#define COOPLEDGER_ENGINE_EVENT_STORE_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/clock.h"
#include "events/event.h"
#include "events/result.h"

namespace coopledger::engine {

using events::Seq;

// Expected stream versions. A stream that has no event is at version 0.
inline constexpr uint64_t kAnyVersion = std::numeric_limits<uint64_t>::max();
inline constexpr uint64_t kNoStream = 0;

// Limits on what one append may carry.
inline constexpr size_t kBatchEventsMax = 100'000;
inline constexpr size_t kStreamNameBytesMax = 256;
inline constexpr size_t kCommandIdBytesMax = 128;
// Reads return at most this many events per call.
inline constexpr int32_t kReadCountMax = 100'000;
// The events a replay or a catch-up reads per call (ReadLog): about 5 MB of decoded events.
inline constexpr int32_t kLogPageEvents = 10'000;

struct ProposedEvent {
  events::Event event;
  // The stream's version just before this event, or kAnyVersion to skip the check.
  uint64_t expected_version = kAnyVersion;
};

// The events of one command, appended all together or not at all.
struct AppendBatch {
  events::Actor actor;
  std::vector<ProposedEvent> events;
  // Identifies the payload for idempotency instead of the events' bytes. Set by CommandService to
  // the hash of the command as sent, so that a retried command matches before it is decided again.
  std::optional<events::Hash> fingerprint;
  // The seq the first event must get, or nullopt for any. CommandService sets the seq its decision
  // assumed: a batch decided after one whose write then failed is refused (kVersionConflict)
  // instead of being appended to a log it was not decided against.
  std::optional<Seq> expected_first_seq;
};

struct AppendResult {
  std::vector<Seq> seqs;
  bool replayed = false;  // True when the command id had already been appended with this payload.
};

struct Head {
  Seq seq = 0;                 // 0 for an empty store.
  events::Hash hash{};         // Chain hash after `seq`.
  Timestamp recorded_at;       // recordedAt of `seq`.
};

// An event as its stored bytes: what the chain and the seals hash.
struct LogRecord {
  Seq seq = 0;
  events::Hash hash{};  // Chain hash after `seq`.
  std::string bytes;    // The event's canonical bytes (events::Encode).
};

struct VerifyReport {
  Seq events_checked = 0;
  std::optional<Seq> first_bad_seq;  // Set when the chain is broken.
  std::string reason;                // Why first_bad_seq is bad.
  Head head;                         // The chain's head as recomputed.
  bool ok() const { return !first_bad_seq.has_value(); }
};

struct StoreOptions {
  std::string path;                // The store's directory.
  bool create_if_missing = false;  // Else opening a missing store is kNotFound.
  bool read_only = false;          // Read-only opens take no writer lock and may run beside one.
  bool sync = true;  // fsync every append. Only tests of non-durability concerns turn it off.
  Clock* clock = nullptr;  // Required unless read_only; must outlive the store.
  std::string holder = "coopledger";  // Named in the writer lock for other processes to see.
  // Source of personal-data keys; libsodium's CSPRNG when empty. The demo passes a
  // seeded generator so that its log is reproducible.
  std::function<void(uint8_t* out, size_t size)> random_bytes;
  // The largest value of one snapshot key: RocksDB compresses a blob value of at most about 2 GB
  // (LZ4's input limit), and a payroll or work state snapshot of millions of events is more.
  size_t snapshot_part_bytes = size_t{256} << 20;
};

struct BackupInfo {
  uint32_t backup_id = 0;
  uint64_t size_bytes = 0;
  uint32_t file_count = 0;
};

using ProgressFn = std::function<void(Seq done, Seq total)>;

class EventStore {
 public:
  virtual ~EventStore() = default;

  // Appends every event of `batch` atomically and durably (synced), or nothing. Concurrent
  // callers are grouped into one synced write; each returns once its own events are durable.
  // Errors: kVersionConflict naming the stream, expected and actual version; kDuplicateCommand
  // when `command_id` was used with another payload (the same payload returns the first seqs with
  // replayed = true); kInvalidArgument for a malformed batch; kStorageIo when the write failed
  // (nothing was appended). Thread-safe.
  //
  // `queued`, if set, is called once the batch holds its place in the log's order, before the
  // wait for the write: a batch queued later gets later seqs. It is not called for a batch refused
  // before queueing (kInvalidArgument). It runs under the store's queue lock, so it must be quick
  // and must not call the store.
  virtual Result<AppendResult> Append(const events::CommandId& command_id,
                                      const AppendBatch& batch,
                                      const std::function<void()>& queued = nullptr) = 0;

  // What an append with `command_id` returned: nullopt if the id is unused; the first seqs (with
  // replayed = true) if it was used with `fingerprint`; kDuplicateCommand if with another payload.
  virtual Result<std::optional<AppendResult>> FindCommand(const events::CommandId& command_id,
                                                          const events::Hash& fingerprint) = 0;

  // At most `count_max` events (bounded by kReadCountMax) with seq >= `from`, in seq order.
  // Thread-safe, as every read: a replay reads its next page on a second thread while the fold,
  // on the caller's, reads events back (engine/replay.h).
  virtual Result<std::vector<events::StoredEvent>> ReadLog(Seq from, int32_t count_max) = 0;
  // The same events as ReadLog, as stored: their chain hashes and canonical bytes, undecoded.
  virtual Result<std::vector<LogRecord>> ReadLogRecords(Seq from, int32_t count_max) = 0;
  // At most `count_max` events of `stream` with version >= `from_version`, in version order.
  virtual Result<std::vector<events::StoredEvent>> ReadStream(std::string_view stream,
                                                              uint64_t from_version,
                                                              int32_t count_max) = 0;
  // The first seq recorded at or after `at`; head().seq + 1 if none. recordedAt never decreases
  // with seq, so this is a binary search of the log.
  virtual Result<Seq> FirstSeqRecordedAtOrAfter(Timestamp at) = 0;
  // The stream's current version, 0 if it has no event.
  virtual Result<uint64_t> StreamVersion(std::string_view stream) = 0;
  virtual Head head() = 0;

  // Walks the whole chain from seq 1, recomputing every hash. Reports the first bad seq: a
  // missing event, bytes that do not decode, an envelope whose seq or prevHash disagrees, a stored
  // hash that does not match, or a head that disagrees with the log.
  virtual Result<VerifyReport> Verify(const ProgressFn& progress) = 0;

  // Seals `data` with `person`'s key, creating the key (durably) on first use. Returns
  // kPersonalDataErased if the person's key was erased.
  virtual Result<events::SealedData> Seal(const events::PersonId& person,
                                          const events::PersonalData& data) = 0;
  // Opens sealed data. kPersonalDataErased once the person's key is erased; kCorruption if the
  // ciphertext does not authenticate.
  virtual Result<events::PersonalData> Unseal(const events::SealedData& sealed) = 0;

  // Adds a consistent backup of the live store to `backup_directory` (RocksDB BackupEngine; all
  // column families are flushed atomically, so the cut is consistent). Appends may continue
  // meanwhile; the backup holds every event acknowledged before the call.
  virtual Result<BackupInfo> Backup(const std::string& backup_directory) = 0;

  // Destroys the keys of these persons, as PersonalDataErased does. Used by restore to re-apply
  // erasures that an older backup predates.
  virtual Status ApplyErasures(const std::vector<events::PersonId>& persons) = 0;

  // Projection snapshots (DESIGN section 4): `state` of projection `name` after event `seq`,
  // in the snapshots column family. kInvalidArgument on a store opened read-only. A state of any
  // size is taken: beyond StoreOptions::snapshot_part_bytes it is written in parts, the snapshot
  // visible once every part is.
  virtual Status PutSnapshot(std::string_view name, Seq seq, std::string_view state) = 0;
  // The latest snapshot of `name` taken after an event <= `at_most`: its seq and state; nullopt
  // if there is none.
  virtual Result<std::optional<std::pair<Seq, std::string>>> FindSnapshot(std::string_view name,
                                                                          Seq at_most) = 0;
  // The seqs of every snapshot of `name`, in order.
  virtual Result<std::vector<Seq>> SnapshotSeqs(std::string_view name) = 0;

  // Makes every append so far durable (for stores opened with sync = false).
  virtual Status Sync() = 0;

  // Writes what the memory tables hold into table files, so that a later open (read-only ones
  // included) has no write-ahead log to replay into memory, and waits (up to 30 minutes) for the
  // compactions this makes due, so that the next reader does not share the disk and the cores
  // with them. After a bulk load or a rebuild.
  virtual Status Flush() = 0;

  // Statistics for `coopledger stats`: RocksDB's estimates, by name.
  virtual std::vector<std::pair<std::string, uint64_t>> Statistics() = 0;
};

// Opens (or with create_if_missing, creates) the store at options.path. kStoreLocked, naming the
// holder, if another process has it open for writing; kNotFound if it does not exist.
Result<std::unique_ptr<EventStore>> OpenEventStore(const StoreOptions& options);

// Restores the latest backup in `backup_directory` as the store at `target_path`. The restored log
// is re-read and every PersonalDataErased in it, and in the store it replaces, is applied again,
// so an older backup never brings a key back; then the chain is verified. An existing store at the
// target is kept beside it as `<target>.replaced-<seconds>`. Returns the restored store's report.
Result<VerifyReport> RestoreStore(const std::string& backup_directory,
                                  const std::string& target_path, Clock* clock);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_EVENT_STORE_H_
