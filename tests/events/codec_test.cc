#include "events/codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include "tests/test_util/random_events.h"

namespace coopledger::events {
namespace {

StoredEvent Stamped(Event event, Seq seq) {
  StoredEvent stored;
  stored.seq = seq;
  stored.recorded_at = Timestamp::FromMicros(1'751'500'000'000'000 + static_cast<int64_t>(seq));
  stored.effective = event.effective;
  stored.stream = event.stream;
  stored.stream_version = seq;
  stored.actor = Actor{"facilitator-1", ActorRole::kFacilitator};
  stored.command_id = CommandId{"c-" + std::to_string(seq)};
  for (size_t i = 0; i < stored.prev_hash.size(); ++i) {
    stored.prev_hash[i] = static_cast<uint8_t>(seq + i);
  }
  stored.body = std::move(event.body);
  return stored;
}

TEST(CodecTest, RoundTripsEveryEventKindWithEveryFieldSet) {
  const uint64_t seed = test::SeedFromEnvironmentOr(20250703);
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (size_t kind = 0; kind < kEventKindCount; ++kind) {
    for (int round = 0; round < 20; ++round) {
      Event event{"stream/" + std::to_string(kind), Date::FromYmd(2025, 7, 3).value(),
                  test::RandomBody(kind, rng)};
      const StoredEvent stored = Stamped(std::move(event), 1 + kind);
      const std::string bytes = Encode(stored);
      ASSERT_EQ(bytes.size() % 8, 0u);
      Result<StoredEvent> decoded = Decode(bytes);
      ASSERT_TRUE(decoded.has_value()) << KindName(stored.body) << ": " << decoded.error().ToString();
      ASSERT_EQ(*decoded, stored) << KindName(stored.body);
      // Canonical: encoding the decoded event gives the same bytes.
      ASSERT_EQ(Encode(*decoded), bytes) << KindName(stored.body);
    }
  }
}

TEST(CodecTest, EmptyAndAbsentValuesRoundTrip) {
  MemberJoined joined;  // Every field at its default, contract_end absent.
  const StoredEvent stored = Stamped(Event{"member/M-1", Date(), joined}, 1);
  const StoredEvent decoded = Decode(Encode(stored)).value();
  EXPECT_EQ(decoded, stored);
  EXPECT_FALSE(std::get<MemberJoined>(decoded.body).contract_end.has_value());
}

TEST(CodecTest, KindNamesFollowTheVariantOrder) {
  EXPECT_EQ(KindName(EventBody(CaeConfigured{})), "CaeConfigured");
  EXPECT_EQ(KindName(EventBody(HoursLogged{})), "HoursLogged");
  EXPECT_EQ(KindName(EventBody(Reversed{})), "Reversed");
}

TEST(CodecTest, TruncatedBytesAreCorruptionNeverACrash) {
  std::mt19937_64 rng(7);
  const std::string bytes =
      Encode(Stamped(Event{"s", Date(), test::RandomBody(24 /* PayslipIssued */, rng)}, 9));
  for (size_t size = 0; size < bytes.size(); ++size) {
    Result<StoredEvent> decoded = Decode(std::string_view(bytes).substr(0, size));
    if (decoded.has_value()) continue;  // A prefix may still be a valid, shorter message.
    EXPECT_EQ(decoded.error().code(), ErrorCode::kCorruption) << size;
  }
}

TEST(CodecTest, FlippedBytesDecodeOrFailCleanly) {
  const uint64_t seed = test::SeedFromEnvironmentOr(99);
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (int round = 0; round < 2'000; ++round) {
    std::string bytes = Encode(Stamped(test::RandomEvent(rng, "member/M-1"), 3));
    bytes[rng() % bytes.size()] = static_cast<char>(rng());
    Result<StoredEvent> decoded = Decode(bytes);
    if (!decoded.has_value()) {
      EXPECT_TRUE(decoded.error().code() == ErrorCode::kCorruption ||
                  decoded.error().code() == ErrorCode::kUnsupported)
          << decoded.error().ToString();
    }
  }
}

TEST(CodecTest, DateOutsideTheSupportedYearsIsCorruptionNamingTheField) {
  HoursLogged hours;
  hours.day = Date::FromYmd(2025, 7, 3).value();
  std::string bytes = Encode(Stamped(Event{"member/M-1", hours.day, hours}, 1));
  // Rewrite the envelope's effective day (data word 2 of the root struct, low half) to a huge
  // value: the root pointer is word 0, the data section starts at word 1.
  const int32_t huge = 10'000'000;
  std::memcpy(bytes.data() + 8 + 16, &huge, sizeof huge);
  Result<StoredEvent> decoded = Decode(bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code(), ErrorCode::kCorruption);
  EXPECT_NE(decoded.error().message().find("effective"), std::string::npos)
      << decoded.error().message();
}

TEST(CodecTest, PersonalDataRoundTrips) {
  PersonalData data;
  data.given_name = "Léa";
  data.family_name = "Martin";
  data.birth_date = Date::FromYmd(2008, 3, 14).value();
  data.social_security_number = "2080363113042";
  EXPECT_EQ(DecodePersonalData(EncodePersonalData(data)).value(), data);
  EXPECT_FALSE(DecodePersonalData("not eight").has_value());
}

}  // namespace
}  // namespace coopledger::events

namespace coopledger::events {
namespace {

TEST(CodecTest, TextWithNulBytesRoundTrips) {
  StoredEvent stored;
  stored.seq = 1;
  stored.stream = std::string("member/M-1\0x", 12);
  stored.command_id.value = std::string("cmd\0one", 7);
  stored.body = Reversed{};
  const StoredEvent decoded = Decode(Encode(stored)).value();
  EXPECT_EQ(decoded.stream, stored.stream);
  EXPECT_EQ(decoded.command_id, stored.command_id);
}

TEST(CodecTest, HostileListLengthsAreCorruptionWithoutAllocating) {
  // A few hundred bytes that claim about 844,000 postings (found by the fuzzer).
  const std::string path =
      std::string(COOPLEDGER_SOURCE_ROOT) +
      "/tests/fuzz/crashes/slow-unit-f87dd36f48409469d0c26d148e4a547bf8eef040";
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << path;
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Result<StoredEvent> decoded = Decode(bytes);
  ASSERT_FALSE(decoded.has_value());
  EXPECT_EQ(decoded.error().code(), ErrorCode::kCorruption);
  EXPECT_NE(decoded.error().message().find("elements"), std::string::npos) << decoded.error().message();
}

}  // namespace
}  // namespace coopledger::events
