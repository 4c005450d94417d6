// Values of CSV fields as spreadsheets write them, French ones included. Each parser returns
// kInvalidArgument (kInvalidDate for dates) with a reason that quotes the text and shows the
// accepted forms; the caller prefixes the line and column.
#ifndef COOPLEDGER_ADAPTERS_CSV_FIELDS_H_
#define COOPLEDGER_ADAPTERS_CSV_FIELDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "events/values.h"

namespace coopledger::adapters {

// True when `text` is well-formed UTF-8 (no overlong forms, no surrogates).
bool IsValidUtf8(std::string_view text);

// Euros to cents: "12,50", "12.50", "-3,07", "1 234,50" (grouping with spaces, no-break spaces
// or narrow no-break spaces) and an optional trailing euro sign. At most two decimals.
Result<Money> ParseEuros(std::string_view text);

// "2025-07-03" or the French "03/07/2025" (day and month may have one digit).
Result<Date> ParseCsvDate(std::string_view text);

// A time of day as minutes after midnight, 0 to 1439: "09:00", "9:00", "9h00", "9h".
Result<int32_t> ParseTimeOfDay(std::string_view text);

// A duration as minutes, 1 to 1440: decimal hours "3,5", "3.5", "3" or hours and minutes "3:30",
// "3h30". Decimal hours must make whole minutes ("0,1" is 6 minutes; "0,01" is refused).
Result<int32_t> ParseDuration(std::string_view text);

// A yes/no flag: blank, "false", "no", "non", "0" / "true", "yes", "oui", "1"; any case.
Result<bool> ParseFlag(std::string_view text);

// A non-negative whole number up to 1,000,000: "30".
Result<int32_t> ParseCount(std::string_view text);

// Payment allocations "2025-0001:120,00|2025-0002:30,00": items separated by '|', each an
// invoice number and an amount in euros separated by the last ':'. Blank is no allocation.
Result<std::vector<events::Allocation>> ParseAllocations(std::string_view text);

// An enumerator by its schema name ("bankTransfer"), never "unset".
template <typename Enum>
Result<Enum> ParseEnumName(std::string_view text) {
  const auto& names = events::EnumNames<Enum>::kNames;
  std::string accepted;
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i] == text) return static_cast<Enum>(i);
    accepted += (i == 1 ? "" : ", ") + std::string(names[i]);
  }
  return Error(ErrorCode::kInvalidArgument,
               "'" + std::string(text) + "' is not one of " + accepted);
}

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_CSV_FIELDS_H_
