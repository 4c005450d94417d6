// Where the fields of the event envelope (wire::EventEnvelope) live, and which member of its body
// union holds each EventBody alternative. Internal to the codec (events/codec.cc); resolved once
// from the compiled-in schema, like the tables of wire_table.h.
#ifndef COOPLEDGER_EVENTS_ENVELOPE_TABLE_H_
#define COOPLEDGER_EVENTS_ENVELOPE_TABLE_H_

#include <array>
#include <cstdint>
#include <vector>

#include "events/event.h"
#include "events/wire_table.h"

namespace coopledger::events::wire_table {

// The envelope's slots, and the body union's member for each EventBody alternative.
struct EnvelopeTable {
  uint16_t data_words = 0;
  uint16_t pointer_count = 0;
  Slot seq, recorded_at, effective, stream_version, schema_version;
  Slot stream, actor, command_id, prev_hash;
  uint32_t discriminant_offset_bits = 0;
  const FieldTable* actor_table = nullptr;
  std::array<const FieldTable*, kEventKindCount> body_tables{};
  std::array<uint16_t, kEventKindCount> discriminant_by_kind{};
  std::array<uint16_t, kEventKindCount> pointer_by_kind{};
  std::vector<int> kind_by_discriminant;  // -1 for `unset`.
};

// Built on first use; immutable afterwards, so safe to share. Aborts if the schema and the C++
// types disagree.
const EnvelopeTable& Envelope();

}  // namespace coopledger::events::wire_table

#endif  // COOPLEDGER_EVENTS_ENVELOPE_TABLE_H_
