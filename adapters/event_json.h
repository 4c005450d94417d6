// Events as JSON, for the command line (`append`, `log`) and the HTTP API.
//
// A stored event:
//   {"seq":7,"recorded_at":"2025-07-03T08:15:00.000000Z","effective":"2025-07-03",
//    "stream":"member/M-0001","stream_version":2,"actor":{"id":"demo","role":"facilitator"},
//    "command_id":"c-42","schema_version":1,"prev_hash":"<64 hex>","type":"HoursLogged",
//    "body":{"member_id":"M-0001","job_id":"J-0003",...}}
// A proposed event (input): {"stream":..., "effective":..., "type":..., "body":{...}} and an
// optional "expected_version". Body keys are the C++ field names (events/*_events.h); money keys
// end in "_cents" and hold integers; dates are "YYYY-MM-DD"; enums are their schema names; bytes
// are lower-case hex. Personal data is given in clear on input as
// {"person_id":"M-0001","clear":{"given_name":...}} and sealed before it is stored.
#ifndef COOPLEDGER_ADAPTERS_EVENT_JSON_H_
#define COOPLEDGER_ADAPTERS_EVENT_JSON_H_

#include <functional>
#include <nlohmann/json.hpp>

#include "engine/event_store.h"
#include "events/event.h"

namespace coopledger::adapters {

using SealFn = std::function<Result<events::SealedData>(const events::PersonId&,
                                                        const events::PersonalData&)>;
using UnsealFn = std::function<Result<events::PersonalData>(const events::SealedData&)>;

// A SealFn that seals nothing and makes no key: for checking input's shape before anything is
// written, so that bad input leaves no personal-data key behind.
SealFn ShapeOnlySeal();

// Renders `event`. With `unseal`, personal data appears in clear ({"person_id":..,"clear":{..}}),
// or as {"person_id":..,"erased":true} once erased; without it, as nonce and ciphertext.
nlohmann::json StoredEventToJson(const events::StoredEvent& event, const UnsealFn& unseal);

// Parses one proposed event. Errors name the JSON path and the reason ("body.minutes: expected an
// integer"); unknown keys are refused. `seal` turns clear personal data into SealedData.
Result<engine::ProposedEvent> ProposedEventFromJson(const nlohmann::json& json, const SealFn& seal);

// Parses the body of an event of kind `type` ("HoursLogged"), as in a proposed event's "body".
Result<events::EventBody> EventBodyFromJson(std::string_view type, const nlohmann::json& body,
                                            const SealFn& seal);

// Renders an event body alone.
nlohmann::json EventBodyToJson(const events::EventBody& body, const UnsealFn& unseal);

// The names of every event kind, in schema order.
std::vector<std::string_view> EventKindNames();

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_EVENT_JSON_H_
