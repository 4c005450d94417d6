#include "events/assert.h"

#include <cstdio>
#include <cstdlib>

namespace coopledger {

void AssertFail(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "coopledger: assertion failed: %s at %s:%d\n", condition, file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace coopledger
