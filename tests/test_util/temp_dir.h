// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_TEMP_DIR_H_
#define COOPLEDGER_TESTS_TEST_UTIL_TEMP_DIR_H_

#include <cstdlib>
#include <filesystem>
#include <string>

namespace coopledger::test {

class TempDir {
 public:
  TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/coopledger-test-XXXXXX";
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_TEMP_DIR_H_
