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

std::optional<std::string_view> TextTable::Find(std::string_view key) const {
  if (auto found = set_.find(key); found != set_.end()) return std::string_view(found->second);
  auto at = std::lower_bound(loaded_.begin(), loaded_.end(), key,
                             [this](const std::array<uint32_t, 4>& entry, std::string_view wanted) {
                               return Piece(entry[0], entry[1]) < wanted;
                             });
  if (at == loaded_.end() || Piece((*at)[0], (*at)[1]) != key) return std::nullopt;
  return Piece((*at)[2], (*at)[3]);
}

void TextTable::Write(SnapshotWriter& out) const {
  std::vector<std::pair<std::string_view, std::string_view>> merged;
  merged.reserve(loaded_.size() + set_.size());
  auto set = set_.begin();
  for (const std::array<uint32_t, 4>& entry : loaded_) {
    const std::string_view key = Piece(entry[0], entry[1]);
    for (; set != set_.end() && std::string_view(set->first) < key; ++set) {
      merged.emplace_back(set->first, set->second);
    }
    if (set != set_.end() && set->first == key) {
      merged.emplace_back(set->first, set->second);
      ++set;
    } else {
      merged.emplace_back(key, Piece(entry[2], entry[3]));
    }
  }
  for (; set != set_.end(); ++set) merged.emplace_back(set->first, set->second);
  out.Count(merged.size());
  for (const auto& [key, value] : merged) {
    out.Text(key);
    out.Text(value);
  }
}

bool TextTable::Read(SnapshotReader& in) {
  const std::string_view start = in.rest();
  std::vector<std::array<std::string_view, 2>> views;
  std::string_view previous;
  const bool ok = Repeat(in, [&] {
    std::string_view key;
    std::string_view value;
    if (!in.Text(&key) || !in.Text(&value)) return false;
    if (!views.empty() && !(previous < key)) return false;  // Key order, each key once.
    previous = key;
    views.push_back({key, value});
    return true;
  });
  if (!ok || start.size() > UINT32_MAX) return false;
  encoded_.assign(start.substr(0, start.size() - in.rest().size()));
  set_.clear();
  loaded_.clear();
  loaded_.reserve(views.size());
  const auto offset = [&start](std::string_view piece) {
    return static_cast<uint32_t>(piece.data() - start.data());
  };
  for (const auto& [key, value] : views) {
    loaded_.push_back({offset(key), static_cast<uint32_t>(key.size()), offset(value),
                       static_cast<uint32_t>(value.size())});
  }
  return true;
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
