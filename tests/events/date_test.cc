#include "events/date.h"

#include <gtest/gtest.h>

namespace coopledger {
namespace {

TEST(DateTest, RoundTripsEveryDayOfTheSupportedRange) {
  const Date first = Date::FromYmd(kYearMin, 1, 1).value();
  const Date last = Date::FromYmd(kYearMax, 12, 31).value();
  for (Date day = first; day <= last; day = day.AddDays(1)) {
    const Date again = Date::FromYmd(day.year(), day.month(), day.day()).value();
    ASSERT_EQ(again, day) << day.ToString();
    ASSERT_EQ(Date::Parse(day.ToString()).value(), day);
  }
}

TEST(DateTest, KnowsLeapYears) {
  EXPECT_TRUE(Date::FromYmd(2024, 2, 29).has_value());
  EXPECT_FALSE(Date::FromYmd(2025, 2, 29).has_value());
  EXPECT_FALSE(Date::FromYmd(2100, 2, 29).has_value());
  EXPECT_TRUE(Date::FromYmd(2000, 2, 29).has_value());
  EXPECT_EQ(Date::FromYmd(2025, 2, 29).error().code(), ErrorCode::kInvalidDate);
}

TEST(DateTest, RefusesAnythingButYyyyMmDd) {
  for (const char* text : {"2025-7-3", "03/07/2025", "2025-07-03T00:00:00Z", "", "2025-00-10",
                           "2025-07-32", "1899-12-31", "2200-01-01"}) {
    EXPECT_FALSE(Date::Parse(text).has_value()) << text;
  }
}

TEST(DateTest, WeekdayIsIso) {
  EXPECT_EQ(Date::FromYmd(2025, 7, 14).value().weekday(), 0);  // A Monday.
  EXPECT_EQ(Date::FromYmd(1970, 1, 1).value().weekday(), 3);   // A Thursday.
  EXPECT_EQ(Date::FromYmd(1969, 12, 28).value().weekday(), 6);  // A Sunday.
}

TEST(DateRangeTest, IsHalfOpen) {
  const DateRange july{Date::FromYmd(2025, 7, 1).value(), Date::FromYmd(2025, 8, 1).value()};
  EXPECT_TRUE(july.Contains(Date::FromYmd(2025, 7, 31).value()));
  EXPECT_FALSE(july.Contains(Date::FromYmd(2025, 8, 1).value()));
  EXPECT_FALSE(july.Contains(Date::FromYmd(2025, 6, 30).value()));
}

TEST(TimestampTest, ParsesIsoUtcAndPrintsMicroseconds) {
  EXPECT_EQ(Timestamp::Parse("2025-07-03T08:15:00Z").value().ToString(),
            "2025-07-03T08:15:00.000000Z");
  EXPECT_EQ(Timestamp::Parse("2025-07-03T08:15:00.25Z").value().ToString(),
            "2025-07-03T08:15:00.250000Z");
  EXPECT_EQ(Timestamp::Parse("2025-07-03").value().ToString(), "2025-07-03T00:00:00.000000Z");
  EXPECT_EQ(Timestamp::FromMicros(-1).ToString(), "1969-12-31T23:59:59.999999Z");
}

TEST(TimestampTest, RefusesOffsetsAndMalformedTimes) {
  for (const char* text : {"2025-07-03T08:15:00+02:00", "2025-07-03T24:00:00Z",
                           "2025-07-03T08:15Z", "2025-07-03 08:15:00Z", "2025-07-03T08:15:00.Z",
                           "2025-07-03T08:15:00.1234567Z"}) {
    EXPECT_FALSE(Timestamp::Parse(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace coopledger
