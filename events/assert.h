// Assertions catch our own bugs; they stay on in release builds. Bad input is an Error, never an
// assertion (see result.h).
#ifndef COOPLEDGER_EVENTS_ASSERT_H_
#define COOPLEDGER_EVENTS_ASSERT_H_

namespace coopledger {

// Prints the failed condition and its location on stderr, then aborts.
[[noreturn]] void AssertFail(const char* condition, const char* file, int line);

}  // namespace coopledger

#define COOPLEDGER_ASSERT(condition)      \
  (static_cast<bool>(condition) ? void(0) \
                                : ::coopledger::AssertFail(#condition, __FILE__, __LINE__))

#ifdef NDEBUG
#define COOPLEDGER_DASSERT(condition) ((void)0)
#else
#define COOPLEDGER_DASSERT(condition) COOPLEDGER_ASSERT(condition)
#endif

#endif  // COOPLEDGER_EVENTS_ASSERT_H_
