#include "events/date.h"

#include <cstdio>

namespace coopledger {
namespace {

// Howard Hinnant's days_from_civil / civil_from_days algorithms (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int year;
  int month;
  int day;
};

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const int64_t m = mp + (mp < 10 ? 3 : -9);
  return Ymd{static_cast<int>(yoe + era * 400 + (m <= 2)), static_cast<int>(m),
             static_cast<int>(d)};
}

int DaysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

constexpr int64_t kMicrosPerDay = 86'400'000'000;

// Reads exactly `count` digits at text[*pos]; false if any is not a digit.
bool ReadDigits(std::string_view text, size_t* pos, size_t count, int* out) {
  if (*pos + count > text.size()) return false;
  int value = 0;
  for (size_t i = 0; i < count; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *pos += count;
  *out = value;
  return true;
}

bool Expect(std::string_view text, size_t* pos, char c) {
  if (*pos >= text.size() || text[*pos] != c) return false;
  ++*pos;
  return true;
}

}  // namespace

Result<Date> Date::FromYmd(int year, int month, int day) {
  if (year < kYearMin || year > kYearMax || month < 1 || month > 12 || day < 1 ||
      day > DaysInMonth(year, month)) {
    char text[48];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
    return Error(ErrorCode::kInvalidDate, std::string(text) + " is not a supported calendar date");
  }
  return Date(static_cast<int32_t>(DaysFromCivil(year, month, day)));
}

Result<Date> Date::FromDaysSinceEpoch(int64_t days) {
  if (days < DaysFromCivil(kYearMin, 1, 1) || days > DaysFromCivil(kYearMax, 12, 31)) {
    return Error(ErrorCode::kInvalidDate,
                 "day " + std::to_string(days) + " since 1970-01-01 is outside the supported years");
  }
  return Date(static_cast<int32_t>(days));
}

Result<Date> Date::Parse(std::string_view text) {
  size_t pos = 0;
  int year = 0;
  int month = 0;
  int day = 0;
  if (!ReadDigits(text, &pos, 4, &year) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &month) || !Expect(text, &pos, '-') ||
      !ReadDigits(text, &pos, 2, &day) || pos != text.size()) {
    return Error(ErrorCode::kInvalidDate, "'" + std::string(text) + "' is not a YYYY-MM-DD date");
  }
  return FromYmd(year, month, day);
}

int Date::year() const { return CivilFromDays(days_since_epoch_).year; }
int Date::month() const { return CivilFromDays(days_since_epoch_).month; }
int Date::day() const { return CivilFromDays(days_since_epoch_).day; }
int Date::weekday() const {
  // 1970-01-01 was a Thursday (ISO weekday index 3).
  const int64_t index = (static_cast<int64_t>(days_since_epoch_) + 3) % 7;
  return static_cast<int>(index < 0 ? index + 7 : index);
}
Date Date::AddDays(int32_t days) const { return Date(days_since_epoch_ + days); }

Date Date::FirstOfNextMonth() const {
  return month() == 12 ? FromYmd(year() + 1, 1, 1).value() : FromYmd(year(), month() + 1, 1).value();
}

int Date::AgeOn(Date day) const {
  int age = day.year() - year();
  if (day.month() < month() || (day.month() == month() && day.day() < this->day())) --age;
  return age;
}

std::string Date::ToString() const {
  const Ymd ymd = CivilFromDays(days_since_epoch_);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", ymd.year, ymd.month, ymd.day);
  return text;
}

Result<Date> Timestamp::Day() const {
  int64_t days = micros_ / kMicrosPerDay;
  if (micros_ % kMicrosPerDay < 0) --days;
  return Date::FromDaysSinceEpoch(days);
}

std::string Timestamp::ToString() const {
  int64_t days = micros_ / kMicrosPerDay;
  int64_t rest = micros_ % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  const Ymd ymd = CivilFromDays(days);
  const int64_t seconds = rest / 1'000'000;
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", ymd.year, ymd.month,
                ymd.day, static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                static_cast<int>(seconds % 60), static_cast<int>(rest % 1'000'000));
  return text;
}

Result<Timestamp> Timestamp::Parse(std::string_view text) {
  const std::string_view date_part = text.substr(0, 10);
  COOPLEDGER_ASSIGN_OR_RETURN(const Date date, Date::Parse(date_part));
  int64_t micros = static_cast<int64_t>(date.days_since_epoch()) * kMicrosPerDay;
  if (text.size() == 10) return Timestamp(micros);
  size_t pos = 10;
  int hour = 0;
  int minute = 0;
  int second = 0;
  const auto invalid = [&text]() {
    return Error(ErrorCode::kInvalidDate,
                 "'" + std::string(text) + "' is not an ISO-8601 UTC timestamp (YYYY-MM-DDTHH:MM:SSZ)");
  };
  if (!Expect(text, &pos, 'T') || !ReadDigits(text, &pos, 2, &hour) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &minute) || !Expect(text, &pos, ':') ||
      !ReadDigits(text, &pos, 2, &second) || hour > 23 || minute > 59 || second > 59) {
    return invalid();
  }
  int64_t fraction = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int digits = 0;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
      if (digits == 6) return invalid();
      fraction = fraction * 10 + (text[pos] - '0');
    }
    if (digits == 0) return invalid();
    for (; digits < 6; ++digits) fraction *= 10;
  }
  if (!Expect(text, &pos, 'Z') || pos != text.size()) return invalid();
  micros += ((hour * 60 + minute) * 60 + second) * int64_t{1'000'000} + fraction;
  return Timestamp(micros);
}

}  // namespace coopledger
