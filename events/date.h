// Civil dates and UTC instants. A Date is a calendar day, not an instant (Abseil civil time).
#ifndef COOPLEDGER_EVENTS_DATE_H_
#define COOPLEDGER_EVENTS_DATE_H_

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "events/result.h"

namespace coopledger {

constexpr int kYearMin = 1900;
constexpr int kYearMax = 2199;

class Date {
 public:
  // 1970-01-01. Prefer FromYmd: a default Date exists only so that structs can be built.
  constexpr Date() = default;
  // kInvalidDate for impossible days (2025-02-29) or years outside [kYearMin, kYearMax].
  static Result<Date> FromYmd(int year, int month, int day);
  // Days since 1970-01-01; kInvalidDate outside the supported years.
  static Result<Date> FromDaysSinceEpoch(int64_t days);
  // "2025-07-03" strictly; anything else is kInvalidDate naming the text.
  static Result<Date> Parse(std::string_view text);

  constexpr int32_t days_since_epoch() const { return days_since_epoch_; }
  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  // 0 = Monday ... 6 = Sunday (ISO).
  int weekday() const;
  Date AddDays(int32_t days) const;
  // The first day of the next month: a pay month [start, start.FirstOfNextMonth()).
  Date FirstOfNextMonth() const;
  // Age in whole years on `day` of someone born on this date.
  int AgeOn(Date day) const;
  std::string ToString() const;  // "2025-07-03"
  friend constexpr auto operator<=>(Date, Date) = default;
  friend constexpr bool operator==(Date, Date) = default;

 private:
  constexpr explicit Date(int32_t days) : days_since_epoch_(days) {}
  int32_t days_since_epoch_ = 0;
};

// A UTC instant in microseconds since 1970-01-01T00:00:00Z.
class Timestamp {
 public:
  constexpr Timestamp() = default;
  static constexpr Timestamp FromMicros(int64_t micros) { return Timestamp(micros); }
  constexpr int64_t micros() const { return micros_; }
  // The UTC calendar day of this instant; kInvalidDate outside the supported years.
  Result<Date> Day() const;
  // "2025-07-03T08:15:00.000000Z".
  std::string ToString() const;
  // ISO-8601 UTC: "2025-07-03T08:15:00Z", with optional fraction (up to 6 digits); a bare date
  // "2025-07-03" means its midnight UTC. Offsets other than Z are refused.
  static Result<Timestamp> Parse(std::string_view text);
  friend constexpr auto operator<=>(Timestamp, Timestamp) = default;
  friend constexpr bool operator==(Timestamp, Timestamp) = default;

 private:
  constexpr explicit Timestamp(int64_t micros) : micros_(micros) {}
  int64_t micros_ = 0;
};

// Half-open [start, end) range of days, so that consecutive periods tile.
struct DateRange {
  Date start;  // Included.
  Date end;    // Excluded.
  bool Contains(Date day) const { return start <= day && day < end; }
};

}  // namespace coopledger

#endif  // COOPLEDGER_EVENTS_DATE_H_
