#include "events/codec.h"

#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <random>

#include "engine/hash_chain.h"
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

// The expected bytes below were written by the codec before it wrote the wire format itself
// (through Cap'n Proto's dynamic API and capnp::canonicalize). The hash chain covers them: they
// must never change.

TEST(CodecTest, EmptyBodyAndActorKeepTheirEarlierBytes) {
  StoredEvent empty;  // An empty struct is a pointer of offset -1 and takes no word.
  empty.schema_version = 0;
  empty.body = AccountingPeriodClosed{};
  EXPECT_EQ(engine::ToHex(Encode(empty)),
            "0000000003000500000000000000000000000000000000000000000000001e000000000000000000"
            "fcffffff0000000000000000000000000000000000000000fcffffff00000000");
}

TEST(CodecTest, DataFieldsKeepTheirEarlierBytes) {
  HoursLogged hours;  // A bool, an enum and an optional date stored XOR its default.
  hours.member_id.value = "M-0007";
  hours.internal_task = InternalTask::kTraining;
  hours.day = Date::FromYmd(2025, 7, 3).value();
  hours.start_minute = 540;
  hours.minutes = 90;
  hours.volunteer = true;
  hours.booked_on = Date::FromYmd(2025, 8, 1).value();
  const Event event{"member/M-0007", hours.day, hours};
  EXPECT_EQ(engine::ToHex(Encode(Stamped(event, 42))),
            "00000000040005002a000000000000002af852dffa380600304f000001000e002a00000000000000"
            "11000000720000001400000001000100210000002a00000021000000020100002c00000003000100"
            "6d656d6265722f4d2d3030303700000003000000000000000100000072000000666163696c697461"
            "746f722d31000000632d3432000000002a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041"
            "424344454647484904000100304f00001c0200005a0000004d4f008000000000010000003a000000"
            "4d2d303030370000");
  EXPECT_EQ(engine::ToHex(EncodeProposed(event, Actor{"admin", ActorRole::kAdmin})),
            "000000000300050000000000000000000000000000000000304f000000000e001100000072000000"
            "14000000010001000000000000000000000000000000000014000000030001006d656d6265722f4d"
            "2d303030370000000100000000000000010000003200000061646d696e00000004000100304f0000"
            "1c0200005a0000004d4f008000000000010000003a0000004d2d303030370000");
}

TEST(CodecTest, ListsKeepTheirEarlierBytes) {
  InvoiceDrafted draft;  // An empty text element; struct elements truncated to different sizes.
  draft.draft_id = "D-1";
  draft.job_ids = {JobId{""}, JobId{"J-1"}};
  draft.lines.resize(3);
  draft.lines[1].description = "x";
  draft.lines[2].quantity_milli = 1500;
  EXPECT_EQ(engine::ToHex(Encode(Stamped(Event{"invoice/D-1", Date(), draft}, 7))),
            "0000000004000500070000000000000007f852dffa38060000000000010024000700000000000000"
            "11000000620000001400000001000100210000002200000021000000020100002c00000000000500"
            "696e766f6963652f442d31000000000003000000000000000100000072000000666163696c697461"
            "746f722d31000000632d3700000000000708090a0b0c0d0e0f101112131415161718191a1b1c1d1e"
            "1f202122232425261100000022000000000000000000000000000000000000000900000016000000"
            "1500000037000000442d310000000000050000000a00000005000000220000000000000000000000"
            "4a2d3100000000000c00000001000100000000000000000000000000000000000000000000000000"
            "0900000012000000dc0500000000000000000000000000007800000000000000");
}

TEST(CodecTest, PersonalDataKeepsItsEarlierBytes) {
  PersonalData data;  // No birth date, a NUL inside a text.
  data.family_name = "Martin";
  data.phone = std::string("0\0" "6", 3);
  EXPECT_EQ(engine::ToHex(EncodePersonalData(data)),
            "00000000000006000000000000000000110000003a00000000000000000000000000000000000000"
            "000000000000000005000000220000004d617274696e00003000360000000000");
}

TEST(CodecTest, RandomEventsOfEveryKindKeepTheirEarlierBytes) {
  // The events of RoundTripsEveryEventKindWithEveryFieldSet, with its fixed seed.
  std::mt19937_64 rng(20250703);
  std::string all;
  for (size_t kind = 0; kind < kEventKindCount; ++kind) {
    for (int round = 0; round < 20; ++round) {
      Event event{"stream/" + std::to_string(kind), Date::FromYmd(2025, 7, 3).value(),
                  test::RandomBody(kind, rng)};
      all += Encode(Stamped(std::move(event), 1 + kind));
    }
  }
  // PayslipIssued, then CaeConfigured (the bodies the DSN names) gained fields (added at the end
  // of their structs, so their earlier encodings decode unchanged): the random events fill them,
  // hence this digest since then.
  EXPECT_EQ(engine::ToHex(engine::Sha256(all)),
            "f74d2055a94496358884b18531061a8d6c40a1bc1fd2fa8dbe4ccfec2b441010");
}

TEST(CodecTest, AnEncodedBodyServesBothEnvelopes) {
  std::mt19937_64 rng(5);
  for (size_t kind = 0; kind < kEventKindCount; ++kind) {
    const Event event{"stream/" + std::to_string(kind), Date::FromYmd(2025, 7, 3).value(),
                      test::RandomBody(kind, rng)};
    const EncodedBody body = EncodeBody(event.body);
    const StoredEvent stored = Stamped(event, 1 + kind);
    StoredEvent envelope = stored;
    envelope.body = Reversed{};  // Not read.
    EXPECT_EQ(Encode(envelope, body), Encode(stored)) << KindName(event.body);
    const Actor actor{"admin", ActorRole::kAdmin};
    EXPECT_EQ(EncodeProposed(Event{event.stream, event.effective, Reversed{}}, actor, body),
              EncodeProposed(event, actor))
        << KindName(event.body);
  }
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
