#include "events/wire_table.h"

#include <cstdio>
#include <cstdlib>

namespace coopledger::events::wire_table {

void SchemaMismatch(std::string_view type, std::string_view detail) {
  std::fprintf(stderr, "coopledger: events.capnp and %.*s disagree: %.*s\n",
               static_cast<int>(type.size()), type.data(), static_cast<int>(detail.size()),
               detail.data());
  std::abort();
}

namespace {

// The default's bits as they sit in the data section, for the integer-like types the codec maps.
uint64_t DefaultBits(std::string_view type_name, capnp::schema::Value::Reader value) {
  using Which = capnp::schema::Value::Which;
  switch (value.which()) {
    case Which::BOOL: return value.getBool() ? 1 : 0;
    case Which::UINT16: return value.getUint16();
    case Which::ENUM: return value.getEnum();
    case Which::INT32: return static_cast<uint32_t>(value.getInt32());
    case Which::INT64: return static_cast<uint64_t>(value.getInt64());
    case Which::UINT64: return value.getUint64();
    case Which::TEXT: case Which::DATA: case Which::LIST: case Which::STRUCT:
      return 0;  // Pointer defaults: the codec writes none and reads null as empty.
    default:
      SchemaMismatch(type_name, "a field type the codec does not map");
  }
}

}  // namespace

Slot ResolveSlot(std::string_view type_name, capnp::StructSchema::Field field,
                 capnp::schema::Type::Which which, uint32_t width_bits) {
  const capnp::schema::Field::Reader proto = field.getProto();
  const std::string name = proto.getName().cStr();
  if (proto.which() != capnp::schema::Field::SLOT) {
    SchemaMismatch(type_name, name + ": a group, not a field");
  }
  if (field.getType().which() != which) SchemaMismatch(type_name, name + ": type");
  const capnp::schema::Field::Slot::Reader slot_proto = proto.getSlot();
  if (slot_proto.getHadExplicitDefault() && width_bits == 0) {
    SchemaMismatch(type_name, name + ": a pointer field with a default");
  }
  Slot slot;
  slot.name = name;
  // Cap'n Proto counts a slot's offset in units of the field's own width.
  slot.offset = width_bits == 0 ? slot_proto.getOffset() : slot_proto.getOffset() * width_bits;
  slot.default_bits = DefaultBits(type_name, slot_proto.getDefaultValue());
  return slot;
}

}  // namespace coopledger::events::wire_table
