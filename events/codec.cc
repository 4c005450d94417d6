#include "events/codec.h"

#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/schema.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "events.capnp.h"
#include "events/assert.h"
#include "events/envelope_table.h"
#include "events/wire_table.h"
#include "events/wire_writer.h"

// Layout: the stored bytes are the single segment of a canonical Cap'n Proto message, without a
// segment table:
//   bytes := words(EventEnvelope)      ; size % 8 == 0, root pointer first
// Event bodies are written and read field by field, driven by each C++ struct's field list
// (fields.h): one list per kind serves the codec, the JSON adapter and the tests. Each field's
// slot in its Cap'n Proto struct is resolved from the compiled-in schema once per struct type
// (wire_table.h, envelope_table.h). Writing puts the canonical words down directly (wire_writer.h
// gives the grammar); reading goes through Cap'n Proto's readers, which bound-check every pointer
// and throw on bad bytes.

namespace coopledger::events {
namespace {

using wire_table::Envelope;
using wire_table::EnvelopeTable;
using wire_table::FieldTable;
using wire_table::kAbsentDate;
using wire_table::kIsText;
using wire_table::kWidthBits;
using wire_table::Slot;
using wire_table::TableFor;
using wire_writer::CanonicalWriter;
using wire_writer::ElementSize;

// A decoded amount larger than a whole entry could hold cannot come from this program.
constexpr int64_t kDecodedCentsMax = kAmountCentsMax * kEntryPostingsMax;
// No list of an event (lines, postings, allocations, shares) may be longer.
constexpr uint32_t kDecodedListElementsMax = 10 * kEntryPostingsMax;

template <typename V>
const std::string& TextOf(const V& value) {
  if constexpr (IsId<V>) return value.value;
  else return value;
}

// ---------------------------------------------------------------------------------- writing

// A data field's bits before the XOR with its default.
template <typename V>
uint64_t ToBits(const V& value) {
  if constexpr (std::is_same_v<V, bool>) {
    return value ? 1 : 0;
  } else if constexpr (std::is_enum_v<V>) {
    return static_cast<uint16_t>(value);
  } else if constexpr (std::is_same_v<V, Money>) {
    return static_cast<uint64_t>(value.cents());
  } else if constexpr (std::is_same_v<V, Date>) {
    return static_cast<uint32_t>(value.days_since_epoch());
  } else if constexpr (std::is_same_v<V, std::optional<Date>>) {
    return static_cast<uint32_t>(value.has_value() ? value->days_since_epoch() : kAbsentDate);
  } else {
    static_assert(std::is_integral_v<V>);
    return static_cast<std::make_unsigned_t<V>>(value);
  }
}

// Whether a pointer field is written as a null pointer: empty text, data and lists are, so that
// each has one canonical form. A nested struct never is.
template <typename V>
bool IsNullOnWire(const V& value) {
  if constexpr (HasFields<V>) return false;
  else if constexpr (kIsText<V>) return TextOf(value).empty();
  else return value.empty();
}

// Fills the data section of a struct that starts at word `start` and finds the end of its
// pointer section: one past the last pointer that will not be null.
class DataWriter {
 public:
  DataWriter(CanonicalWriter& writer, size_t start, const FieldTable& table)
      : writer_(writer), start_(start), table_(table) {}

  template <typename V>
  void operator()(std::string_view, const V& value) {
    const Slot& slot = table_.slots[index_++];
    if constexpr (kWidthBits<V> > 0) {
      writer_.PutBits(start_, slot.offset, kWidthBits<V>, ToBits(value) ^ slot.default_bits);
    } else if (!IsNullOnWire(value)) {
      pointers_used_ = std::max<size_t>(pointers_used_, slot.offset + 1);
    }
  }
  size_t pointers_used() const { return pointers_used_; }

 private:
  CanonicalWriter& writer_;
  size_t start_;
  const FieldTable& table_;
  size_t index_ = 0;
  size_t pointers_used_ = 0;
};

// Where a struct landed: its first word and its sections once truncated.
struct Shape {
  size_t start = 0;
  size_t data_words = 0;
  size_t pointer_count = 0;
};

template <typename T>
Shape WriteObject(CanonicalWriter& writer, const FieldTable& table, const T& value);

template <typename T>
void WriteStructList(CanonicalWriter& writer, size_t at, const FieldTable& table,
                     const std::vector<T>& values);

// Writes the object of a pointer field at word `at`, unless it is null on the wire.
template <typename V>
void WritePointer(CanonicalWriter& writer, size_t at, const Slot& slot, const V& value) {
  if (IsNullOnWire(value)) return;
  if constexpr (kIsText<V>) {
    writer.WriteText(at, TextOf(value));
  } else if constexpr (std::is_same_v<V, Bytes>) {
    writer.WriteData(at, value.data(), value.size());
  } else if constexpr (HasFields<V>) {
    const Shape shape = WriteObject(writer, *slot.nested, value);
    writer.SetStructPointer(at, shape.start, shape.data_words, shape.pointer_count);
  } else if constexpr (HasFields<typename V::value_type>) {
    WriteStructList(writer, at, *slot.nested, value);
  } else {
    const size_t list = writer.Allocate(value.size());
    writer.SetListPointer(at, list, ElementSize::kPointer, value.size());
    // Unlike a text field, an empty text element is a pointer to its NUL, never null.
    for (size_t i = 0; i < value.size(); ++i) writer.WriteText(list + i, TextOf(value[i]));
  }
}

// Writes the objects of a struct whose pointer section starts at word `pointers`.
class PointerWriter {
 public:
  PointerWriter(CanonicalWriter& writer, size_t pointers, const FieldTable& table)
      : writer_(writer), pointers_(pointers), table_(table) {}

  template <typename V>
  void operator()(std::string_view, const V& value) {
    const Slot& slot = table_.slots[index_++];
    if constexpr (kWidthBits<V> == 0) WritePointer(writer_, pointers_ + slot.offset, slot, value);
  }

 private:
  CanonicalWriter& writer_;
  size_t pointers_;
  const FieldTable& table_;
  size_t index_ = 0;
};

// Appends `value`'s struct, truncated, then its objects.
template <typename T>
Shape WriteObject(CanonicalWriter& writer, const FieldTable& table, const T& value) {
  Shape shape;
  shape.start = writer.Allocate(table.data_words + table.pointer_count);
  DataWriter data(writer, shape.start, table);
  T::VisitFields(value, data);
  shape.data_words = writer.TrimmedWords(shape.start, table.data_words);
  shape.pointer_count = data.pointers_used();
  writer.Truncate(shape.start + shape.data_words + shape.pointer_count);
  if (shape.pointer_count > 0) {
    PointerWriter pointers(writer, shape.start + shape.data_words, table);
    T::VisitFields(value, pointers);
  }
  return shape;
}

template <typename T>
void WriteStructList(CanonicalWriter& writer, size_t at, const FieldTable& table,
                     const std::vector<T>& values) {
  const size_t count = values.size();
  const size_t declared = size_t{table.data_words} + table.pointer_count;
  const size_t tag = writer.Allocate(1 + declared * count);
  size_t data_words = 0;
  size_t pointer_count = 0;
  for (size_t i = 0; i < count; ++i) {
    const size_t element = tag + 1 + i * declared;
    DataWriter data(writer, element, table);
    T::VisitFields(values[i], data);
    data_words = std::max(data_words, writer.TrimmedWords(element, table.data_words));
    pointer_count = std::max(pointer_count, data.pointers_used());
  }
  // Every element takes the largest truncated sizes: pack them down to that stride.
  const size_t stride = data_words + pointer_count;
  if (stride != declared) {
    for (size_t i = 0; i < count; ++i) {
      writer.MoveDown(tag + 1 + i * stride, tag + 1 + i * declared, data_words, pointer_count);
    }
    writer.Truncate(tag + 1 + stride * count);
  }
  writer.SetListPointer(at, tag, ElementSize::kComposite, stride * count);
  writer.SetCompositeTag(tag, count, data_words, pointer_count);
  if (pointer_count == 0) return;
  for (size_t i = 0; i < count; ++i) {
    PointerWriter pointers(writer, tag + 1 + i * stride + data_words, table);
    T::VisitFields(values[i], pointers);
  }
}

// What an envelope holds besides its body: a StoredEvent's, or a proposed event's (zeros but for
// effective, stream and actor).
struct EnvelopeFields {
  Seq seq = 0;
  int64_t recorded_at_micros = 0;
  Date effective;
  std::string_view stream;
  uint64_t stream_version = 0;
  const Actor* actor = nullptr;
  std::string_view command_id;
  uint16_t schema_version = 0;
  const Hash* prev_hash = nullptr;  // Null for zeros.
};

std::string WriteEnvelope(const EnvelopeFields& fields, const EncodedBody& body) {
  const EnvelopeTable& table = Envelope();
  COOPLEDGER_ASSERT(body.discriminant < table.kind_by_discriminant.size());
  const int kind = table.kind_by_discriminant[body.discriminant];
  COOPLEDGER_ASSERT(kind >= 0);  // An EncodedBody from EncodeBody, never a default one.
  const size_t body_pointer = table.pointer_by_kind[static_cast<size_t>(kind)];
  CanonicalWriter writer(24 + body.words.size() / 8);
  writer.Allocate(1);  // The root pointer.
  const size_t start = writer.Allocate(table.data_words + table.pointer_count);
  auto put = [&writer, start](const Slot& slot, uint32_t width_bits, uint64_t bits) {
    writer.PutBits(start, slot.offset, width_bits, bits ^ slot.default_bits);
  };
  put(table.seq, 64, fields.seq);
  put(table.recorded_at, 64, ToBits(fields.recorded_at_micros));
  put(table.effective, 32, ToBits(fields.effective));
  put(table.stream_version, 64, fields.stream_version);
  put(table.schema_version, 16, fields.schema_version);
  writer.PutBits(start, table.discriminant_offset_bits, 16, body.discriminant);
  const size_t data_words = writer.TrimmedWords(start, table.data_words);
  const size_t pointer_count = body_pointer + 1;  // The body is never null and comes last.
  writer.Truncate(start + data_words + pointer_count);
  writer.SetStructPointer(0, start, data_words, pointer_count);

  const size_t pointers = start + data_words;
  if (!fields.stream.empty()) writer.WriteText(pointers + table.stream.offset, fields.stream);
  const Shape actor = WriteObject(writer, *table.actor_table, *fields.actor);
  writer.SetStructPointer(pointers + table.actor.offset, actor.start, actor.data_words,
                          actor.pointer_count);
  if (!fields.command_id.empty()) {
    writer.WriteText(pointers + table.command_id.offset, fields.command_id);
  }
  if (fields.prev_hash != nullptr && *fields.prev_hash != Hash{}) {
    writer.WriteData(pointers + table.prev_hash.offset, fields.prev_hash->data(), kHashSize);
  }
  const size_t body_start = writer.AppendWords(body.words);
  writer.SetStructPointer(pointers + body_pointer, body_start, body.data_words,
                          body.pointer_count);
  return std::move(writer).Release();
}

EnvelopeFields ProposedFields(const Event& event, const Actor& actor) {
  EnvelopeFields fields;
  fields.effective = event.effective;
  fields.stream = event.stream;
  fields.actor = &actor;
  return fields;
}

// ---------------------------------------------------------------------------------- reading

Error Corrupt(std::string_view field, std::string_view reason) {
  return Error(ErrorCode::kCorruption,
               "field " + std::string(field) + ": " + std::string(reason));
}

// A data field's bits, or zero (its default) if the data section ends before it.
uint64_t ReadBits(kj::ArrayPtr<const kj::byte> data, uint32_t offset_bits, uint32_t width_bits) {
  const size_t byte = offset_bits / 8;
  if (width_bits == 1) {
    return byte < data.size() ? (uint64_t{data[byte]} >> (offset_bits % 8)) & 1 : 0;
  }
  if (byte + width_bits / 8 > data.size()) return 0;
  uint64_t bits = 0;
  std::memcpy(&bits, data.begin() + byte, width_bits / 8);
  return bits;
}

template <typename V>
Status FromBits(uint64_t bits, const Slot& slot, V& out) {
  if constexpr (std::is_same_v<V, bool>) {
    out = bits != 0;
  } else if constexpr (std::is_enum_v<V>) {
    if (bits >= EnumNames<V>::kNames.size()) {
      return Corrupt(slot.name, "unknown enumerant " + std::to_string(bits));
    }
    out = static_cast<V>(bits);
  } else if constexpr (std::is_same_v<V, Money>) {
    const auto cents = static_cast<int64_t>(bits);
    if (cents > kDecodedCentsMax || cents < -kDecodedCentsMax) {
      return Corrupt(slot.name, "amount out of range");
    }
    out = Money::FromCents(cents);
  } else if constexpr (std::is_same_v<V, Date> || std::is_same_v<V, std::optional<Date>>) {
    const auto days = static_cast<int32_t>(static_cast<uint32_t>(bits));
    if constexpr (std::is_same_v<V, std::optional<Date>>) {
      if (days == kAbsentDate) {
        out.reset();
        return OkStatus();
      }
    }
    Result<Date> date = Date::FromDaysSinceEpoch(days);
    if (!date) return Corrupt(slot.name, date.error().message());
    out = *date;
  } else {
    static_assert(std::is_integral_v<V>);
    out = static_cast<V>(static_cast<std::make_unsigned_t<V>>(bits));
  }
  return OkStatus();
}

template <typename T>
Status ReadStruct(capnp::AnyStruct::Reader reader, const FieldTable& table, T& out);

template <typename V>
void ReadText(capnp::Text::Reader text, V& out) {
  if constexpr (IsId<V>) out.value.assign(text.begin(), text.size());
  else out.assign(text.begin(), text.size());
}

// Elements that are all defaults take no bytes on the wire: bound a list before allocating for
// it, so that a few hundred hostile bytes cannot ask for millions of elements.
Status CheckListSize(const Slot& slot, size_t size) {
  if (size > kDecodedListElementsMax) {
    return Corrupt(slot.name, "list of " + std::to_string(size) + " elements");
  }
  return OkStatus();
}

template <typename V>
Status ReadPointer(capnp::AnyPointer::Reader pointer, const Slot& slot, V& out) {
  if constexpr (kIsText<V>) {
    ReadText(pointer.getAs<capnp::Text>(), out);
  } else if constexpr (std::is_same_v<V, Bytes>) {
    const capnp::Data::Reader data = pointer.getAs<capnp::Data>();
    out.assign(data.begin(), data.end());
  } else if constexpr (HasFields<V>) {
    return ReadStruct(pointer.getAs<capnp::AnyStruct>(), *slot.nested, out);
  } else if constexpr (HasFields<typename V::value_type>) {
    const capnp::AnyList::Reader any = pointer.getAs<capnp::AnyList>();
    // Any list but one of bits reads as structs, as Cap'n Proto's struct-list readers allow.
    if (any.getElementSize() == capnp::ElementSize::BIT) return Corrupt(slot.name, "bit list");
    const auto list = any.as<capnp::List<capnp::AnyStruct>>();
    COOPLEDGER_RETURN_IF_ERROR(CheckListSize(slot, list.size()));
    out.clear();
    out.resize(list.size());
    for (uint32_t i = 0; i < list.size(); ++i) {
      COOPLEDGER_RETURN_IF_ERROR(ReadStruct(list[i], *slot.nested, out[i]));
    }
  } else {
    const auto list = pointer.getAs<capnp::List<capnp::Text>>();
    COOPLEDGER_RETURN_IF_ERROR(CheckListSize(slot, list.size()));
    out.clear();
    out.resize(list.size());
    for (uint32_t i = 0; i < list.size(); ++i) ReadText(list[i], out[i]);
  }
  return OkStatus();
}

class StructReader {
 public:
  StructReader(capnp::AnyStruct::Reader reader, const FieldTable& table)
      : data_(reader.getDataSection()), pointers_(reader.getPointerSection()), table_(table) {}

  template <typename V>
  void operator()(std::string_view, V& value) {
    if (!status_.has_value()) return;
    const Slot& slot = table_.slots[index_++];
    if constexpr (kWidthBits<V> > 0) {
      status_ = FromBits(ReadBits(data_, slot.offset, kWidthBits<V>) ^ slot.default_bits, slot,
                         value);
    } else {
      // A pointer past the end of the section is null.
      status_ = ReadPointer(slot.offset < pointers_.size() ? pointers_[slot.offset]
                                                           : capnp::AnyPointer::Reader(),
                            slot, value);
    }
  }
  Status status() const { return status_; }

 private:
  kj::ArrayPtr<const kj::byte> data_;
  capnp::List<capnp::AnyPointer>::Reader pointers_;
  const FieldTable& table_;
  size_t index_ = 0;
  Status status_;
};

template <typename T>
Status ReadStruct(capnp::AnyStruct::Reader reader, const FieldTable& table, T& out) {
  StructReader visitor(reader, table);
  T::VisitFields(out, visitor);
  return visitor.status();
}

using KindDecoder = Status (*)(capnp::AnyStruct::Reader, const FieldTable&, EventBody&);

template <size_t I>
Status DecodeKind(capnp::AnyStruct::Reader reader, const FieldTable& table, EventBody& body) {
  return ReadStruct(reader, table, body.template emplace<I>());
}

template <size_t... I>
constexpr std::array<KindDecoder, kEventKindCount> MakeKindDecoders(std::index_sequence<I...>) {
  return {&DecodeKind<I>...};
}

constexpr std::array<KindDecoder, kEventKindCount> kKindDecoders =
    MakeKindDecoders(std::make_index_sequence<kEventKindCount>());

Result<StoredEvent> ReadEnvelope(wire::EventEnvelope::Reader root) {
  const EnvelopeTable& table = Envelope();
  StoredEvent event;
  event.seq = root.getSeq();
  event.recorded_at = Timestamp::FromMicros(root.getRecordedAtMicros());
  Result<Date> effective = Date::FromDaysSinceEpoch(root.getEffective());
  if (!effective) return Corrupt("effective", effective.error().message());
  event.effective = *effective;
  const capnp::Text::Reader stream = root.getStream();
  event.stream.assign(stream.begin(), stream.size());
  event.stream_version = root.getStreamVersion();
  COOPLEDGER_RETURN_IF_ERROR(ReadStruct(root.getActor(), *table.actor_table, event.actor));
  const capnp::Text::Reader command_id = root.getCommandId();
  event.command_id.value.assign(command_id.begin(), command_id.size());
  event.schema_version = root.getSchemaVersion();
  if (event.schema_version > kSchemaVersion) {
    return Error(ErrorCode::kUnsupported,
                 "schema version " + std::to_string(event.schema_version) + " is newer than " +
                     std::to_string(kSchemaVersion));
  }
  if (root.hasPrevHash()) {
    const capnp::Data::Reader prev_hash = root.getPrevHash();
    if (prev_hash.size() != kHashSize) return Corrupt("prevHash", "not 32 bytes");
    std::memcpy(event.prev_hash.data(), prev_hash.begin(), kHashSize);
  }
  const auto discriminant = static_cast<uint16_t>(root.getBody().which());
  if (discriminant >= table.kind_by_discriminant.size()) {
    return Error(ErrorCode::kUnsupported, "event kind unknown to this build");
  }
  const int kind = table.kind_by_discriminant[discriminant];
  if (kind < 0) return Corrupt("body", "unset");
  const auto index = static_cast<size_t>(kind);
  const capnp::List<capnp::AnyPointer>::Reader pointers =
      capnp::AnyStruct::Reader(root).getPointerSection();
  const uint16_t body_pointer = table.pointer_by_kind[index];
  const capnp::AnyStruct::Reader body =
      body_pointer < pointers.size() ? pointers[body_pointer].getAs<capnp::AnyStruct>()
                                     : capnp::AnyPointer::Reader().getAs<capnp::AnyStruct>();
  COOPLEDGER_RETURN_IF_ERROR(kKindDecoders[index](body, *table.body_tables[index], event.body));
  return event;
}

// Runs `read` on the canonical message held in `bytes`; Cap'n Proto validates lazily and throws,
// so the whole read happens inside the try.
template <typename Root, typename ReadFn>
auto ReadCanonical(std::string_view bytes, ReadFn read) -> decltype(read(typename Root::Reader())) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return Error(ErrorCode::kCorruption,
                 "decode: " + std::to_string(bytes.size()) + " bytes is not a whole message");
  }
  // Word-aligned memory: stored values carry no alignment guarantee. Most events fit on the stack.
  constexpr size_t kStackWords = 128;
  const size_t word_count = bytes.size() / sizeof(capnp::word);
  capnp::word stack_words[kStackWords];
  kj::Array<capnp::word> heap_words;
  const capnp::word* words;
  if (reinterpret_cast<uintptr_t>(bytes.data()) % alignof(capnp::word) == 0) {
    words = reinterpret_cast<const capnp::word*>(bytes.data());
  } else if (word_count <= kStackWords) {
    std::memcpy(stack_words, bytes.data(), bytes.size());
    words = stack_words;
  } else {
    heap_words = kj::heapArray<capnp::word>(word_count);
    std::memcpy(heap_words.begin(), bytes.data(), bytes.size());
    words = heap_words.begin();
  }
  try {
    kj::ArrayPtr<const capnp::word> segments[1] = {kj::arrayPtr(words, word_count)};
    capnp::SegmentArrayMessageReader message(kj::arrayPtr(segments, 1));
    return read(message.getRoot<Root>());
  } catch (const kj::Exception& e) {
    return Error(ErrorCode::kCorruption, std::string("decode: ") + e.getDescription().cStr());
  }
}

// The root pointer and struct of a message holding `value` alone.
template <typename T>
std::string WriteMessage(const FieldTable& table, const T& value) {
  CanonicalWriter writer(32);
  writer.Allocate(1);
  const Shape shape = WriteObject(writer, table, value);
  writer.SetStructPointer(0, shape.start, shape.data_words, shape.pointer_count);
  return std::move(writer).Release();
}

const FieldTable& PersonalDataTable() {
  return TableFor<PersonalData>(capnp::Schema::from<wire::PersonalData>());
}

}  // namespace

EncodedBody EncodeBody(const EventBody& body) {
  const EnvelopeTable& table = Envelope();
  const size_t kind = body.index();
  EncodedBody encoded;
  encoded.discriminant = table.discriminant_by_kind[kind];
  CanonicalWriter writer(32);
  std::visit(
      [&](const auto& value) {
        const Shape shape = WriteObject(writer, *table.body_tables[kind], value);
        encoded.data_words = static_cast<uint16_t>(shape.data_words);
        encoded.pointer_count = static_cast<uint16_t>(shape.pointer_count);
      },
      body);
  encoded.words = std::move(writer).Release();
  return encoded;
}

std::string Encode(const StoredEvent& event, const EncodedBody& body) {
  EnvelopeFields fields;
  fields.seq = event.seq;
  fields.recorded_at_micros = event.recorded_at.micros();
  fields.effective = event.effective;
  fields.stream = event.stream;
  fields.stream_version = event.stream_version;
  fields.actor = &event.actor;
  fields.command_id = event.command_id.value;
  fields.schema_version = event.schema_version;
  fields.prev_hash = &event.prev_hash;
  return WriteEnvelope(fields, body);
}

std::string Encode(const StoredEvent& event) { return Encode(event, EncodeBody(event.body)); }

Result<StoredEvent> Decode(std::string_view bytes) {
  return ReadCanonical<wire::EventEnvelope>(
      bytes, [](wire::EventEnvelope::Reader root) { return ReadEnvelope(root); });
}

std::string EncodeProposed(const Event& event, const Actor& actor, const EncodedBody& body) {
  return WriteEnvelope(ProposedFields(event, actor), body);
}

std::string EncodeProposed(const Event& event, const Actor& actor) {
  return EncodeProposed(event, actor, EncodeBody(event.body));
}

std::string EncodePersonalData(const PersonalData& data) {
  return WriteMessage(PersonalDataTable(), data);
}

Result<PersonalData> DecodePersonalData(std::string_view bytes) {
  return ReadCanonical<wire::PersonalData>(
      bytes, [](wire::PersonalData::Reader root) -> Result<PersonalData> {
        PersonalData data;
        COOPLEDGER_RETURN_IF_ERROR(ReadStruct(root, PersonalDataTable(), data));
        return data;
      });
}

}  // namespace coopledger::events
