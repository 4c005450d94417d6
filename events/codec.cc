#include "events/codec.h"

#include <capnp/dynamic.h>
#include <capnp/message.h>
#include <capnp/schema.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <type_traits>
#include <utility>

#include "events.capnp.h"

// Layout: the stored bytes are the single segment of a canonical Cap'n Proto message, without a
// segment table:
//   bytes := words(EventEnvelope)      ; size % 8 == 0, root pointer first
// Event bodies are written and read through Cap'n Proto's dynamic API, driven by each C++
// struct's field list (fields.h): one list per kind serves the codec, the JSON adapter and the
// tests. Schema fields are resolved once per struct type, so a read costs no name lookup.

namespace coopledger::events {
namespace {

using capnp::DynamicList;
using capnp::DynamicStruct;
using capnp::StructSchema;

constexpr int32_t kAbsentDate = std::numeric_limits<int32_t>::min();
// A decoded amount larger than a whole entry could hold cannot come from this program.
constexpr int64_t kDecodedCentsMax = kAmountCentsMax * kEntryPostingsMax;
// No list of an event (lines, postings, allocations, shares) may be longer.
constexpr uint32_t kDecodedListElementsMax = 10 * kEntryPostingsMax;

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T>
constexpr bool kIsText = std::is_same_v<T, std::string> || IsId<T>;

std::string CamelCase(std::string_view snake) {
  std::string camel;
  bool upper = false;
  for (const char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    camel += upper ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return camel;
}

template <typename V>
std::string WireName(std::string_view name) {
  return std::is_same_v<V, Money> ? CamelCase(name) + "Cents" : CamelCase(name);
}

[[noreturn]] void SchemaMismatch(std::string_view type, std::string_view detail) {
  std::fprintf(stderr, "coopledger: events.capnp and %.*s disagree: %.*s\n",
               static_cast<int>(type.size()), type.data(), static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

// Schema fields of one C++ struct, in the order of its VisitFields.
struct FieldTable {
  std::vector<StructSchema::Field> fields;
};

template <typename T>
const FieldTable& TableFor(StructSchema schema);

// Resolves each C++ field to its schema field and checks that types agree where it matters: enum
// names and nested structs. A disagreement is a build defect, so it aborts on first use.
template <typename T>
class TableBuilder {
 public:
  explicit TableBuilder(StructSchema schema) : schema_(schema) {}

  template <typename V>
  void operator()(std::string_view name, const V&) {
    const std::string wire_name = WireName<V>(name);
    KJ_IF_MAYBE(field, schema_.findFieldByName(wire_name.c_str())) {
      CheckType<V>(*field, wire_name);
      table_.fields.push_back(*field);
    } else {
      SchemaMismatch(T::kTypeName, "no schema field " + wire_name);
    }
  }

  FieldTable Finish() {
    if (table_.fields.size() != schema_.getFields().size()) {
      SchemaMismatch(T::kTypeName, "the schema struct has fields the C++ struct lacks");
    }
    return std::move(table_);
  }

 private:
  template <typename V>
  void CheckType(StructSchema::Field field, const std::string& wire_name) {
    const capnp::Type type = field.getType();
    if constexpr (std::is_enum_v<V>) {
      const auto enumerants = type.asEnum().getEnumerants();
      const auto& names = EnumNames<V>::kNames;
      if (enumerants.size() != names.size()) SchemaMismatch(T::kTypeName, wire_name + ": enum size");
      for (uint32_t i = 0; i < enumerants.size(); ++i) {
        if (names[i] != enumerants[i].getProto().getName().cStr()) {
          SchemaMismatch(T::kTypeName, wire_name + ": enumerant " + std::string(names[i]));
        }
      }
    } else if constexpr (HasFields<V>) {
      TableFor<V>(type.asStruct());
    } else if constexpr (IsVector<V>::value) {
      using Element = typename V::value_type;
      if constexpr (HasFields<Element>) TableFor<Element>(type.asList().getElementType().asStruct());
    }
  }

  StructSchema schema_;
  FieldTable table_;
};

template <typename T>
const FieldTable& TableFor(StructSchema schema) {
  // Built once from compiled-in schema data; immutable afterwards, so safe to share.
  static const FieldTable table = [schema] {
    TableBuilder<T> builder(schema);
    T sample{};
    T::VisitFields(sample, builder);
    return builder.Finish();
  }();
  return table;
}

// ---------------------------------------------------------------------------------- writing

template <typename T>
void WriteStruct(DynamicStruct::Builder builder, const T& value);

template <typename V>
void WriteText(DynamicStruct::Builder builder, StructSchema::Field field, const V& value) {
  const std::string& text = [&value]() -> const std::string& {
    if constexpr (IsId<V>) return value.value;
    else return value;
  }();
  // Empty text stays a null pointer, so that "" has one canonical form.
  if (!text.empty()) builder.set(field, capnp::Text::Reader(text.data(), text.size()));
}

template <typename V>
void WriteField(DynamicStruct::Builder builder, StructSchema::Field field, const V& value) {
  if constexpr (std::is_same_v<V, bool> || std::is_integral_v<V>) {
    builder.set(field, value);
  } else if constexpr (std::is_same_v<V, Money>) {
    builder.set(field, value.cents());
  } else if constexpr (std::is_same_v<V, Date>) {
    builder.set(field, value.days_since_epoch());
  } else if constexpr (std::is_same_v<V, std::optional<Date>>) {
    if (value.has_value()) builder.set(field, value->days_since_epoch());
  } else if constexpr (kIsText<V>) {
    WriteText(builder, field, value);
  } else if constexpr (std::is_same_v<V, Bytes>) {
    if (!value.empty()) builder.set(field, capnp::Data::Reader(value.data(), value.size()));
  } else if constexpr (std::is_enum_v<V>) {
    builder.set(field, capnp::DynamicEnum(field.getType().asEnum(),
                                          static_cast<uint16_t>(value)));
  } else if constexpr (HasFields<V>) {
    WriteStruct(builder.init(field).template as<DynamicStruct>(), value);
  } else if constexpr (IsVector<V>::value) {
    if (value.empty()) return;
    DynamicList::Builder list =
        builder.init(field, static_cast<uint32_t>(value.size())).template as<DynamicList>();
    for (uint32_t i = 0; i < value.size(); ++i) {
      using Element = typename V::value_type;
      if constexpr (HasFields<Element>) {
        WriteStruct(list[i].template as<DynamicStruct>(), value[i]);
      } else {
        static_assert(kIsText<Element>, "lists hold structs or text");
        const std::string& text = [&]() -> const std::string& {
          if constexpr (IsId<Element>) return value[i].value;
          else return value[i];
        }();
        list.set(i, capnp::Text::Reader(text.data(), text.size()));
      }
    }
  } else {
    static_assert(sizeof(V) == 0, "field type without a wire mapping");
  }
}

template <typename T>
class StructWriter {
 public:
  StructWriter(DynamicStruct::Builder builder, const FieldTable& table)
      : builder_(builder), table_(table) {}
  template <typename V>
  void operator()(std::string_view, const V& value) {
    WriteField(builder_, table_.fields[index_++], value);
  }

 private:
  DynamicStruct::Builder builder_;
  const FieldTable& table_;
  size_t index_ = 0;
};

template <typename T>
void WriteStruct(DynamicStruct::Builder builder, const T& value) {
  StructWriter<T> writer(builder, TableFor<T>(builder.getSchema()));
  T::VisitFields(value, writer);
}

// ---------------------------------------------------------------------------------- reading

Error Corrupt(std::string_view field, std::string_view reason) {
  return Error(ErrorCode::kCorruption,
               "field " + std::string(field) + ": " + std::string(reason));
}

template <typename T>
Status ReadStruct(DynamicStruct::Reader reader, T& out);

template <typename V>
Status ReadText(const capnp::DynamicValue::Reader& value, V& out) {
  const capnp::Text::Reader text = value.as<capnp::Text>();
  if constexpr (IsId<V>) {
    out.value.assign(text.begin(), text.size());
  } else {
    out.assign(text.begin(), text.size());
  }
  return OkStatus();
}

template <typename V>
Status ReadField(DynamicStruct::Reader reader, StructSchema::Field field, V& out) {
  const capnp::DynamicValue::Reader value = reader.get(field);
  if constexpr (std::is_same_v<V, bool> || std::is_integral_v<V>) {
    out = value.as<V>();
  } else if constexpr (std::is_same_v<V, Money>) {
    const int64_t cents = value.as<int64_t>();
    if (cents > kDecodedCentsMax || cents < -kDecodedCentsMax) {
      return Corrupt(field.getProto().getName().cStr(), "amount out of range");
    }
    out = Money::FromCents(cents);
  } else if constexpr (std::is_same_v<V, Date> || std::is_same_v<V, std::optional<Date>>) {
    const int32_t days = value.as<int32_t>();
    if constexpr (std::is_same_v<V, std::optional<Date>>) {
      if (days == kAbsentDate) {
        out.reset();
        return OkStatus();
      }
    }
    Result<Date> date = Date::FromDaysSinceEpoch(days);
    if (!date) return Corrupt(field.getProto().getName().cStr(), date.error().message());
    out = *date;
  } else if constexpr (kIsText<V>) {
    return ReadText(value, out);
  } else if constexpr (std::is_same_v<V, Bytes>) {
    const capnp::Data::Reader data = value.as<capnp::Data>();
    out.assign(data.begin(), data.end());
  } else if constexpr (std::is_enum_v<V>) {
    const uint16_t raw = value.as<capnp::DynamicEnum>().getRaw();
    if (raw >= EnumNames<V>::kNames.size()) {
      return Corrupt(field.getProto().getName().cStr(), "unknown enumerant " + std::to_string(raw));
    }
    out = static_cast<V>(raw);
  } else if constexpr (HasFields<V>) {
    return ReadStruct(value.as<DynamicStruct>(), out);
  } else if constexpr (IsVector<V>::value) {
    const DynamicList::Reader list = value.as<DynamicList>();
    // Elements that are all defaults take no bytes on the wire: bound the list before allocating
    // for it, so a few hundred hostile bytes cannot ask for millions of elements.
    if (list.size() > kDecodedListElementsMax) {
      return Corrupt(field.getProto().getName().cStr(),
                     "list of " + std::to_string(list.size()) + " elements");
    }
    out.clear();
    out.resize(list.size());
    for (uint32_t i = 0; i < list.size(); ++i) {
      using Element = typename V::value_type;
      if constexpr (HasFields<Element>) {
        COOPLEDGER_RETURN_IF_ERROR(ReadStruct(list[i].template as<DynamicStruct>(), out[i]));
      } else {
        COOPLEDGER_RETURN_IF_ERROR(ReadText(list[i], out[i]));
      }
    }
  } else {
    static_assert(sizeof(V) == 0, "field type without a wire mapping");
  }
  return OkStatus();
}

template <typename T>
class StructReader {
 public:
  StructReader(DynamicStruct::Reader reader, const FieldTable& table)
      : reader_(reader), table_(table) {}
  template <typename V>
  void operator()(std::string_view, V& value) {
    if (!status_.has_value()) return;
    status_ = ReadField(reader_, table_.fields[index_++], value);
  }
  Status status() const { return status_; }

 private:
  DynamicStruct::Reader reader_;
  const FieldTable& table_;
  size_t index_ = 0;
  Status status_;
};

template <typename T>
Status ReadStruct(DynamicStruct::Reader reader, T& out) {
  StructReader<T> visitor(reader, TableFor<T>(reader.getSchema()));
  T::VisitFields(out, visitor);
  return visitor.status();
}

// ---------------------------------------------------------------------------------- bodies

// The body union's member field for each EventBody alternative, and the way back.
struct BodyTable {
  std::array<StructSchema::Field, kEventKindCount> field_by_kind;
  std::vector<int> kind_by_field_index;  // -1 for `unset`.
};

template <size_t... I>
BodyTable BuildBodyTable(StructSchema group, std::index_sequence<I...>) {
  BodyTable table;
  table.kind_by_field_index.assign(group.getFields().size(), -1);
  auto resolve = [&](size_t kind, std::string_view type_name) {
    std::string name(type_name);
    name[0] = static_cast<char>(name[0] - 'A' + 'a');
    KJ_IF_MAYBE(field, group.findFieldByName(name.c_str())) {
      table.field_by_kind[kind] = *field;
      table.kind_by_field_index[field->getIndex()] = static_cast<int>(kind);
    } else {
      SchemaMismatch(type_name, "no member " + name + " in the body union");
    }
  };
  (resolve(I, std::variant_alternative_t<I, EventBody>::kTypeName), ...);
  if (group.getUnionFields().size() != kEventKindCount + 1) {
    SchemaMismatch("EventBody", "the body union has kinds the C++ variant lacks");
  }
  return table;
}

const BodyTable& Bodies() {
  static const BodyTable table = BuildBodyTable(
      capnp::Schema::from<wire::EventEnvelope::Body>(), std::make_index_sequence<kEventKindCount>());
  return table;
}

using KindDecoder = Status (*)(DynamicStruct::Reader, EventBody&);

template <size_t I>
Status DecodeKind(DynamicStruct::Reader reader, EventBody& body) {
  std::variant_alternative_t<I, EventBody>& kind = body.template emplace<I>();
  return ReadStruct(reader, kind);
}

template <size_t... I>
constexpr std::array<KindDecoder, kEventKindCount> MakeKindDecoders(std::index_sequence<I...>) {
  return {&DecodeKind<I>...};
}

constexpr std::array<KindDecoder, kEventKindCount> kKindDecoders =
    MakeKindDecoders(std::make_index_sequence<kEventKindCount>());

// ---------------------------------------------------------------------------------- envelope

std::string ToBytes(kj::ArrayPtr<const capnp::word> words) {
  return std::string(reinterpret_cast<const char*>(words.begin()), words.size() * sizeof(capnp::word));
}

void WriteEnvelope(const StoredEvent& event, wire::EventEnvelope::Builder root) {
  root.setSeq(event.seq);
  root.setRecordedAtMicros(event.recorded_at.micros());
  root.setEffective(event.effective.days_since_epoch());
  // Text::Reader with an explicit size: the std::string overload would stop at a NUL byte.
  if (!event.stream.empty()) root.setStream(capnp::Text::Reader(event.stream.data(), event.stream.size()));
  root.setStreamVersion(event.stream_version);
  WriteStruct(capnp::toDynamic(root.initActor()), event.actor);
  if (!event.command_id.empty()) {
    root.setCommandId(capnp::Text::Reader(event.command_id.value.data(), event.command_id.value.size()));
  }
  root.setSchemaVersion(event.schema_version);
  if (event.prev_hash != Hash{}) {
    root.setPrevHash(capnp::Data::Reader(event.prev_hash.data(), event.prev_hash.size()));
  }
  DynamicStruct::Builder body = capnp::toDynamic(root.getBody());
  const size_t kind = event.body.index();
  std::visit(
      [&body, kind](const auto& value) {
        WriteStruct(body.init(Bodies().field_by_kind[kind]).template as<DynamicStruct>(), value);
      },
      event.body);
}

Result<StoredEvent> ReadEnvelope(wire::EventEnvelope::Reader root) {
  StoredEvent event;
  event.seq = root.getSeq();
  event.recorded_at = Timestamp::FromMicros(root.getRecordedAtMicros());
  Result<Date> effective = Date::FromDaysSinceEpoch(root.getEffective());
  if (!effective) return Corrupt("effective", effective.error().message());
  event.effective = *effective;
  const capnp::Text::Reader stream = root.getStream();
  event.stream.assign(stream.begin(), stream.size());
  event.stream_version = root.getStreamVersion();
  COOPLEDGER_RETURN_IF_ERROR(ReadStruct(capnp::toDynamic(root.getActor()), event.actor));
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
  const DynamicStruct::Reader body = capnp::toDynamic(root.getBody());
  KJ_IF_MAYBE(field, body.which()) {
    const int kind = Bodies().kind_by_field_index[field->getIndex()];
    if (kind < 0) return Corrupt("body", "unset");
    COOPLEDGER_RETURN_IF_ERROR(kKindDecoders[static_cast<size_t>(kind)](
        body.get(*field).as<DynamicStruct>(), event.body));
  } else {
    return Error(ErrorCode::kUnsupported, "event kind unknown to this build");
  }
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
  // Copy into word-aligned memory: stored values carry no alignment guarantee.
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  try {
    kj::ArrayPtr<const capnp::word> segments[1] = {words.asPtr()};
    capnp::SegmentArrayMessageReader message(kj::arrayPtr(segments, 1));
    return read(message.getRoot<Root>());
  } catch (const kj::Exception& e) {
    return Error(ErrorCode::kCorruption, std::string("decode: ") + e.getDescription().cStr());
  }
}

}  // namespace

std::string Encode(const StoredEvent& event) {
  capnp::MallocMessageBuilder message(128);
  wire::EventEnvelope::Builder root = message.initRoot<wire::EventEnvelope>();
  WriteEnvelope(event, root);
  return ToBytes(capnp::canonicalize(root.asReader()));
}

Result<StoredEvent> Decode(std::string_view bytes) {
  return ReadCanonical<wire::EventEnvelope>(
      bytes, [](wire::EventEnvelope::Reader root) { return ReadEnvelope(root); });
}

std::string EncodeProposed(const Event& event, const Actor& actor) {
  StoredEvent proposed;
  proposed.effective = event.effective;
  proposed.stream = event.stream;
  proposed.actor = actor;
  proposed.schema_version = 0;
  proposed.body = event.body;
  return Encode(proposed);
}

std::string EncodePersonalData(const PersonalData& data) {
  capnp::MallocMessageBuilder message(64);
  wire::PersonalData::Builder root = message.initRoot<wire::PersonalData>();
  WriteStruct(capnp::toDynamic(root), data);
  return ToBytes(capnp::canonicalize(root.asReader()));
}

Result<PersonalData> DecodePersonalData(std::string_view bytes) {
  return ReadCanonical<wire::PersonalData>(
      bytes, [](wire::PersonalData::Reader root) -> Result<PersonalData> {
        PersonalData data;
        COOPLEDGER_RETURN_IF_ERROR(ReadStruct(capnp::toDynamic(root), data));
        return data;
      });
}

}  // namespace coopledger::events
