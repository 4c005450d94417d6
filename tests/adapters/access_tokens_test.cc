// Access tokens without a server: the file, the registry's rereading and the rate limiter.
#include "adapters/access_tokens.h"

#include <gtest/gtest.h>

#include <thread>

#include "adapters/http_server.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using adapters::TokenRequest;
using events::ActorRole;

TEST(AccessTokensTest, RegistryFindsActiveTokensAndSeesARevocation) {
  TempDir dir;
  auto created = adapters::CreateAccessToken(
      dir.path(), TokenRequest{ActorRole::kCommittee, "CJS-1", ""}, Timestamp::FromMicros(0));
  ASSERT_TRUE(created.has_value()) << created.error().ToString();
  const auto& [token, secret] = *created;
  EXPECT_EQ(secret.size(), 64u);
  adapters::TokenRegistry registry(adapters::AccessTokensPath(dir.path()));
  ASSERT_TRUE(registry.Find(secret).has_value());
  EXPECT_EQ(registry.Find(secret)->activity, "CJS-1");
  EXPECT_FALSE(registry.Find(secret + "0").has_value());
  ASSERT_TRUE(adapters::RevokeAccessToken(dir.path(), token.id).has_value());
  EXPECT_FALSE(registry.Find(secret).has_value());
  EXPECT_FALSE(adapters::RevokeAccessToken(dir.path(), "tok-none").has_value());
}

TEST(AccessTokensTest, ScopeMustFitTheRole) {
  EXPECT_FALSE(adapters::CheckTokenScope({ActorRole::kFacilitator, "", ""}).has_value());
  EXPECT_FALSE(adapters::CheckTokenScope({ActorRole::kMember, "", ""}).has_value());
  EXPECT_FALSE(adapters::CheckTokenScope({ActorRole::kAdmin, "CJS-1", ""}).has_value());
  EXPECT_FALSE(adapters::CheckTokenScope({ActorRole::kSystem, "", ""}).has_value());
  EXPECT_TRUE(adapters::CheckTokenScope({ActorRole::kCommittee, "CJS-1", ""}).has_value());
  EXPECT_TRUE(adapters::CheckTokenScope({ActorRole::kMember, "", "Y-0001"}).has_value());
  EXPECT_TRUE(adapters::CheckTokenScope({ActorRole::kAccountant, "", ""}).has_value());
}

TEST(RateLimiterTest, RefusesBeyondTheBurstPerKeyOnly) {
  adapters::RateLimiter limiter(/*rate=*/5);
  for (int i = 0; i < 5; ++i) EXPECT_TRUE(limiter.Allow("a")) << i;
  EXPECT_FALSE(limiter.Allow("a"));
  EXPECT_TRUE(limiter.Allow("b"));
  adapters::RateLimiter unlimited(0);
  for (int i = 0; i < 100; ++i) EXPECT_TRUE(unlimited.Allow("a"));
}

TEST(PercentDecodeTest, DecodesEscapesAndRefusesBadOnes) {
  EXPECT_EQ(adapters::PercentDecode("2025-08-05T18%3A00%3A00Z", true).value(), "2025-08-05T18:00:00Z");
  EXPECT_EQ(adapters::PercentDecode("a+b", true).value(), "a b");
  EXPECT_EQ(adapters::PercentDecode("a+b", false).value(), "a+b");
  EXPECT_FALSE(adapters::PercentDecode("%4", true).has_value());
  EXPECT_FALSE(adapters::PercentDecode("%zz", true).has_value());
}

}  // namespace
}  // namespace coopledger::test
