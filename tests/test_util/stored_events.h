// Events as the log hands them to the projections, for tests that fold a few by hand.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_STORED_EVENTS_H_
#define COOPLEDGER_TESTS_TEST_UTIL_STORED_EVENTS_H_

#include <utility>

#include "events/event.h"

namespace coopledger::test {

// "2025-07-03" as a Date. REQUIRES: a valid date.
inline Date Day(const char* text) { return Date::Parse(text).value(); }

// `body` stored at `seq`, every other envelope field left at its default.
inline events::StoredEvent StoredAt(events::Seq seq, events::EventBody body) {
  events::StoredEvent event;
  event.seq = seq;
  event.body = std::move(body);
  return event;
}

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_STORED_EVENTS_H_
