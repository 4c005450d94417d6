#include "engine/seals.h"

#include <algorithm>
#include <cstring>

#include "engine/hash_chain.h"
#include "engine/merkle.h"
#include "events/codec.h"

namespace coopledger::engine {
namespace {

constexpr int64_t kMicrosPerDay = 86'400'000'000;

Timestamp Midnight(Date day) {
  return Timestamp::FromMicros(static_cast<int64_t>(day.days_since_epoch()) * kMicrosPerDay);
}

events::Bytes ToBytes(const Hash& hash) { return events::Bytes(hash.begin(), hash.end()); }

bool SameHash(const events::Bytes& bytes, const Hash& hash) {
  return bytes.size() == hash.size() && std::equal(hash.begin(), hash.end(), bytes.begin());
}

std::string MonthName(Date month) { return month.ToString().substr(0, 7); }

// The records of seqs [first, last], in order.
Result<std::vector<LogRecord>> ReadRecords(EventStore& store, Seq first, Seq last) {
  std::vector<LogRecord> records;
  for (Seq from = first; from <= last;) {
    const auto wanted = static_cast<int32_t>(std::min<Seq>(last - from + 1, kReadCountMax));
    COOPLEDGER_ASSIGN_OR_RETURN(std::vector<LogRecord> page, store.ReadLogRecords(from, wanted));
    if (page.empty() || page.front().seq != from) {
      return Error(ErrorCode::kCorruption, "seq " + std::to_string(from) + " is missing");
    }
    from = page.back().seq + 1;
    for (LogRecord& record : page) records.push_back(std::move(record));
  }
  return records;
}

std::vector<Hash> LeafHashes(const std::vector<LogRecord>& records) {
  std::vector<Hash> leaves;
  leaves.reserve(records.size());
  for (const LogRecord& record : records) leaves.push_back(MerkleLeafHash(record.bytes));
  return leaves;
}

Error Broken(const std::string& reason) {
  return Error(ErrorCode::kCorruption, "proof does not verify: " + reason);
}

// Decodes `bytes` and checks that they are the event's canonical encoding.
Result<events::StoredEvent> DecodeCanonical(const std::string& what, const std::string& bytes) {
  Result<events::StoredEvent> event = events::Decode(bytes);
  if (!event) return Broken(what + ": " + event.error().message());
  if (events::Encode(*event) != bytes) return Broken(what + ": bytes are not canonical");
  return event;
}

}  // namespace

Result<events::SealRecorded> ComputeSeal(EventStore& store, Date month, Timestamp now) {
  if (month.day() != 1) {
    return Error(ErrorCode::kInvalidArgument, "month: " + month.ToString() + " is not a first day");
  }
  const Date next = month.FirstOfNextMonth();
  if (now < Midnight(next)) {
    return Error(ErrorCode::kPeriodClosed, "month: " + MonthName(month) +
                                               " is not over: events may still be recorded in it");
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const Seq first, store.FirstSeqRecordedAtOrAfter(Midnight(month)));
  COOPLEDGER_ASSIGN_OR_RETURN(const Seq after, store.FirstSeqRecordedAtOrAfter(Midnight(next)));
  if (after <= first) {
    return Error(ErrorCode::kNotFound, "month: no event was recorded in " + MonthName(month));
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<LogRecord> records,
                              ReadRecords(store, first, after - 1));
  events::SealRecorded seal;
  seal.month = month;
  seal.first_seq = first;
  seal.last_seq = after - 1;
  seal.head_hash = ToBytes(records.back().hash);
  seal.merkle_root = ToBytes(MerkleRoot(LeafHashes(records)));
  return seal;
}

Result<Seq> SealMonth(EventStore& store, CommandService& service, Clock& clock, Date month,
                      const events::CommandId& command_id, const events::Actor& actor) {
  COOPLEDGER_ASSIGN_OR_RETURN(events::SealRecorded seal, ComputeSeal(store, month, clock.Now()));
  COOPLEDGER_ASSIGN_OR_RETURN(const CommandResult result,
                              service.Execute(command_id, actor, std::move(seal)));
  COOPLEDGER_ASSERT(result.seqs.size() == 1);  // A seal is one event.
  return result.seqs.front();
}

Result<std::vector<events::StoredEvent>> ReadSeals(EventStore& store) {
  std::vector<events::StoredEvent> seals;
  for (uint64_t version = 1;;) {
    COOPLEDGER_ASSIGN_OR_RETURN(std::vector<events::StoredEvent> page,
                                store.ReadStream(kSealStream, version, kReadCountMax));
    for (events::StoredEvent& event : page) {
      if (std::holds_alternative<events::SealRecorded>(event.body)) seals.push_back(std::move(event));
    }
    if (page.size() < static_cast<size_t>(kReadCountMax)) return seals;
    version += page.size();
  }
}

Result<InclusionProof> ProveInclusion(EventStore& store, Seq seq) {
  if (seq == 0 || seq > store.head().seq) {
    return Error(ErrorCode::kNotFound, "seq " + std::to_string(seq) + ": no such event (head is " +
                                           std::to_string(store.head().seq) + ")");
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> seals, ReadSeals(store));
  const events::StoredEvent* covering = nullptr;
  for (const events::StoredEvent& event : seals) {
    const auto& seal = std::get<events::SealRecorded>(event.body);
    if (seal.first_seq <= seq && seq <= seal.last_seq) covering = &event;
  }
  if (covering == nullptr) {
    COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<events::StoredEvent> read, store.ReadLog(seq, 1));
    const std::string recorded = read.empty() ? "" : read.front().recorded_at.ToString().substr(0, 7);
    return Error(ErrorCode::kNotFound, "seq " + std::to_string(seq) + " was recorded in " +
                                           recorded + ", a month not sealed yet");
  }
  const auto& seal = std::get<events::SealRecorded>(covering->body);
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<LogRecord> records,
                              ReadRecords(store, seal.first_seq, seal.last_seq));
  COOPLEDGER_ASSIGN_OR_RETURN(const std::vector<LogRecord> seal_record,
                              ReadRecords(store, covering->seq, covering->seq));
  InclusionProof proof;
  proof.leaf_index = seq - seal.first_seq;
  proof.leaf_count = records.size();
  proof.event_bytes = records[proof.leaf_index].bytes;
  proof.path = MerklePath(LeafHashes(records), proof.leaf_index);
  proof.seal_bytes = seal_record.front().bytes;
  return proof;
}

Result<VerifiedInclusion> VerifyInclusion(const InclusionProof& proof) {
  VerifiedInclusion verified;
  COOPLEDGER_ASSIGN_OR_RETURN(verified.event, DecodeCanonical("event", proof.event_bytes));
  COOPLEDGER_ASSIGN_OR_RETURN(verified.seal_event, DecodeCanonical("seal", proof.seal_bytes));
  const auto* seal = std::get_if<events::SealRecorded>(&verified.seal_event.body);
  if (seal == nullptr) return Broken("seal: the seal's bytes are not a SealRecorded");
  verified.seal = *seal;
  if (seal->merkle_root.size() != events::kHashSize || seal->head_hash.size() != events::kHashSize) {
    return Broken("seal: a hash is not 32 bytes");
  }
  const Seq seq = verified.event.seq;
  if (seq < seal->first_seq || seq > seal->last_seq || seal->last_seq >= verified.seal_event.seq) {
    return Broken("event seq " + std::to_string(seq) + " is not in the seal's range " +
                  std::to_string(seal->first_seq) + ".." + std::to_string(seal->last_seq));
  }
  if (proof.leaf_index != seq - seal->first_seq ||
      proof.leaf_count != seal->last_seq - seal->first_seq + 1) {
    return Broken("leaf position " + std::to_string(proof.leaf_index) + " of " +
                  std::to_string(proof.leaf_count) + " does not match the seal's range");
  }
  const Result<Date> recorded_day = verified.event.recorded_at.Day();
  if (!recorded_day || recorded_day->year() != seal->month.year() ||
      recorded_day->month() != seal->month.month()) {
    return Broken("the event was not recorded in the sealed month " + MonthName(seal->month));
  }
  const std::optional<Hash> root = MerkleRootFromPath(MerkleLeafHash(proof.event_bytes),
                                                      proof.leaf_index, proof.leaf_count,
                                                      proof.path);
  if (!root) return Broken("the path has the wrong length for its position");
  if (!SameHash(seal->merkle_root, *root)) {
    return Broken("the path does not lead to the seal's Merkle root");
  }
  if (seq == seal->last_seq &&
      !SameHash(seal->head_hash, ChainHash(verified.event.prev_hash, proof.event_bytes))) {
    return Broken("the month's last event does not give the seal's head hash");
  }
  verified.seal_chain_hash = ChainHash(verified.seal_event.prev_hash, proof.seal_bytes);
  return verified;
}

}  // namespace coopledger::engine
