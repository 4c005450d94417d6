// Money: a strong type over int64 cents. No double constructor, no implicit conversion.
#ifndef COOPLEDGER_EVENTS_MONEY_H_
#define COOPLEDGER_EVENTS_MONEY_H_

#include <compare>
#include <cstdint>
#include <limits>
#include <string>

#include "events/result.h"

namespace coopledger {

// One billion euros: the largest amount a single posting or line may carry.
constexpr int64_t kAmountCentsMax = 1'000'000'000'00;
constexpr int32_t kEntryPostingsMax = 1'000;
static_assert(kAmountCentsMax <= std::numeric_limits<int64_t>::max() / kEntryPostingsMax,
              "the total of one entry cannot overflow int64 cents");

class Money {
 public:
  constexpr Money() = default;
  static constexpr Money FromCents(int64_t cents) { return Money(cents); }
  static constexpr Money Zero() { return Money(0); }
  constexpr int64_t cents() const { return cents_; }
  friend constexpr auto operator<=>(Money, Money) = default;
  friend constexpr bool operator==(Money, Money) = default;

  // "1234.50" / "-0.07": dot decimal, two decimals, no grouping.
  std::string ToString() const;
  // Parses "12", "12.5", "12.50", "-3,07" (decimal comma accepted). At most two decimals and
  // |amount| <= kAmountCentsMax; anything else is kInvalidArgument.
  static Result<Money> Parse(std::string_view text);

 private:
  constexpr explicit Money(int64_t cents) : cents_(cents) {}
  int64_t cents_ = 0;
};

// a + b, or kAmountOverflow when the sum leaves the int64 range.
Result<Money> CheckedAdd(Money a, Money b);

// a x b / denominator rounded half away from zero ("half-up" on magnitudes, as French payroll
// and VAT round), computed without intermediate overflow. kAmountOverflow if the result leaves
// int64. REQUIRES: denominator > 0.
Result<int64_t> MulDivRoundHalfUp(int64_t a, int64_t b, int64_t denominator);

}  // namespace coopledger

#endif  // COOPLEDGER_EVENTS_MONEY_H_
