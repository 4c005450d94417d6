#include "adapters/csv_fields.h"

#include <optional>

namespace coopledger::adapters {
namespace {

constexpr std::string_view kEuroSign = "\xE2\x82\xAC";
// Spaces that spreadsheets put between groups of digits: space, no-break space (U+00A0) and
// narrow no-break space (U+202F, French number format).
constexpr std::string_view kGroupingSpaces[] = {" ", "\xC2\xA0", "\xE2\x80\xAF"};

std::string_view Trim(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

Error Invalid(std::string_view text, const std::string& reason) {
  return Error(ErrorCode::kInvalidArgument, "'" + std::string(text) + "' " + reason);
}

// `text` as a number when it is `min_digits` to `max_digits` ASCII digits and nothing else.
std::optional<int32_t> Digits(std::string_view text, size_t min_digits, size_t max_digits) {
  if (text.size() < min_digits || text.size() > max_digits) return std::nullopt;
  int32_t value = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

// The length of the UTF-8 sequence led by `lead`, 0 if it cannot lead one.
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) return 2;
  if (lead >= 0xE0 && lead <= 0xEF) return 3;
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  return 0;
}

// Hours and minutes "3:30", "3h30", "3h" as minutes; nullopt if `text` has another form.
std::optional<int32_t> HoursAndMinutes(std::string_view text, int32_t hours_max) {
  const size_t mark = text.find_first_of(":hH");
  if (mark == std::string_view::npos) return std::nullopt;
  const std::optional<int32_t> hours = Digits(text.substr(0, mark), 1, 2);
  const std::string_view minutes_text = text.substr(mark + 1);
  const bool minutes_optional = text[mark] != ':';
  std::optional<int32_t> minutes = Digits(minutes_text, 2, 2);
  if (minutes_optional && minutes_text.empty()) minutes = 0;
  if (!hours || !minutes || *hours > hours_max || *minutes >= 60) return std::nullopt;
  return *hours * 60 + *minutes;
}

// Decimal hours "3,5", "3.5", "3" as minutes; nullopt if not a whole number of minutes.
std::optional<int32_t> DecimalHours(std::string_view text) {
  const size_t mark = text.find_first_of(".,");
  const std::optional<int32_t> hours = Digits(text.substr(0, mark), 1, 2);
  if (!hours) return std::nullopt;
  if (mark == std::string_view::npos) return *hours * 60;
  const std::string_view fraction_text = text.substr(mark + 1);
  const std::optional<int32_t> fraction = Digits(fraction_text, 1, 4);
  if (!fraction) return std::nullopt;
  int32_t scale = 1;
  for (size_t i = 0; i < fraction_text.size(); ++i) scale *= 10;
  const int32_t fraction_minutes_scaled = *fraction * 60;  // At most 599,940: no overflow.
  if (fraction_minutes_scaled % scale != 0) return std::nullopt;
  return *hours * 60 + fraction_minutes_scaled / scale;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const size_t length = SequenceLength(lead);
    if (length == 0 || i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return false;
    }
    if (length > 1) {
      const auto second = static_cast<unsigned char>(text[i + 1]);
      if (lead == 0xE0 && second < 0xA0) return false;  // Overlong.
      if (lead == 0xED && second > 0x9F) return false;  // UTF-16 surrogate.
      if (lead == 0xF0 && second < 0x90) return false;  // Overlong.
      if (lead == 0xF4 && second > 0x8F) return false;  // Above U+10FFFF.
    }
    i += length;
  }
  return true;
}

Result<Money> ParseEuros(std::string_view text) {
  std::string_view rest = Trim(text);
  if (rest.size() >= kEuroSign.size() && rest.substr(rest.size() - kEuroSign.size()) == kEuroSign) {
    rest = Trim(rest.substr(0, rest.size() - kEuroSign.size()));
  }
  std::string digits;
  for (size_t i = 0; i < rest.size();) {
    bool grouping = false;
    for (const std::string_view space : kGroupingSpaces) {
      if (rest.substr(i, space.size()) == space) {
        i += space.size();
        grouping = true;
        break;
      }
    }
    if (!grouping) digits += rest[i++];
  }
  Result<Money> money = Money::Parse(digits);
  if (money) return money;
  const std::string& why = money.error().message();
  const size_t reason = why.find("': ");
  return Invalid(text, "is not an amount in euros (12,50 or 12.50)" +
                           (reason == std::string::npos ? "" : ": " + why.substr(reason + 3)));
}

Result<Date> ParseCsvDate(std::string_view text) {
  std::optional<int32_t> year;
  std::optional<int32_t> month;
  std::optional<int32_t> day;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    year = Digits(text.substr(0, 4), 4, 4);
    month = Digits(text.substr(5, 2), 2, 2);
    day = Digits(text.substr(8, 2), 2, 2);
  } else if (const size_t first = text.find('/'); first != std::string_view::npos) {
    const size_t second = text.find('/', first + 1);
    if (second != std::string_view::npos) {
      day = Digits(text.substr(0, first), 1, 2);
      month = Digits(text.substr(first + 1, second - first - 1), 1, 2);
      year = Digits(text.substr(second + 1), 4, 4);
    }
  }
  if (!year || !month || !day) {
    return Error(ErrorCode::kInvalidDate,
                 "'" + std::string(text) + "' is not a date (YYYY-MM-DD or DD/MM/YYYY)");
  }
  Result<Date> date = Date::FromYmd(*year, *month, *day);
  if (!date) {
    return Error(ErrorCode::kInvalidDate,
                 "'" + std::string(text) + "' is not a calendar date between " +
                     std::to_string(kYearMin) + " and " + std::to_string(kYearMax));
  }
  return date;
}

Result<int32_t> ParseTimeOfDay(std::string_view text) {
  const std::optional<int32_t> minute = HoursAndMinutes(Trim(text), /*hours_max=*/23);
  if (!minute) return Invalid(text, "is not a time of day (09:00, 9:00 or 9h00)");
  return *minute;
}

Result<int32_t> ParseDuration(std::string_view text) {
  const std::string_view trimmed = Trim(text);
  std::optional<int32_t> minutes = HoursAndMinutes(trimmed, /*hours_max=*/24);
  if (!minutes && trimmed.find_first_of(":hH") == std::string_view::npos) {
    minutes = DecimalHours(trimmed);
  }
  if (!minutes) {
    return Invalid(text, "is not a duration in whole minutes (3,5 or 3.5 hours, or 3:30)");
  }
  if (*minutes <= 0 || *minutes > 24 * 60) {
    return Invalid(text, "is not a duration of more than 0 and at most 24 hours");
  }
  return *minutes;
}

Result<bool> ParseFlag(std::string_view text) {
  std::string lower;
  for (const char c : Trim(text))
    lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower.empty() || lower == "false" || lower == "no" || lower == "non" || lower == "0") {
    return false;
  }
  if (lower == "true" || lower == "yes" || lower == "oui" || lower == "1") return true;
  return Invalid(text, "is not yes or no (true/false, yes/no, oui/non, 1/0)");
}

Result<int32_t> ParseCount(std::string_view text) {
  const std::optional<int32_t> count = Digits(Trim(text), 1, 7);
  if (!count || *count > 1'000'000) return Invalid(text, "is not a whole number from 0 to 1000000");
  return *count;
}

Result<std::vector<events::Allocation>> ParseAllocations(std::string_view text) {
  std::vector<events::Allocation> allocations;
  if (Trim(text).empty()) return allocations;
  size_t from = 0;
  for (int item = 1;; ++item) {
    const size_t bar = text.find('|', from);
    const std::string_view part =
        Trim(text.substr(from, bar == std::string_view::npos ? bar : bar - from));
    const std::string where = "item " + std::to_string(item) + " '" + std::string(part) + "': ";
    const size_t colon = part.rfind(':');
    if (colon == std::string_view::npos || Trim(part.substr(0, colon)).empty()) {
      return Error(ErrorCode::kInvalidArgument,
                   where + "expected INVOICE_NUMBER:AMOUNT, items separated by '|'");
    }
    Result<Money> amount = ParseEuros(part.substr(colon + 1));
    if (!amount) return amount.error().WithContext(where);
    allocations.push_back(events::Allocation{
        events::DocumentNumber{std::string(Trim(part.substr(0, colon)))}, *amount});
    if (bar == std::string_view::npos) return allocations;
    from = bar + 1;
  }
}

}  // namespace coopledger::adapters
