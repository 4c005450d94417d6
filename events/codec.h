// Encoding of events to and from their stored bytes.
//
// The stored form of an event is one canonical Cap'n Proto message (capnp::canonicalize) holding
// a wire::EventEnvelope (schema/events.capnp). Canonical bytes are what the hash chain hashes: the
// same event always encodes to the same bytes.
#ifndef COOPLEDGER_EVENTS_CODEC_H_
#define COOPLEDGER_EVENTS_CODEC_H_

#include <string>
#include <string_view>

#include "events/event.h"
#include "events/result.h"

namespace coopledger::events {

// Returns the canonical bytes of `event`. Their size is a multiple of 8.
std::string Encode(const StoredEvent& event);

// Decodes bytes written by Encode. Returns kCorruption for any malformed, truncated or
// out-of-range input (a date outside the supported years, an unknown enumerant, a hash of the wrong
// size), kUnsupported for an event kind this build does not know. Never crashes on bad bytes.
Result<StoredEvent> Decode(std::string_view bytes);

// Canonical bytes of an event as a command proposes it, before the store stamps it: the basis of
// the payload fingerprint that makes a repeated command id idempotent.
std::string EncodeProposed(const Event& event, const Actor& actor);

// The plaintext inside a SealedData.
std::string EncodePersonalData(const PersonalData& data);
Result<PersonalData> DecodePersonalData(std::string_view bytes);

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_CODEC_H_
