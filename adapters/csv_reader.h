// Splits CSV text into records with libcsv, keeping the line where each record starts, so that
// every later error can name its line. RFC 4180 quoting: a field holding the separator, a quote
// or a line break is quoted ("a;b", "say ""hi""", "two\nlines"); quotes elsewhere are refused.
// Spaces around unquoted fields are dropped; blank lines are skipped.
#ifndef COOPLEDGER_ADAPTERS_CSV_READER_H_
#define COOPLEDGER_ADAPTERS_CSV_READER_H_

#include <string>
#include <string_view>
#include <vector>

namespace coopledger::adapters {

// One record of the file: the header or a data line.
struct CsvRecord {
  int line = 0;  // 1-based physical line where the record starts (a quoted field may span more).
  std::vector<std::string> fields;
};

// A problem found at a line of the file.
struct CsvLineError {
  int line = 0;
  std::string message;  // "day: '31/02/2025' is not a calendar date".
};

struct CsvText {
  char separator = ',';
  std::vector<CsvRecord> records;    // The header first, if any.
  std::vector<CsvLineError> errors;  // Malformed quoting, in line order.
};

// Returns ';' when the first line of `text` holds more semicolons than commas outside quotes,
// ',' otherwise.
char DetectSeparator(std::string_view text);

// Reads `text` (UTF-8; a leading BOM is skipped) with `separator` (',' or ';'; 0 detects it
// from the first line). A record with malformed quoting is reported in `errors` and left out;
// reading resumes at the next line, so every such record is reported, not only the first.
CsvText ReadCsv(std::string_view text, char separator);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_CSV_READER_H_
