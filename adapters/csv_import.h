// CSV import: a spreadsheet of clients, jobs, hours or payments becomes one command per line,
// decided and appended together by CommandService::ExecuteAll (all lines or none).
//
// File grammar (RFC 4180 as libcsv reads it, adapters/csv_reader.h):
//   file      = [BOM] header *(record) ; UTF-8; a leading BOM (EF BB BF) is skipped
//   header    = column *(SEP column)   ; names below, any order, any case; optional ones may
//                                      ; be left out; unknown or repeated names are refused
//   record    = field *(SEP field)     ; as many fields as the header; blank lines and lines
//                                      ; of empty fields (";;;;") are skipped
//   SEP       = "," / ";"              ; detected from the header line unless given
//   field     = text, or a quoted "text" when it holds SEP, a quote ("") or a line break
// Line numbers are physical lines of the file (the header is usually line 1); a record whose
// quoted field spans several lines is numbered by its first line.
//
// Columns (* required). Amounts are euros: "12,50", "12.50", "1 234,50", a euro sign allowed
// after; with the ',' separator, quote an amount written with a decimal comma: "12,50". Dates
// are "2025-07-03" or "03/07/2025". Enumerations take the schema's names (events/values.h).
//   clients:  client_id*, kind* (household, company, association, publicBody), name, siret,
//             vat_number, address, chorus_service_code, chorus_commitment_number,
//             payment_terms_days (default 30), given_name, family_name, email, phone.
//             A household has no name: given_name, family_name*, address, email and phone are
//             its personal data, sealed with its key; other kinds refuse those four columns.
//   jobs:     job_id*, client_id*, activity_id*, service*, scheduled_on*, agreed_price*
//             (excluding VAT), quote_id, description.
//   hours:    member_id*, day*, start* (09:00 or 9h00), duration* (decimal hours "3,5" or
//             "3:30"), job_id, internal_task (officeDuty, prospecting, training, meeting; "none"
//             when blank with a job), volunteer (yes/no, oui/non, true/false, 1/0; blank: no).
//   payments: payment_id*, client_id*, received_on*, method* (bankTransfer, cheque, cash, card,
//             directDebit), amount*, allocations, reference. allocations lists what the payment
//             settles: "2025-0001:120,00|2025-0002:30,00" (invoice number ':' amount, items
//             separated by '|'); what is not allocated stays as the client's credit.
#ifndef COOPLEDGER_ADAPTERS_CSV_IMPORT_H_
#define COOPLEDGER_ADAPTERS_CSV_IMPORT_H_

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/event_json.h"
#include "events/event.h"

namespace coopledger::adapters {

enum class CsvKind : uint8_t { kClients, kJobs, kHours, kPayments };
inline constexpr std::array<std::string_view, 4> kCsvKindNames = {"clients", "jobs", "hours",
                                                                  "payments"};

// Bounds on one import: it is one atomic command.
inline constexpr size_t kCsvBytesMax = size_t{32} << 20;
inline constexpr size_t kCsvRecordsMax = 100'000;

// "hours" -> kHours; kInvalidArgument for another name.
Result<CsvKind> ParseCsvKind(std::string_view name);

struct CsvImportOptions {
  char separator = 0;  // ',' or ';'; 0 detects it from the header line.
};

// "," or "comma" -> ','; ";" or "semicolon" -> ';'; "" -> 0 (detect). kInvalidArgument otherwise
// (the caller names its option).
Result<char> ParseCsvSeparator(std::string_view name);

struct CsvImport {
  char separator = ',';
  std::vector<events::EventBody> commands;  // One per data line, in file order.
  std::vector<int> lines;                   // lines[i]: the line that gave commands[i].
};

// Parses `text` as a file of `kind`. On any bad line, returns kInvalidArgument whose message is
// "nothing appended:" followed by one line per problem, in file order, each
// "line N: <column>: <reason>" (the column is left out for a malformed line). Household clients'
// personal data goes through `seal`. Checks form only; business rules are ExecuteAll's.
Result<CsvImport> ParseCsvImport(CsvKind kind, std::string_view text,
                                 const CsvImportOptions& options, const SealFn& seal);

// The command id of an import given none: its kind and the SHA-256 of its content, so that the
// same file imported again appends nothing ("import-hours-<32 hex digits>").
events::CommandId CsvImportCommandId(std::string_view kind, std::string_view text);

// Rewrites ExecuteAll's refusal message ("commands[3]: minutes: ...", one per line) in the
// file's terms: "line 5: duration: ...". `lines` is CsvImport::lines of the same import and
// `head_seq` the store's head when it was decided: a "(seq N)" past the head, an event of the
// import itself, becomes "(line L of this file)". Lines of another form are kept as they are.
std::string RefusalsByLine(CsvKind kind, std::string_view refusal, const std::vector<int>& lines,
                           events::Seq head_seq);

// Whether ExecuteAll refused lines of the import by the business rules ("commands[3]: ...").
bool LinesRefused(const Error& error);

// ExecuteAll's refusal of an import: when LinesRefused, "nothing appended:" then RefusalsByLine;
// any other error (store, duplicate id) as it is.
Error ImportRefusal(CsvKind kind, const Error& error, const std::vector<int>& lines,
                    events::Seq head_seq);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_CSV_IMPORT_H_
