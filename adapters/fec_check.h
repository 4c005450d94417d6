// Validation of an FEC (Fichier des Ecritures Comptables, LPF A47 A-1; shared/DOMAIN.md section 3)
// before it is handed to a tax auditor: everything the DGFiP's "Test Compta Demat" checks, plus
// what it does not (balanced entries, continuous entry numbers, chronology).
//
// The file: a header line of the 18 column names, then one line per posting, fields separated
// by a tab or '|', lines ended by CR LF or LF (the last one may have no terminator), ISO-8859-15
// text. Amounts "-1234,56", dates AAAAMMJJ. File name <SIREN>FEC<AAAAMMJJ>[.ext], the date being
// the closing day of the exercise.
//
// Entry numbers (EcritureNum) are read as `^[A-Za-z0-9_-]*?[0-9]+$`: an optional prefix, the same
// for every entry ("VT", "2025-"), then an integer. In order of first appearance the entries must
// be numbered 1, 2, 3... ("VT0001", "VT0002" pass: leading zeros are ignored).
//
// Finding codes (stable: scripts match them; add, never rename):
//   file:      bad-file-name exercise-dates file-size byte-order-mark (warning) encoding
//              line-ending control-character
//   structure: separator header field-count empty-line
//   fields:    missing-field account-number amount-format date-format auxiliary-account lettering
//   lines:     date-outside-exercise debit-and-credit zero-line valid-date-order
//              valid-date-before-exercise
//   entries:   unbalanced-entry entry-number-format entry-number-gap entry-not-contiguous
//              entry-journal entry-date
#ifndef COOPLEDGER_ADAPTERS_FEC_CHECK_H_
#define COOPLEDGER_ADAPTERS_FEC_CHECK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/date.h"

namespace coopledger::adapters {

// The largest file checked: 1 GiB, far above a cooperative's yearly FEC.
inline constexpr size_t kFecBytesMax = size_t{1} << 30;
// Findings kept in a report; the others are only counted.
inline constexpr size_t kFecFindingsMax = 1'000;

enum class FecSeverity { kError, kWarning };

struct FecFinding {
  int64_t line = 0;     // 1-based, the header is line 1; 0 for the file as a whole (its name).
  std::string column;   // The column's FEC name ("Debit"); empty when no single column is at fault.
  std::string code;     // Stable short code, listed at the top of this file.
  std::string message;  // Plain English, naming the field and the reason.
  FecSeverity severity = FecSeverity::kError;
};

struct FecCheckOptions {
  // The exercise's first day; default: the day after the closing date one year earlier.
  std::optional<Date> exercise_start;
  // Accept UTF-8 text (the DGFiP's tester decodes it) instead of requiring ISO-8859-15.
  bool accept_utf8 = false;
  // Files above min(bytes_max, kFecBytesMax) are refused with `file-size`.
  size_t bytes_max = kFecBytesMax;
};

struct FecReport {
  std::vector<FecFinding> findings;  // Ordered by line; at most kFecFindingsMax.
  int64_t errors = 0;                // Counted over every finding, kept or not.
  int64_t warnings = 0;
  int64_t lines = 0;              // Header included.
  int64_t entries = 0;            // Distinct EcritureNum.
  int64_t debit_total_cents = 0;  // Of the lines whose amount is well-formed.
  int64_t credit_total_cents = 0;
  std::optional<Date> exercise_start;  // Unknown when the file name gives no closing date.
  std::optional<Date> exercise_end;    // The closing date, included.

  bool Passed() const { return errors == 0; }
  int64_t OmittedFindings() const {
    return errors + warnings - static_cast<int64_t>(findings.size());
  }
};

// Checks the FEC `bytes` read from `file_name` (a path: only its base name is used). Never fails:
// every problem is a finding of the report. Deterministic; no I/O.
FecReport CheckFec(std::string_view file_name, std::string_view bytes,
                   const FecCheckOptions& options);

// "12:Debit: amount-format: Debit ..." ("LINE:COLUMN: code: message"), "LINE: code: message" when
// no column is named; a warning's message starts with "warning: ".
std::string FormatFinding(const FecFinding& finding);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_FEC_CHECK_H_
