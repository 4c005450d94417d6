// A demo store served by the real binary on loopback, with one token per role (made with
// `coopledger token create`): the fixture of the HTTP API's end-to-end tests.
#ifndef COOPLEDGER_TESTS_ADAPTERS_DEMO_SERVER_FIXTURE_H_
#define COOPLEDGER_TESTS_ADAPTERS_DEMO_SERVER_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "tests/test_util/run_binary.h"
#include "tests/test_util/served_store.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {

inline const std::vector<std::string> kRoles = {"admin",     "support",    "facilitator",
                                                "committee", "accountant", "member"};

class DemoServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const RunOutput demo = RunCoopledger({"demo", "--data", Data()});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    // The CJS season, its first youth, and an activity and member outside it.
    const RunOutput balances = RunCoopledger({"balances", "--data", Data(), "--format", "json"});
    ASSERT_EQ(balances.exit_code, 0) << balances.err;
    for (const nlohmann::json& member : nlohmann::json::parse(balances.out)) {
      const std::string activity = member["activity_id"];
      if (cjs_.empty() && activity.rfind("CJS-", 0) == 0) {
        cjs_ = activity;
        youth_ = member["member_id"];
      } else if (other_.empty() && activity.rfind("CJS-", 0) != 0) {
        other_ = activity;
        other_member_ = member["member_id"];
      }
    }
    ASSERT_FALSE(cjs_.empty());
    ASSERT_FALSE(other_.empty());
    for (const std::string& role : kRoles) {
      std::vector<std::string> arguments = {"token", "create", "--data", Data(), "--role", role};
      if (role == "facilitator" || role == "committee")
        arguments.insert(arguments.end(), {"--scope", cjs_});
      if (role == "member") arguments.insert(arguments.end(), {"--member", youth_});
      const RunOutput created = RunCoopledger(arguments);
      ASSERT_EQ(created.exit_code, 0) << created.err;
      const size_t space = created.out.find(' ');
      ASSERT_NE(space, std::string::npos) << created.out;
      token_ids_[role] = created.out.substr(0, space);
      tokens_[role] = created.out.substr(space + 1, created.out.find('\n') - space - 1);
    }
    // The store as the server starts on it: the command line's writing verbs work on this copy
    // while the server holds the original.
    std::filesystem::copy(Data(), Copy(), std::filesystem::copy_options::recursive);
    server_ = new ServedStore(Data());
    ASSERT_TRUE(server_->ok()) << server_->output();
  }
  static void TearDownTestSuite() {
    delete server_;
    delete dir_;
  }
  static std::string Data() { return dir_->Sub("data"); }
  static std::string Copy() { return dir_->Sub("copy"); }

  // Fills {cjs}, {other}, {youth}, {other_member} in `text`.
  static std::string Fill(std::string text) {
    const std::map<std::string, std::string> values = {{"{cjs}", cjs_},
                                                       {"{other}", other_},
                                                       {"{youth}", youth_},
                                                       {"{other_member}", other_member_}};
    for (const auto& [name, value] : values) {
      for (size_t at; (at = text.find(name)) != std::string::npos;)
        text.replace(at, name.size(), value);
    }
    return text;
  }

  static inline TempDir* dir_ = nullptr;
  static inline ServedStore* server_ = nullptr;
  static inline std::string cjs_, youth_, other_, other_member_;
  static inline std::map<std::string, std::string> tokens_, token_ids_;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_ADAPTERS_DEMO_SERVER_FIXTURE_H_
