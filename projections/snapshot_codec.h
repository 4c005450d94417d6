// The binary form of projection snapshots (engine/snapshots.h): a hand-written, versioned layout
// that the same state always writes to the same bytes, so that `coopledger check` compares
// snapshots byte for byte.
//
// Grammar shared by every projection's snapshot:
//   snapshot := magic version body
//   magic    := 4 bytes naming the projection ("WST ", "MBL ", "PAY ", "LGR ")
//   version  := varint; a reader refuses a version it does not know
//   varint   := LEB128, 7 bits a byte, low bits first
//   integer  := varint of the zigzag form (0, -1, 1, -2... -> 0, 1, 2, 3...)
//   text     := varint length, then the bytes
//   money    := integer cents
//   date     := integer days since 1970-01-01
//   optional := 0 | 1 value
//   body     := text holding the canonical Cap'n Proto bytes (events/codec.h) of an event whose
//               body is the value: the events' own encoding, which already evolves by the
//               schema's rules
//   map, set := count, then the elements in key order (unordered containers are sorted first)
#ifndef COOPLEDGER_PROJECTIONS_SNAPSHOT_CODEC_H_
#define COOPLEDGER_PROJECTIONS_SNAPSHOT_CODEC_H_

#include <algorithm>
#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/codec.h"
#include "events/event.h"
#include "projections/key_order.h"

namespace coopledger::projections {

class SnapshotWriter {
 public:
  SnapshotWriter(std::string_view magic, uint64_t version);
  // A writer of a part of a snapshot, without magic nor version (appended with Part).
  SnapshotWriter() = default;

  void Varint(uint64_t value);
  void Integer(int64_t value);
  void Bool(bool value) { Varint(value ? 1 : 0); }
  void Text(std::string_view text);
  void Amount(Money money) { Integer(money.cents()); }
  void Day(Date day) { Integer(day.days_since_epoch()); }
  void OptionalDay(const std::optional<Date>& day);
  void Count(size_t count) { Varint(count); }
  // A value of an event kind (`MemberJoined`...), by the events' canonical encoding.
  void Body(const events::EventBody& body);
  // A whole stored event, envelope included.
  void Event(const events::StoredEvent& event) { Text(events::Encode(event)); }
  // The bytes of a part written by another writer, as they are.
  void Part(std::string_view bytes) { bytes_.append(bytes); }

  const std::string& bytes() const { return bytes_; }
  std::string Take() { return std::move(bytes_); }

 private:
  std::string bytes_;
};

// Reads what SnapshotWriter wrote. Every read returns false on truncated or malformed input and
// the reader stays failed: a caller checks ok() once at the end, or any result on the way.
class SnapshotReader {
 public:
  // Fails unless `bytes` start with `magic` and a version <= `version_max`.
  SnapshotReader(std::string_view bytes, std::string_view magic, uint64_t version_max);
  // A reader of a part of a snapshot, without magic nor version.
  explicit SnapshotReader(std::string_view part) : bytes_(part) {}

  bool Varint(uint64_t* value);
  bool Integer(int64_t* value);
  bool Int32(int32_t* value);
  bool Bool(bool* value);
  bool Text(std::string* text);
  // The text in place: a view of the bytes being read, for a check that copies nothing.
  bool Text(std::string_view* text);
  bool Amount(Money* money);
  bool Day(Date* day);
  bool OptionalDay(std::optional<Date>* day);
  // A count of elements, each taking at least one byte: never more than the bytes left.
  bool Count(size_t* count);
  bool Event(events::StoredEvent* event);
  // The value of kind `Kind` written by SnapshotWriter::Body.
  template <typename Kind>
  bool Body(Kind* value) {
    events::StoredEvent event;
    if (!Event(&event)) return false;
    Kind* kind = std::get_if<Kind>(&event.body);
    if (kind == nullptr) return Fail();
    *value = std::move(*kind);
    return true;
  }

  uint64_t version() const { return version_; }
  bool ok() const { return ok_; }
  // True when every byte was read and nothing failed.
  bool Done() const { return ok_ && bytes_.empty(); }
  // The bytes not read yet.
  std::string_view rest() const { return bytes_; }

 private:
  bool Fail() {
    ok_ = false;
    return false;
  }
  std::string_view bytes_;
  uint64_t version_ = 0;
  bool ok_ = true;
};

// The version `bytes` were written with, if they start with `magic` and a version.
std::optional<uint64_t> SnapshotVersion(std::string_view bytes, std::string_view magic);

// A map of texts to texts as snapshots hold it (count { key value } in key order), searched in
// place: Read copies the section's bytes once and indexes them, with no string per entry, so that
// a state loaded for a query and dropped after it costs little. Entries Set since take
// precedence; Write writes both merged, in key order: the bytes of a std::map of the same pairs.
class TextTable {
 public:
  std::optional<std::string_view> Find(std::string_view key) const;
  void Set(const std::string& key, std::string value) { set_[key] = std::move(value); }
  void Write(SnapshotWriter& out) const;
  // Replaces the table with the one `in` holds next; false on malformed bytes.
  bool Read(SnapshotReader& in);

 private:
  std::string_view Piece(uint32_t offset, uint32_t size) const {
    return std::string_view(encoded_).substr(offset, size);
  }
  std::string encoded_;                            // The section as loaded.
  std::vector<std::array<uint32_t, 4>> loaded_;    // Key and value offset, size; in key order.
  std::map<std::string, std::string, std::less<>> set_;
};

// Reads a count, then calls `read` that many times; false as soon as one fails.
template <typename Read>
bool Repeat(SnapshotReader& in, Read read) {
  size_t count = 0;
  if (!in.Count(&count)) return false;
  for (size_t i = 0; i < count; ++i) {
    if (!read()) return false;
  }
  return true;
}

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_SNAPSHOT_CODEC_H_
