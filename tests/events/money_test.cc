#include "events/money.h"

#include <gtest/gtest.h>

#include <limits>

namespace coopledger {
namespace {

TEST(MoneyTest, PrintsTwoDecimalsWithADot) {
  EXPECT_EQ(Money::FromCents(123450).ToString(), "1234.50");
  EXPECT_EQ(Money::FromCents(-7).ToString(), "-0.07");
  EXPECT_EQ(Money::FromCents(0).ToString(), "0.00");
  EXPECT_EQ(Money::FromCents(std::numeric_limits<int64_t>::min()).ToString(),
            "-92233720368547758.08");
}

TEST(MoneyTest, ParsesDotOrCommaDecimals) {
  EXPECT_EQ(Money::Parse("12").value(), Money::FromCents(1200));
  EXPECT_EQ(Money::Parse("12.5").value(), Money::FromCents(1250));
  EXPECT_EQ(Money::Parse("-3,07").value(), Money::FromCents(-307));
  EXPECT_EQ(Money::Parse("+0.01").value(), Money::FromCents(1));
}

TEST(MoneyTest, RefusesMalformedAmountsNamingTheText) {
  for (const char* text : {"", "-", "12.345", "1e3", "12.", ".5", "12,5,0", "abc", "1 000"}) {
    Result<Money> parsed = Money::Parse(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_EQ(parsed.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message().find(std::string("'") + text + "'"), std::string::npos);
  }
}

TEST(MoneyTest, RefusesAmountsAboveOneBillionEuros) {
  EXPECT_TRUE(Money::Parse("1000000000.00").has_value());
  EXPECT_FALSE(Money::Parse("1000000000.01").has_value());
  EXPECT_FALSE(Money::Parse("99999999999999999999").has_value());
}

TEST(MoneyTest, CheckedAddReportsOverflow) {
  EXPECT_EQ(CheckedAdd(Money::FromCents(1), Money::FromCents(2)).value(), Money::FromCents(3));
  Result<Money> overflow =
      CheckedAdd(Money::FromCents(std::numeric_limits<int64_t>::max()), Money::FromCents(1));
  ASSERT_FALSE(overflow.has_value());
  EXPECT_EQ(overflow.error().code(), ErrorCode::kAmountOverflow);
}

}  // namespace
}  // namespace coopledger

namespace coopledger {
namespace {

TEST(MulDivRoundHalfUpTest, RoundsHalvesAwayFromZero) {
  EXPECT_EQ(MulDivRoundHalfUp(1, 5, 10).value(), 1);     // 0.5 -> 1.
  EXPECT_EQ(MulDivRoundHalfUp(1, 4, 10).value(), 0);     // 0.4 -> 0.
  EXPECT_EQ(MulDivRoundHalfUp(-1, 5, 10).value(), -1);   // -0.5 -> -1.
  EXPECT_EQ(MulDivRoundHalfUp(12'345, 200'000, 1'000'000).value(), 2'469);  // 20 % of 123.45.
  EXPECT_EQ(MulDivRoundHalfUp(INT64_MAX, 2, 2).value(), INT64_MAX);  // No intermediate overflow.
  EXPECT_EQ(MulDivRoundHalfUp(INT64_MAX, 2, 1).error().code(), ErrorCode::kAmountOverflow);
}

}  // namespace
}  // namespace coopledger
