// Deterministic pseudo-random events: every field of every kind filled, for round trips and
// stress tests. Random tests log their seed (SeedFromEnvironmentOr).
#ifndef COOPLEDGER_TESTS_TEST_UTIL_RANDOM_EVENTS_H_
#define COOPLEDGER_TESTS_TEST_UTIL_RANDOM_EVENTS_H_

#include <cstdint>
#include <random>
#include <string>

#include "engine/event_store.h"
#include "events/event.h"

namespace coopledger::test {

// $COOPLEDGER_TEST_SEED if set, else `fallback`.
uint64_t SeedFromEnvironmentOr(uint64_t fallback);

// An event body of kind `kind` (index in EventBody) with every field set from `rng`.
events::EventBody RandomBody(size_t kind, std::mt19937_64& rng);

// A proposed event of a random kind on `stream`, effective on a random 2025 day.
events::Event RandomEvent(std::mt19937_64& rng, const std::string& stream);

// A realistic small event (about 200 bytes encoded): hours logged by a member.
events::Event HoursEvent(int member, int day_of_year, int minutes);

// An AppendBatch of `events` with a test actor.
engine::AppendBatch Batch(std::vector<events::Event> events,
                          uint64_t expected_version = engine::kAnyVersion);

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_RANDOM_EVENTS_H_
