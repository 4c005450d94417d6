// Runs the real coopledger binary ($COOPLEDGER_BINARY) as a child process.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_RUN_BINARY_H_
#define COOPLEDGER_TESTS_TEST_UTIL_RUN_BINARY_H_

#include <string>
#include <vector>

namespace coopledger::test {

struct RunOutput {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `arguments` (without the program name) with `input` on stdin; waits for the exit.
RunOutput RunCoopledger(const std::vector<std::string>& arguments, const std::string& input = "");

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_RUN_BINARY_H_
