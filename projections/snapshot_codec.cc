#include "projections/snapshot_codec.h"

#include <limits>

namespace coopledger::projections {

SnapshotWriter::SnapshotWriter(std::string_view magic, uint64_t version) : bytes_(magic) {
  Varint(version);
}

void SnapshotWriter::Varint(uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void SnapshotWriter::Integer(int64_t value) {
  const auto bits = static_cast<uint64_t>(value);
  Varint((bits << 1) ^ (value < 0 ? ~uint64_t{0} : uint64_t{0}));
}

void SnapshotWriter::Text(std::string_view text) {
  Varint(text.size());
  bytes_.append(text);
}

void SnapshotWriter::OptionalDay(const std::optional<Date>& day) {
  Bool(day.has_value());
  if (day) Day(*day);
}

void SnapshotWriter::Body(const events::EventBody& body) {
  events::StoredEvent event;
  event.body = body;
  Event(event);
}

SnapshotReader::SnapshotReader(std::string_view bytes, std::string_view magic,
                               uint64_t version_max)
    : bytes_(bytes) {
  if (bytes_.substr(0, magic.size()) != magic) {
    ok_ = false;
    return;
  }
  bytes_.remove_prefix(magic.size());
  if (!Varint(&version_) || version_ == 0 || version_ > version_max) ok_ = false;
}

std::optional<uint64_t> SnapshotVersion(std::string_view bytes, std::string_view magic) {
  const SnapshotReader reader(bytes, magic, UINT64_MAX);
  if (!reader.ok()) return std::nullopt;
  return reader.version();
}

bool SnapshotReader::Varint(uint64_t* value) {
  if (!ok_) return false;
  uint64_t result = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (bytes_.empty()) return Fail();
    const auto byte = static_cast<uint8_t>(bytes_.front());
    bytes_.remove_prefix(1);
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      // The canonical form only: a value has one encoding, so equal states compare equal.
      if (byte == 0 && shift > 0) return Fail();
      *value = result;
      return true;
    }
  }
  return Fail();
}

bool SnapshotReader::Integer(int64_t* value) {
  uint64_t bits = 0;
  if (!Varint(&bits)) return false;
  *value = static_cast<int64_t>(bits >> 1) ^ -static_cast<int64_t>(bits & 1);
  return true;
}

bool SnapshotReader::Int32(int32_t* value) {
  int64_t wide = 0;
  if (!Integer(&wide)) return false;
  if (wide < std::numeric_limits<int32_t>::min() || wide > std::numeric_limits<int32_t>::max()) {
    return Fail();
  }
  *value = static_cast<int32_t>(wide);
  return true;
}

bool SnapshotReader::Bool(bool* value) {
  uint64_t bit = 0;
  if (!Varint(&bit)) return false;
  if (bit > 1) return Fail();
  *value = bit == 1;
  return true;
}

bool SnapshotReader::Text(std::string* text) {
  size_t size = 0;
  if (!Count(&size)) return false;
  text->assign(bytes_.substr(0, size));
  bytes_.remove_prefix(size);
  return true;
}

bool SnapshotReader::Text(std::string_view* text) {
  size_t size = 0;
  if (!Count(&size)) return false;
  *text = bytes_.substr(0, size);
  bytes_.remove_prefix(size);
  return true;
}

bool SnapshotReader::Amount(Money* money) {
  int64_t cents = 0;
  if (!Integer(&cents)) return false;
  *money = Money::FromCents(cents);
  return true;
}

bool SnapshotReader::Day(Date* day) {
  int64_t days = 0;
  if (!Integer(&days)) return false;
  Result<Date> parsed = Date::FromDaysSinceEpoch(days);
  if (!parsed) return Fail();
  *day = *parsed;
  return true;
}

bool SnapshotReader::OptionalDay(std::optional<Date>* day) {
  bool present = false;
  if (!Bool(&present)) return false;
  if (!present) {
    day->reset();
    return true;
  }
  Date value;
  if (!Day(&value)) return false;
  *day = value;
  return true;
}

bool SnapshotReader::Count(size_t* count) {
  uint64_t value = 0;
  if (!Varint(&value)) return false;
  if (value > bytes_.size()) return Fail();
  *count = static_cast<size_t>(value);
  return true;
}

bool SnapshotReader::Event(events::StoredEvent* event) {
  std::string bytes;
  if (!Text(&bytes)) return false;
  Result<events::StoredEvent> decoded = events::Decode(bytes);
  if (!decoded) return Fail();
  *event = std::move(*decoded);
  return true;
}

}  // namespace coopledger::projections
