#include "adapters/fec_fields.h"

#include <cstdio>

#include "events/money.h"

namespace coopledger::adapters {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

Error AmountError(std::string_view text, std::string_view reason) {
  return Error(ErrorCode::kInvalidArgument,
               QuoteForMessage(text) + " is not an FEC amount: " + std::string(reason));
}

// Why `body` (the text after the sign) is not digits with an optional decimal comma.
std::string_view AmountReason(std::string_view body) {
  if (!body.empty() && (body.front() == ' ' || body.back() == ' ')) return "spaces are not allowed";
  const size_t comma = body.find(',');
  const size_t dot = body.find('.');
  if (dot != std::string_view::npos && comma == std::string_view::npos &&
      body.find('.', dot + 1) == std::string_view::npos && body.size() - dot - 1 <= 2) {
    return "the decimal separator must be a comma";
  }
  for (const char c : body) {
    // '.', ' ', '\'' and a latin-9 no-break space (0xA0) group thousands.
    if (c == '.' || c == ' ' || c == '\'' || c == '\xA0')
      return "no thousands separator is allowed";
  }
  return "only a sign, digits and one decimal comma are allowed";
}

}  // namespace

Result<int64_t> ParseFecAmount(std::string_view text) {
  if (text.empty()) return AmountError(text, "it is empty");
  std::string_view body = text;
  const bool negative = body.front() == '-';
  if (body.front() == '-' || body.front() == '+') body.remove_prefix(1);
  const size_t comma = body.find(',');
  const std::string_view units = body.substr(0, comma);
  const std::string_view decimals =
      comma == std::string_view::npos ? std::string_view() : body.substr(comma + 1);
  for (const std::string_view part : {units, decimals}) {
    for (const char c : part) {
      if (!IsDigit(c)) return AmountError(text, AmountReason(body));
    }
  }
  if (units.empty()) return AmountError(text, "digits must come before the decimal comma");
  if (comma != std::string_view::npos && decimals.empty()) {
    return AmountError(text, "a digit must follow the decimal comma");
  }
  if (decimals.size() > 2) return AmountError(text, "at most 2 decimals are allowed");
  int64_t cents = 0;
  for (const char c : units) {
    cents = cents * 10 + (c - '0');
    if (cents > kAmountCentsMax / 100) {
      return AmountError(text, "it exceeds " + FecAmountText(kAmountCentsMax));
    }
  }
  cents *= 100;
  if (!decimals.empty()) cents += (decimals[0] - '0') * 10;
  if (decimals.size() == 2) cents += decimals[1] - '0';
  if (cents > kAmountCentsMax)
    return AmountError(text, "it exceeds " + FecAmountText(kAmountCentsMax));
  return negative ? -cents : cents;
}

Result<Date> ParseFecDate(std::string_view text) {
  int digits[8];
  bool ok = text.size() == 8;
  for (size_t i = 0; ok && i < 8; ++i) {
    ok = IsDigit(text[i]);
    if (ok) digits[i] = text[i] - '0';
  }
  if (!ok) {
    return Error(ErrorCode::kInvalidDate,
                 QuoteForMessage(text) + " is not a date: expected 8 digits AAAAMMJJ");
  }
  const int year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3];
  const int month = digits[4] * 10 + digits[5];
  const int day = digits[6] * 10 + digits[7];
  if (year < kFecYearMin || year > kFecYearMax) {
    return Error(ErrorCode::kInvalidDate,
                 QuoteForMessage(text) + ": the year must be between 1900 and 2099");
  }
  Result<Date> date = Date::FromYmd(year, month, day);
  if (!date) {
    return Error(ErrorCode::kInvalidDate, QuoteForMessage(text) + " is not a calendar date");
  }
  return date;
}

std::optional<FecEntryNumber> ParseFecEntryNumber(std::string_view text) {
  size_t digits_start = text.size();
  while (digits_start > 0 && IsDigit(text[digits_start - 1])) --digits_start;
  if (digits_start == text.size()) return std::nullopt;
  for (const char c : text.substr(0, digits_start)) {
    const bool allowed =
        IsDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '-';
    if (!allowed) return std::nullopt;
  }
  std::string_view digits = text.substr(digits_start);
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.size() > 18) return std::nullopt;  // 10^18 - 1 fits int64.
  FecEntryNumber number{text.substr(0, digits_start), 0};
  for (const char c : digits) number.value = number.value * 10 + (c - '0');
  return number;
}

bool HasNonAscii(std::string_view bytes) {
  for (const char c : bytes) {
    if (static_cast<unsigned char>(c) >= 0x80) return true;
  }
  return false;
}

std::optional<unsigned char> FindControlByte(std::string_view bytes) {
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 && c != '\t' && c != '\r') return byte;
  }
  return std::nullopt;
}

std::string QuoteForMessage(std::string_view text) {
  constexpr size_t kQuotedBytesMax = 40;
  std::string quoted = "\"";
  for (size_t i = 0; i < text.size() && i < kQuotedBytesMax; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7F && byte != '"' && byte != '\\') {
      quoted += text[i];
    } else {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
      quoted += escaped;
    }
  }
  if (text.size() > kQuotedBytesMax) quoted += "...";
  return quoted + "\"";
}

std::string FecAmountText(int64_t cents) {
  const bool negative = cents < 0;
  // Magnitude as unsigned, so that INT64_MIN does not overflow.
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  char text[32];
  std::snprintf(text, sizeof text, "%s%llu,%02llu", negative ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return text;
}

}  // namespace coopledger::adapters
