// Parsers for the fields of an FEC (Fichier des Ecritures Comptables, LPF A47 A-1): amounts,
// AAAAMMJJ dates, entry numbers, and byte-level checks. Used by adapters/fec_check.cc.
#ifndef COOPLEDGER_ADAPTERS_FEC_FIELDS_H_
#define COOPLEDGER_ADAPTERS_FEC_FIELDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "events/date.h"
#include "events/result.h"

namespace coopledger::adapters {

// Years the DGFiP's tester accepts in FEC dates.
inline constexpr int kFecYearMin = 1900;
inline constexpr int kFecYearMax = 2099;

// An FEC amount in cents: optional sign, digits, optional decimal comma followed by one or two
// digits ("1200", "-3,5", "+0,07"), no thousands separator, |amount| <= kAmountCentsMax. Any
// other text is kInvalidArgument whose message gives the reason ("the decimal separator must be
// a comma").
Result<int64_t> ParseFecAmount(std::string_view text);

// A date written AAAAMMJJ, a real calendar day in [kFecYearMin, kFecYearMax]; kInvalidDate with
// the reason otherwise.
Result<Date> ParseFecDate(std::string_view text);

// An EcritureNum read as `^[A-Za-z0-9_-]*?[0-9]+$`: a prefix (possibly empty) and the integer of
// its trailing digits, "VT000012" -> {"VT", 12}. std::nullopt when the text does not match or the
// integer has more than 18 significant digits.
struct FecEntryNumber {
  std::string_view prefix;
  int64_t value = 0;
};
std::optional<FecEntryNumber> ParseFecEntryNumber(std::string_view text);

// True if a byte is above 0x7F. (IsValidUtf8 is in adapters/csv_fields.h.)
bool HasNonAscii(std::string_view bytes);
// The first C0 control byte other than tab and CR, or std::nullopt. (CR and LF delimit records:
// they are checked with the line endings.)
std::optional<unsigned char> FindControlByte(std::string_view bytes);

// `text` quoted for a message: bytes outside printable ASCII written \xNN, cut after 40 bytes, so
// that a report is ASCII whatever the file's encoding.
std::string QuoteForMessage(std::string_view text);

// cents as an FEC amount: 123456 -> "1234,56".
std::string FecAmountText(int64_t cents);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_FEC_FIELDS_H_
