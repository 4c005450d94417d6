// Changes stored bytes behind the store's back, as a disk fault or an attacker would.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_TAMPER_H_
#define COOPLEDGER_TESTS_TEST_UTIL_TAMPER_H_

#include <cstddef>
#include <functional>
#include <string>

#include "events/ids.h"

namespace coopledger::test {

// Flips the lowest bit of one byte of the stored value of `seq` in the store at `path`, the byte
// at `offset_from_end` counted from the value's end (1 = last byte). The store must be closed.
// Returns false, with a reason in `error`, if the value could not be changed.
bool FlipStoredEventByte(const std::string& path, events::Seq seq, size_t offset_from_end,
                         std::string* error);

// Replaces the stored value of snapshot `name` at `seq` (a projection's, or a block of figure
// movements) with what `change` makes of it; `change` returns false to leave it, and the call
// fails. The store must be closed. Returns false, with a reason in `error`, if nothing changed.
bool RewriteSnapshot(const std::string& path, const std::string& name, events::Seq seq,
                     const std::function<bool(std::string*)>& change, std::string* error);

// Deletes the stored snapshot `name` at `seq`; false, with a reason, if it is not there.
bool DeleteSnapshot(const std::string& path, const std::string& name, events::Seq seq,
                    std::string* error);

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_TAMPER_H_
