#include "events/money.h"

#include <cstdlib>

namespace coopledger {

std::string Money::ToString() const {
  // Work on the unsigned magnitude so that INT64_MIN prints without overflow.
  const bool negative = cents_ < 0;
  const uint64_t magnitude =
      negative ? uint64_t{0} - static_cast<uint64_t>(cents_) : static_cast<uint64_t>(cents_);
  std::string text = negative ? "-" : "";
  text += std::to_string(magnitude / 100);
  text += '.';
  const uint64_t fraction = magnitude % 100;
  text += static_cast<char>('0' + fraction / 10);
  text += static_cast<char>('0' + fraction % 10);
  return text;
}

Result<Money> Money::Parse(std::string_view text) {
  const std::string original(text);
  auto invalid = [&original](const char* reason) {
    return Error(ErrorCode::kInvalidArgument, "amount '" + original + "': " + reason);
  };
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (text.empty()) return invalid("no digits");
  int64_t units = 0;
  size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    if (units > kAmountCentsMax / 100) return invalid("too large");
    units = units * 10 + (text[i] - '0');
  }
  if (i == 0) return invalid("must start with a digit");
  int64_t fraction = 0;
  if (i < text.size()) {
    if (text[i] != '.' && text[i] != ',') return invalid("unexpected character");
    ++i;
    int digits = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
      if (digits == 2) return invalid("more than two decimals");
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (digits == 0) return invalid("no digit after the decimal separator");
    if (digits == 1) fraction *= 10;
    if (i != text.size()) return invalid("unexpected character");
  }
  const int64_t cents = units * 100 + fraction;
  if (cents > kAmountCentsMax) return invalid("larger than one billion euros");
  return Money::FromCents(negative ? -cents : cents);
}

Result<Money> CheckedAdd(Money a, Money b) {
  int64_t sum = 0;
  if (__builtin_add_overflow(a.cents(), b.cents(), &sum)) {
    return Error(ErrorCode::kAmountOverflow,
                 "sum of " + a.ToString() + " and " + b.ToString() + " overflows");
  }
  return Money::FromCents(sum);
}

Result<int64_t> MulDivRoundHalfUp(int64_t a, int64_t b, int64_t denominator) {
  COOPLEDGER_ASSERT(denominator > 0);
  const __int128 product = static_cast<__int128>(a) * b;
  const __int128 magnitude = product < 0 ? -product : product;
  const __int128 rounded = (magnitude + denominator / 2) / denominator;
  const __int128 result = product < 0 ? -rounded : rounded;
  if (result > std::numeric_limits<int64_t>::max() || result < std::numeric_limits<int64_t>::min()) {
    return Error(ErrorCode::kAmountOverflow, "product " + std::to_string(a) + " x " +
                                                 std::to_string(b) + " overflows");
  }
  return static_cast<int64_t>(result);
}

}  // namespace coopledger
