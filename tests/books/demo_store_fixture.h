// One demo store for a whole test suite, built by the real binary (`coopledger demo`); the tests
// of the suite only read it.
#ifndef COOPLEDGER_TESTS_BOOKS_DEMO_STORE_FIXTURE_H_
#define COOPLEDGER_TESTS_BOOKS_DEMO_STORE_FIXTURE_H_

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_util/run_binary.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {

class DemoStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const RunOutput demo = RunCoopledger({"demo", "--data", dir_->Sub("data")});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  // Runs the binary with `arguments` on the suite's store.
  static RunOutput Run(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.push_back("--data");
    arguments.push_back(dir_->Sub("data"));
    return RunCoopledger(arguments, input);
  }

  static inline TempDir* dir_ = nullptr;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_BOOKS_DEMO_STORE_FIXTURE_H_
