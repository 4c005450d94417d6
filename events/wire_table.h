// Where each field of an event or value struct lives in its Cap'n Proto struct. Internal to the
// codec (events/codec.cc).
//
// The codec reads and writes Cap'n Proto's wire layout itself, so it needs each field's slot: the
// offset of a data field in its struct's data section, the index of a pointer field, and the
// default a data field is XORed with on the wire. They come from the schema compiled into
// events.capnp.h, resolved once per struct type by the field's wire name (fields.h), together with
// checks that the C++ struct and the schema agree. A disagreement is a build defect: it aborts on
// first use, which every codec test reaches.
#ifndef COOPLEDGER_EVENTS_WIRE_TABLE_H_
#define COOPLEDGER_EVENTS_WIRE_TABLE_H_

#include <capnp/schema.h>

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "events/values.h"

namespace coopledger::events::wire_table {

// An absent optional date: the schema's default for such fields, so that it takes no bytes.
constexpr int32_t kAbsentDate = std::numeric_limits<int32_t>::min();

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

template <typename T>
constexpr bool kIsText = std::is_same_v<T, std::string> || IsId<T>;

// The Cap'n Proto type a C++ data field is stored as; kNone for pointer fields.
template <typename V>
constexpr capnp::schema::Type::Which WireTypeOf() {
  using Which = capnp::schema::Type::Which;
  if constexpr (std::is_same_v<V, bool>) return Which::BOOL;
  else if constexpr (std::is_same_v<V, uint16_t>) return Which::UINT16;
  else if constexpr (std::is_same_v<V, int32_t>) return Which::INT32;
  else if constexpr (std::is_same_v<V, int64_t> || std::is_same_v<V, Money>) return Which::INT64;
  else if constexpr (std::is_same_v<V, uint64_t>) return Which::UINT64;
  else if constexpr (std::is_same_v<V, Date> || std::is_same_v<V, std::optional<Date>>) {
    return Which::INT32;
  } else if constexpr (std::is_enum_v<V>) return Which::ENUM;
  else if constexpr (kIsText<V>) return Which::TEXT;
  else if constexpr (std::is_same_v<V, Bytes>) return Which::DATA;
  else if constexpr (HasFields<V>) return Which::STRUCT;
  else if constexpr (IsVector<V>::value) return Which::LIST;
  else static_assert(sizeof(V) == 0, "field type without a wire mapping");
}

// Width on the wire of a data field, in bits; 0 for a pointer field.
template <typename V>
constexpr uint32_t kWidthBits = [] {
  using Which = capnp::schema::Type::Which;
  switch (WireTypeOf<V>()) {
    case Which::BOOL: return 1u;
    case Which::UINT16: case Which::ENUM: return 16u;
    case Which::INT32: return 32u;
    case Which::INT64: case Which::UINT64: return 64u;
    default: return 0u;
  }
}();

struct FieldTable;

// One field's place in its struct.
struct Slot {
  std::string name;           // Wire name, for error messages.
  uint32_t offset = 0;        // Data field: bits from the data section's start. Pointer: index.
  uint64_t default_bits = 0;  // Data field: the wire holds value XOR default.
  const FieldTable* nested = nullptr;  // Struct and list-of-struct fields: the element's table.
};

// A struct's sizes as the schema declares them, and its fields in VisitFields order.
struct FieldTable {
  uint16_t data_words = 0;
  uint16_t pointer_count = 0;
  std::vector<Slot> slots;
};

[[noreturn]] void SchemaMismatch(std::string_view type, std::string_view detail);

// The schema field's slot: offset converted to bits for data fields, default as raw bits.
// Checks the schema's type is `which` (and, for data fields, `width_bits` wide).
Slot ResolveSlot(std::string_view type_name, capnp::StructSchema::Field field,
                 capnp::schema::Type::Which which, uint32_t width_bits);

template <typename T>
const FieldTable& TableFor(capnp::StructSchema schema);

template <typename T>
class TableBuilder {
 public:
  explicit TableBuilder(capnp::StructSchema schema) : schema_(schema) {
    const auto proto = schema.getProto().getStruct();
    table_.data_words = proto.getDataWordCount();
    table_.pointer_count = proto.getPointerCount();
  }

  template <typename V>
  void operator()(std::string_view name, const V&) {
    const std::string wire_name = WireName<V>(name);
    KJ_IF_MAYBE(field, schema_.findFieldByName(wire_name.c_str())) {
      Slot slot = ResolveSlot(T::kTypeName, *field, WireTypeOf<V>(), kWidthBits<V>);
      CheckType<V>(*field, wire_name, slot);
      if constexpr (kWidthBits<V> == 0) {
        // The writer emits children in VisitFields order; canonical order is pointer order.
        if (last_pointer_ && slot.offset <= *last_pointer_) {
          SchemaMismatch(T::kTypeName, wire_name + ": pointer fields out of order");
        }
        last_pointer_ = slot.offset;
      }
      table_.slots.push_back(std::move(slot));
    } else {
      SchemaMismatch(T::kTypeName, "no schema field " + wire_name);
    }
  }

  FieldTable Finish() {
    if (table_.slots.size() != schema_.getFields().size()) {
      SchemaMismatch(T::kTypeName, "the schema struct has fields the C++ struct lacks");
    }
    return std::move(table_);
  }

 private:
  static std::string WireName(std::string_view snake) {
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
  static std::string WireName(std::string_view name) {
    return std::is_same_v<V, Money> ? WireName(name) + "Cents" : WireName(name);
  }

  template <typename V>
  void CheckType(capnp::StructSchema::Field field, const std::string& wire_name, Slot& slot) {
    const capnp::Type type = field.getType();
    if constexpr (std::is_same_v<V, std::optional<Date>>) {
      if (slot.default_bits != static_cast<uint32_t>(kAbsentDate)) {
        SchemaMismatch(T::kTypeName, wire_name + ": an optional date defaults to -2147483648");
      }
    } else if constexpr (std::is_enum_v<V>) {
      const auto enumerants = type.asEnum().getEnumerants();
      const auto& names = EnumNames<V>::kNames;
      if (enumerants.size() != names.size()) {
        SchemaMismatch(T::kTypeName, wire_name + ": enum size");
      }
      for (uint32_t i = 0; i < enumerants.size(); ++i) {
        if (names[i] != enumerants[i].getProto().getName().cStr()) {
          SchemaMismatch(T::kTypeName, wire_name + ": enumerant " + std::string(names[i]));
        }
      }
    } else if constexpr (HasFields<V>) {
      slot.nested = &TableFor<V>(type.asStruct());
    } else if constexpr (IsVector<V>::value && !std::is_same_v<V, Bytes>) {
      using Element = typename V::value_type;
      const capnp::Type element = type.asList().getElementType();
      if (element.which() != WireTypeOf<Element>()) {
        SchemaMismatch(T::kTypeName, wire_name + ": list element type");
      }
      if constexpr (HasFields<Element>) {
        slot.nested = &TableFor<Element>(element.asStruct());
      } else {
        static_assert(kIsText<Element>, "lists hold structs or text");
      }
    }
  }

  capnp::StructSchema schema_;
  FieldTable table_;
  std::optional<uint32_t> last_pointer_;
};

// The table of T, built from `schema` on first use; immutable afterwards, so safe to share.
// Later calls return the same table whatever `schema` they pass.
template <typename T>
const FieldTable& TableFor(capnp::StructSchema schema) {
  static const FieldTable table = [schema] {
    TableBuilder<T> builder(schema);
    T sample{};
    T::VisitFields(sample, builder);
    return builder.Finish();
  }();
  return table;
}

}  // namespace coopledger::events::wire_table

#endif  // COOPLEDGER_EVENTS_WIRE_TABLE_H_
