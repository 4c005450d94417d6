#include "adapters/event_json.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/test_util/random_events.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

// Renders a proposed event the way `append` takes it, from a stored one.
json AsInput(const events::StoredEvent& stored) {
  const json full = StoredEventToJson(stored, nullptr);
  return json{{"stream", full["stream"]},
              {"effective", full["effective"]},
              {"type", full["type"]},
              {"body", full["body"]}};
}

TEST(EventJsonTest, EveryKindRoundTripsThroughJson) {
  const uint64_t seed = test::SeedFromEnvironmentOr(31);
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  for (size_t kind = 0; kind < events::kEventKindCount; ++kind) {
    events::StoredEvent stored;
    stored.stream = "s/" + std::to_string(kind);
    stored.effective = Date::FromYmd(2025, 8, 1).value();
    stored.body = test::RandomBody(kind, rng);
    Result<engine::ProposedEvent> parsed = ProposedEventFromJson(AsInput(stored), nullptr);
    ASSERT_TRUE(parsed.has_value()) << events::KindName(stored.body) << ": "
                                    << parsed.error().ToString();
    EXPECT_EQ(parsed->event.body, stored.body) << events::KindName(stored.body);
    EXPECT_EQ(parsed->event.stream, stored.stream);
    EXPECT_EQ(parsed->expected_version, engine::kAnyVersion);
  }
}

TEST(EventJsonTest, MoneyKeysCarryTheirUnit) {
  events::StoredEvent stored;
  events::WagePaid paid;
  paid.amount = Money::FromCents(22'512);
  stored.body = paid;
  const json rendered = StoredEventToJson(stored, nullptr);
  EXPECT_EQ(rendered["type"], "WagePaid");
  EXPECT_EQ(rendered["body"]["amount_cents"], 22'512);
  EXPECT_FALSE(rendered["body"].contains("amount"));
}

struct BadInput {
  const char* name;
  const char* json_text;
  const char* message;
  ErrorCode code = ErrorCode::kInvalidArgument;
};

class EventJsonRefusalTest : public ::testing::TestWithParam<BadInput> {};

TEST_P(EventJsonRefusalTest, NamesTheFieldAndTheReason) {
  Result<engine::ProposedEvent> parsed =
      ProposedEventFromJson(json::parse(GetParam().json_text), nullptr);
  ASSERT_FALSE(parsed.has_value());
  EXPECT_EQ(parsed.error().code(), GetParam().code);
  EXPECT_EQ(parsed.error().message(), GetParam().message);
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, EventJsonRefusalTest,
    ::testing::Values(
        BadInput{"MissingStream", R"({"effective":"2025-07-03","type":"HoursLogged"})",
                 "stream: required, a string such as \"member/M-0001\""},
        BadInput{"UnknownKind", R"({"stream":"m","effective":"2025-07-03","type":"HoursLoged"})",
                 "type: 'HoursLoged' is not an event kind"},
        BadInput{"TextForAnInteger", R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","body":{"minutes":"90"}})",
                 "body.minutes: expected an integer"},
        BadInput{"UnknownBodyField", R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","body":{"minute":90}})",
                 "body.minute: unknown field"},
        BadInput{"DayMonthYearDate", R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","body":{"day":"03/07/2025"}})",
                 "body.day: '03/07/2025' is not a YYYY-MM-DD date", ErrorCode::kInvalidDate},
        BadInput{"UnknownEnumerant", R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","body":{"internal_task":"nap"}})",
                 "body.internal_task: 'nap' is not one of none, officeDuty, prospecting, training, meeting"},
        BadInput{"FractionalCents", R"({"stream":"m","effective":"2025-07-03","type":"WagePaid","body":{"amount_cents":1.5}})",
                 "body.amount_cents: expected an integer number of cents"},
        BadInput{"NestedLineField", R"({"stream":"m","effective":"2025-07-03","type":"InvoiceValidated","body":{"lines":[{"description":"x"},{"vat_rate_ppm":-1.0}]}})",
                 "body.lines[1].vat_rate_ppm: expected an integer"},
        BadInput{"IntegerOutOfRange", R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","body":{"minutes":3000000000}})",
                 "body.minutes: out of range"},
        BadInput{"NegativeSeq", R"({"stream":"m","effective":"2025-07-03","type":"Reversed","body":{"reversed_seq":-4}})",
                 "body.reversed_seq: must not be negative"},
        BadInput{"ClearDataWithoutSealer", R"({"stream":"m","effective":"2025-07-03","type":"MemberJoined","body":{"personal":{"person_id":"M-1","clear":{"given_name":"Léa"}}}})",
                 "body.personal.clear: personal data cannot be sealed here"},
        BadInput{"UnknownEnvelopeField", R"({"stream":"m","effective":"2025-07-03","type":"HoursLogged","seq":4})",
                 "seq: unknown field"}),
    [](const ::testing::TestParamInfo<BadInput>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace coopledger::adapters
