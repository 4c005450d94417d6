// Writing DSN lines (DOMAIN section 4, "Line syntax"): values typed as the norm says (D dates
// DDMMYYYY, N numbers with '.' decimals), text in ISO-8859-1 cut to the norm's length.
#ifndef COOPLEDGER_ADAPTERS_DSN_TEXT_H_
#define COOPLEDGER_ADAPTERS_DSN_TEXT_H_

#include <cstdint>
#include <string>

#include "adapters/dsn_norm.h"
#include "events/date.h"

namespace coopledger::adapters {

std::string DateText(Date day);          // "19122025".
std::string AmountText(int64_t cents);   // "-12.05".
// A rate in parts per million as a percentage with 2 to 4 decimals: 69000 -> "6.90", 160 ->
// "0.016".
std::string DsnRateText(int64_t ppm);
std::string HoursText(int64_t minutes);  // Hours with 2 decimals, half up: 9100 -> "151.67".

struct Address {
  std::string street;
  std::string postal_code;
  std::string city;
};

// "12 rue Blatin, 63000 Clermont-Ferrand": the street, then the postal code and the city after
// the last comma. Anything else is all street.
Address SplitAddress(const std::string& text);

// UTF-8 text as ISO-8859-1; characters outside it are transliterated ("oe", "EUR", "'", "-") or
// become '?'.
std::string ToLatin1(const std::string& utf8);

// The lines of a DSN being written, counted for S90.
class DsnWriter {
 public:
  // `norm` must outlive the writer.
  explicit DsnWriter(const DsnNorm& norm) : norm_(norm) {}
  // Writes `rubric,'value'`; an empty value, or a rubric the year's norm does not have, writes
  // nothing. Text is converted to ISO-8859-1 and cut to the norm's length.
  void Put(const std::string& rubric, const std::string& value);
  void Append(const DsnWriter& other) {
    text_ += other.text_;
    lines_ += other.lines_;
  }
  int64_t lines() const { return lines_; }
  const std::string& text() const { return text_; }

 private:
  const DsnNorm& norm_;
  std::string text_;
  int64_t lines_ = 0;
};

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_TEXT_H_
