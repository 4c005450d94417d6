// EventStore::Append: validation, idempotency, expected versions and group commit.
//
// Group commit follows LevelDB's DBImpl::Write: callers queue; the one at the front leads, takes
// the queue's current members as a group, stages all their events into one WriteBatch and writes
// it synced with the mutex released, then hands each member its result. A member's events are
// staged only if its whole batch passes; a refused member does not affect the others.
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <cstring>

#include "engine/hash_chain.h"
#include "engine/rocks_event_store.h"
#include "engine/store_layout.h"
#include "events/codec.h"

namespace coopledger::engine {

using events::CommandId;
using events::StoredEvent;

namespace {

// Most events one synced write carries; one caller's batch may exceed it alone.
constexpr size_t kGroupEventsMax = 10'000;
constexpr size_t kStreamCacheMax = 1 << 20;

std::string Field(size_t index, const char* name) {
  return "events[" + std::to_string(index) + "]." + name;
}

// `bodies[i]` is the encoded body of `batch.events[i]`.
events::Hash Fingerprint(const AppendBatch& batch, const std::vector<events::EncodedBody>& bodies) {
  std::string bytes;
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const ProposedEvent& proposed = batch.events[i];
    const std::string encoded = events::EncodeProposed(proposed.event, batch.actor, bodies[i]);
    layout::PutBigEndian64(&bytes, encoded.size());
    bytes += encoded;
    layout::PutBigEndian64(&bytes, proposed.expected_version);
  }
  return Sha256(bytes);
}

}  // namespace

// What a group has staged so far: not durable until the WriteBatch is written.
struct RocksEventStore::Staging {
  rocksdb::WriteBatch batch;
  Head head;
  std::unordered_map<std::string, uint64_t> versions;  // Streams the group has touched.
  struct PendingCommand {
    events::Hash fingerprint;
    Seq first_seq;
    uint32_t count;
  };
  std::unordered_map<std::string, PendingCommand> commands;
  // Index entries (stream key -> seq), put in key order just before the write: a stream's
  // consecutive versions then follow each other in the memtable's skiplist, which RocksDB
  // inserts from its previous insert position. In event order, interleaved streams make each
  // entry a search from the top with a cache miss per level: with the benchmark's 40 streams,
  // sorting cut the index's share of an append from about 2.5 us to 1 us per event.
  std::vector<std::pair<std::string, Seq>> stream_entries;
  bool erases_keys = false;
};

Status RocksEventStore::CheckBatch(const CommandId& command_id, const AppendBatch& batch) const {
  if (options_.read_only) {
    return Error(ErrorCode::kInvalidArgument, "store " + options_.path + " is open read-only");
  }
  if (command_id.value.empty() || command_id.value.size() > kCommandIdBytesMax ||
      command_id.value.find('\0') != std::string::npos) {
    return Error(ErrorCode::kInvalidArgument,
                 "command_id: must have 1 to " + std::to_string(kCommandIdBytesMax) +
                     " bytes and no NUL");
  }
  if (batch.events.empty()) {
    return Error(ErrorCode::kInvalidArgument, "events: a command appends at least one event");
  }
  if (batch.events.size() > kBatchEventsMax) {
    return Error(ErrorCode::kInvalidArgument,
                 "events: more than " + std::to_string(kBatchEventsMax) + " in one command");
  }
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const std::string& stream = batch.events[i].event.stream;
    if (stream.empty() || stream.size() > kStreamNameBytesMax ||
        stream.find('\0') != std::string::npos) {
      return Error(ErrorCode::kInvalidArgument,
                   Field(i, "stream") + ": must have 1 to " + std::to_string(kStreamNameBytesMax) +
                       " bytes and no NUL");
    }
  }
  return OkStatus();
}

namespace {

Result<AppendResult> Replayed(const CommandId& command_id, const events::Hash& stored_fingerprint,
                              const events::Hash& fingerprint, Seq first_seq, uint32_t count) {
  if (stored_fingerprint != fingerprint) {
    return Error(ErrorCode::kDuplicateCommand,
                 "command_id " + command_id.value + " was already used with another payload");
  }
  AppendResult result;
  result.replayed = true;
  for (uint32_t i = 0; i < count; ++i) result.seqs.push_back(first_seq + i);
  return result;
}

// Replayed() for a command whose record (layout::kCommandRecordSize bytes) is stored.
Result<AppendResult> ReplayedFromRecord(const CommandId& command_id, std::string_view record,
                                        const events::Hash& fingerprint) {
  events::Hash stored;
  std::memcpy(stored.data(), record.data(), stored.size());
  return Replayed(command_id, stored, fingerprint, layout::GetBigEndian64(record.substr(32)),
                  layout::GetBigEndian32(record.substr(40)));
}

}  // namespace

Result<std::optional<std::string>> RocksEventStore::ReadCommandRecord(
    const std::string& command_id) {
  std::string value;
  const rocksdb::Status status =
      db_->Get(rocksdb::ReadOptions(), commands_, command_id, &value);
  if (status.IsNotFound()) return std::optional<std::string>();
  if (!status.ok()) return FromRocks(status, "read command " + command_id);
  if (value.size() != layout::kCommandRecordSize) {
    return Error(ErrorCode::kCorruption, "command record of " + command_id + " is malformed");
  }
  return std::optional<std::string>(std::move(value));
}

Result<std::optional<AppendResult>> RocksEventStore::FindCommand(const CommandId& command_id,
                                                                 const events::Hash& fingerprint) {
  COOPLEDGER_ASSIGN_OR_RETURN(const std::optional<std::string> record,
                              ReadCommandRecord(command_id.value));
  if (!record) return std::optional<AppendResult>();
  COOPLEDGER_ASSIGN_OR_RETURN(AppendResult result,
                              ReplayedFromRecord(command_id, *record, fingerprint));
  return std::optional<AppendResult>(std::move(result));
}

Result<uint64_t> RocksEventStore::CurrentVersion(const std::string& stream,
                                                 const Staging& staging) {
  if (auto staged = staging.versions.find(stream); staged != staging.versions.end()) {
    return staged->second;
  }
  if (auto cached = stream_versions_.find(stream); cached != stream_versions_.end()) {
    return cached->second;
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const uint64_t version, StreamVersion(stream));
  if (stream_versions_.size() >= kStreamCacheMax) stream_versions_.clear();
  stream_versions_.emplace(stream, version);
  return version;
}


// Returns the writer's result if it is settled without a write (replay or refusal); nullopt when
// its events were staged.
std::optional<Result<AppendResult>> RocksEventStore::StageWriter(Writer& writer,
                                                                 Staging& staging) {
  const CommandId& command_id = *writer.command_id;
  const AppendBatch& batch = *writer.batch;
  if (auto pending = staging.commands.find(command_id.value); pending != staging.commands.end()) {
    return Replayed(command_id, pending->second.fingerprint, writer.fingerprint,
                    pending->second.first_seq, pending->second.count);
  }
  Result<std::optional<std::string>> record = ReadCommandRecord(command_id.value);
  if (!record) return Result<AppendResult>(record.error());
  if (record->has_value()) return ReplayedFromRecord(command_id, **record, writer.fingerprint);

  if (batch.expected_first_seq && *batch.expected_first_seq != staging.head.seq + 1) {
    return Result<AppendResult>(Error(
        ErrorCode::kVersionConflict,
        "log: the command was decided to follow seq " +
            std::to_string(*batch.expected_first_seq - 1) + " but the log ends at seq " +
            std::to_string(staging.head.seq) +
            " (an earlier write failed or another writer appended); nothing was appended"));
  }

  // Check every expected version before staging anything of this writer.
  std::unordered_map<std::string, uint64_t> versions;
  std::vector<uint64_t> new_versions;
  new_versions.reserve(batch.events.size());
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const ProposedEvent& proposed = batch.events[i];
    auto [slot, inserted] = versions.try_emplace(proposed.event.stream, 0);
    if (inserted) {
      Result<uint64_t> current = CurrentVersion(proposed.event.stream, staging);
      if (!current) return Result<AppendResult>(current.error());
      slot->second = *current;
    }
    if (proposed.expected_version != kAnyVersion && proposed.expected_version != slot->second) {
      return Result<AppendResult>(Error(
          ErrorCode::kVersionConflict,
          Field(i, "stream") + " " + proposed.event.stream + ": expected version " +
              std::to_string(proposed.expected_version) + ", actual " +
              std::to_string(slot->second)));
    }
    new_versions.push_back(++slot->second);
  }

  // recordedAt: one instant per command, never before the previous event's.
  const Timestamp now = std::max(options_.clock->Now(), staging.head.recorded_at);
  const Seq first_seq = staging.head.seq + 1;
  for (size_t i = 0; i < batch.events.size(); ++i) {
    const ProposedEvent& proposed = batch.events[i];
    // The envelope only: the body was encoded once, before the fingerprint.
    StoredEvent stored;
    stored.seq = staging.head.seq + 1;
    stored.recorded_at = now;
    stored.effective = proposed.event.effective;
    stored.stream = proposed.event.stream;
    stored.stream_version = new_versions[i];
    stored.actor = batch.actor;
    stored.command_id = command_id;
    stored.prev_hash = staging.head.hash;
    const std::string bytes = events::Encode(stored, writer.bodies[i]);
    const events::Hash hash = ChainHash(staging.head.hash, bytes);
    std::string value;
    value.reserve(hash.size() + bytes.size());
    value.append(reinterpret_cast<const char*>(hash.data()), hash.size());
    value += bytes;
    staging.batch.Put(events_, layout::EventKey(stored.seq), value);
    staging.stream_entries.emplace_back(layout::StreamKey(stored.stream, stored.stream_version),
                                        stored.seq);
    if (const auto* erased = std::get_if<events::PersonalDataErased>(&proposed.event.body)) {
      staging.batch.Put(keys_, erased->person_id.value,
                        rocksdb::Slice(layout::kErasedKey.data(), layout::kErasedKey.size()));
      staging.erases_keys = true;
    }
    staging.head = Head{stored.seq, hash, now};
  }
  for (auto& [stream, version] : versions) staging.versions[stream] = version;
  const auto count = static_cast<uint32_t>(batch.events.size());
  staging.commands[command_id.value] = Staging::PendingCommand{writer.fingerprint, first_seq, count};
  std::string command_record(reinterpret_cast<const char*>(writer.fingerprint.data()),
                             writer.fingerprint.size());
  layout::PutBigEndian64(&command_record, first_seq);
  layout::PutBigEndian32(&command_record, count);
  staging.batch.Put(commands_, command_id.value, command_record);
  return std::nullopt;
}

std::vector<Result<AppendResult>> RocksEventStore::CommitGroup(const std::vector<Writer*>& group,
                                                               Head* new_head) {
  Staging staging;
  staging.head = *new_head;
  std::vector<std::optional<Result<AppendResult>>> settled;
  std::vector<bool> depends_on_write;  // Staged, or replaying a command staged in this group.
  for (Writer* writer : group) {
    const bool pending_replay = staging.commands.count(writer->command_id->value) > 0;
    const Seq before = staging.head.seq;
    settled.push_back(StageWriter(*writer, staging));
    depends_on_write.push_back(pending_replay || staging.head.seq != before);
    if (!settled.back().has_value()) {
      AppendResult result;
      for (Seq seq = before + 1; seq <= staging.head.seq; ++seq) result.seqs.push_back(seq);
      settled.back() = std::move(result);
    }
  }
  Status written;
  if (staging.head.seq != new_head->seq) {
    std::sort(staging.stream_entries.begin(), staging.stream_entries.end());
    for (const auto& [key, seq] : staging.stream_entries) {
      std::string seq_value;
      layout::PutBigEndian64(&seq_value, seq);
      staging.batch.Put(streams_, key, seq_value);
    }
    std::string head_value;
    layout::PutBigEndian64(&head_value, staging.head.seq);
    head_value.append(reinterpret_cast<const char*>(staging.head.hash.data()), 32);
    layout::PutBigEndian64(&head_value, static_cast<uint64_t>(staging.head.recorded_at.micros()));
    staging.batch.Put(meta_, rocksdb::Slice(layout::kHeadKey.data(), layout::kHeadKey.size()),
                      head_value);
    rocksdb::WriteOptions write_options;
    write_options.sync = options_.sync;
    std::unique_lock<std::mutex> keys_lock(keys_mutex_, std::defer_lock);
    if (staging.erases_keys) keys_lock.lock();
    const rocksdb::Status status = db_->Write(write_options, &staging.batch);
    if (status.ok()) {
      *new_head = staging.head;
      for (auto& [stream, version] : staging.versions) {
        if (stream_versions_.size() >= kStreamCacheMax) stream_versions_.clear();
        stream_versions_[stream] = version;
      }
    } else {
      written = FromRocks(status, "append events");
    }
  }
  std::vector<Result<AppendResult>> results;
  for (size_t i = 0; i < group.size(); ++i) {
    if (!written.has_value() && depends_on_write[i]) results.emplace_back(written.error());
    else results.push_back(std::move(*settled[i]));
  }
  return results;
}

Result<AppendResult> RocksEventStore::Append(const CommandId& command_id,
                                             const AppendBatch& batch,
                                             const std::function<void()>& queued) {
  COOPLEDGER_RETURN_IF_ERROR(CheckBatch(command_id, batch));
  Writer writer;
  writer.command_id = &command_id;
  writer.batch = &batch;
  // Outside the lock: callers encode and hash in parallel. Each body is encoded once, for both
  // the fingerprint and the stored event.
  writer.bodies.reserve(batch.events.size());
  for (const ProposedEvent& proposed : batch.events) {
    writer.bodies.push_back(events::EncodeBody(proposed.event.body));
  }
  writer.fingerprint = batch.fingerprint ? *batch.fingerprint : Fingerprint(batch, writer.bodies);

  std::unique_lock lock(mutex_);
  writers_.push_back(&writer);
  if (queued) queued();
  writer.ready.wait(lock, [&writer, this] {
    return writer.result.has_value() || writers_.front() == &writer;
  });
  if (writer.result.has_value()) return std::move(*writer.result);

  // This caller leads: the group is the front of the queue, itself first.
  std::vector<Writer*> group;
  size_t group_events = 0;
  for (Writer* member : writers_) {
    if (!group.empty() && group_events + member->batch->events.size() > kGroupEventsMax) break;
    group.push_back(member);
    group_events += member->batch->events.size();
  }
  Head new_head = head_;
  lock.unlock();
  std::vector<Result<AppendResult>> results = CommitGroup(group, &new_head);
  lock.lock();
  head_ = new_head;
  for (size_t i = 0; i < group.size(); ++i) {
    COOPLEDGER_ASSERT(writers_.front() == group[i]);
    writers_.pop_front();
    group[i]->result = std::move(results[i]);
    if (group[i] != &writer) group[i]->ready.notify_one();
  }
  if (!writers_.empty()) writers_.front()->ready.notify_one();
  return std::move(*writer.result);
}

}  // namespace coopledger::engine
