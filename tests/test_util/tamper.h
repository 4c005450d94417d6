// Changes stored bytes behind the store's back, as a disk fault or an attacker would.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_TAMPER_H_
#define COOPLEDGER_TESTS_TEST_UTIL_TAMPER_H_

#include <cstddef>
#include <string>

#include "events/ids.h"

namespace coopledger::test {

// Flips the lowest bit of one byte of the stored value of `seq` in the store at `path`, the byte
// at `offset_from_end` counted from the value's end (1 = last byte). The store must be closed.
// Returns false, with a reason in `error`, if the value could not be changed.
bool FlipStoredEventByte(const std::string& path, events::Seq seq, size_t offset_from_end,
                         std::string* error);

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_TAMPER_H_
