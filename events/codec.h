// Encoding of events to and from their stored bytes.
//
// The stored form of an event is one canonical Cap'n Proto message (capnp::canonicalize) holding
// a wire::EventEnvelope (schema/events.capnp). Canonical bytes are what the hash chain hashes: the
// same event always encodes to the same bytes.
#ifndef COOPLEDGER_EVENTS_CODEC_H_
#define COOPLEDGER_EVENTS_CODEC_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "events/event.h"
#include "events/result.h"

namespace coopledger::events {

// Returns the canonical bytes of `event`. Their size is a multiple of 8.
std::string Encode(const StoredEvent& event);

// An event body in its canonical encoding: the body's struct, then its objects. The bytes of
// an encoded event end with these words, whatever the envelope around them, so one encoding
// serves both Encode and EncodeProposed below. Made by EncodeBody, read by the codec only.
struct EncodedBody {
  uint16_t discriminant = 0;  // The member of the envelope's body union.
  uint16_t data_words = 0;    // The body struct's sections, once truncated.
  uint16_t pointer_count = 0;
  std::string words;
};
EncodedBody EncodeBody(const EventBody& body);

// Encode(event) when `body` is EncodeBody(event.body): the same bytes, without encoding the body
// again. `event.body` is not read.
std::string Encode(const StoredEvent& event, const EncodedBody& body);

// Decodes bytes written by Encode. Returns kCorruption for any malformed, truncated or
// out-of-range input (a date outside the supported years, an unknown enumerant, a hash of the wrong
// size), kUnsupported for an event kind this build does not know. Never crashes on bad bytes.
Result<StoredEvent> Decode(std::string_view bytes);

// Canonical bytes of an event as a command proposes it, before the store stamps it: the basis of
// the payload fingerprint that makes a repeated command id idempotent.
std::string EncodeProposed(const Event& event, const Actor& actor);
// EncodeProposed(event, actor) when `body` is EncodeBody(event.body). `event.body` is not read.
std::string EncodeProposed(const Event& event, const Actor& actor, const EncodedBody& body);

// The plaintext inside a SealedData.
std::string EncodePersonalData(const PersonalData& data);
Result<PersonalData> DecodePersonalData(std::string_view bytes);

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_CODEC_H_
