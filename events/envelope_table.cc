#include "events/envelope_table.h"

#include <string>
#include <utility>
#include <variant>

#include "events.capnp.h"

namespace coopledger::events::wire_table {
namespace {

Slot EnvelopeSlot(capnp::StructSchema schema, const char* name, capnp::schema::Type::Which which,
                  uint32_t width_bits) {
  KJ_IF_MAYBE(field, schema.findFieldByName(name)) {
    return ResolveSlot("EventEnvelope", *field, which, width_bits);
  }
  SchemaMismatch("EventEnvelope", std::string("no field ") + name);
}

template <size_t... I>
void ResolveBodies(capnp::StructSchema group, EnvelopeTable& table, std::index_sequence<I...>) {
  table.kind_by_discriminant.assign(group.getUnionFields().size(), -1);
  if (group.getUnionFields().size() != kEventKindCount + 1) {
    SchemaMismatch("EventBody", "the body union has kinds the C++ variant lacks");
  }
  auto resolve = [&](size_t kind, auto* type) {
    using Body = std::remove_pointer_t<decltype(type)>;
    std::string name(Body::kTypeName);
    name[0] = static_cast<char>(name[0] - 'A' + 'a');
    KJ_IF_MAYBE(field, group.findFieldByName(name.c_str())) {
      const Slot slot = ResolveSlot(Body::kTypeName, *field,
                                                capnp::schema::Type::STRUCT, 0);
      // The body is the envelope's last object: its words are appended as they are.
      if (slot.offset <= table.prev_hash.offset) SchemaMismatch(name, "body pointer not last");
      table.pointer_by_kind[kind] = static_cast<uint16_t>(slot.offset);
      table.body_tables[kind] = &TableFor<Body>(field->getType().asStruct());
      const uint16_t discriminant = field->getProto().getDiscriminantValue();
      table.discriminant_by_kind[kind] = discriminant;
      table.kind_by_discriminant[discriminant] = static_cast<int>(kind);
    } else {
      SchemaMismatch(Body::kTypeName, "no member " + name + " in the body union");
    }
  };
  (resolve(I, static_cast<std::variant_alternative_t<I, EventBody>*>(nullptr)), ...);
}

EnvelopeTable BuildEnvelopeTable() {
  using Which = capnp::schema::Type::Which;
  const capnp::StructSchema schema = capnp::Schema::from<wire::EventEnvelope>();
  EnvelopeTable table;
  table.data_words = schema.getProto().getStruct().getDataWordCount();
  table.pointer_count = schema.getProto().getStruct().getPointerCount();
  table.seq = EnvelopeSlot(schema, "seq", Which::UINT64, 64);
  table.recorded_at = EnvelopeSlot(schema, "recordedAtMicros", Which::INT64, 64);
  table.effective = EnvelopeSlot(schema, "effective", Which::INT32, 32);
  table.stream_version = EnvelopeSlot(schema, "streamVersion", Which::UINT64, 64);
  table.schema_version = EnvelopeSlot(schema, "schemaVersion", Which::UINT16, 16);
  table.stream = EnvelopeSlot(schema, "stream", Which::TEXT, 0);
  table.actor = EnvelopeSlot(schema, "actor", Which::STRUCT, 0);
  table.command_id = EnvelopeSlot(schema, "commandId", Which::TEXT, 0);
  table.prev_hash = EnvelopeSlot(schema, "prevHash", Which::DATA, 0);
  if (!(table.stream.offset < table.actor.offset && table.actor.offset < table.command_id.offset &&
        table.command_id.offset < table.prev_hash.offset)) {
    SchemaMismatch("EventEnvelope", "pointer fields out of order");
  }
  KJ_IF_MAYBE(actor, schema.findFieldByName("actor")) {
    table.actor_table = &TableFor<Actor>(actor->getType().asStruct());
  }
  const capnp::StructSchema body = capnp::Schema::from<wire::EventEnvelope::Body>();
  table.discriminant_offset_bits = body.getProto().getStruct().getDiscriminantOffset() * 16;
  ResolveBodies(body, table, std::make_index_sequence<kEventKindCount>());
  return table;
}

}  // namespace

const EnvelopeTable& Envelope() {
  static const EnvelopeTable table = BuildEnvelopeTable();
  return table;
}

}  // namespace coopledger::events::wire_table
