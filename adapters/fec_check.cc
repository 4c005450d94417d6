#include "adapters/fec_check.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <regex>
#include <unordered_map>

#include "adapters/csv_fields.h"
#include "adapters/fec_fields.h"
#include "events/money.h"

namespace coopledger::adapters {
namespace {

// The columns of LPF A47 A-1, spelled as the DGFiP's tester expects them. The Montant + Sens
// variant is not accepted: coopledger never writes it.
constexpr size_t kColumnCount = 18;
// clang-format off
constexpr std::array<std::string_view, kColumnCount> kColumnNames = {
    "JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
    "CompAuxNum", "CompAuxLib", "PieceRef", "PieceDate", "EcritureLib", "Debit",
    "Credit", "EcritureLet", "DateLet", "ValidDate", "Montantdevise", "Idevise"};
enum Column : size_t {
  kJournalCode, kJournalLib, kEcritureNum, kEcritureDate, kCompteNum, kCompteLib,
  kCompAuxNum, kCompAuxLib, kPieceRef, kPieceDate, kEcritureLib, kDebit,
  kCredit, kEcritureLet, kDateLet, kValidDate, kMontantdevise, kIdevise};
constexpr std::array<Column, 12> kMandatoryColumns = {
    kJournalCode, kJournalLib, kEcritureNum, kEcritureDate, kCompteNum, kCompteLib,
    kPieceRef, kPieceDate, kEcritureLib, kDebit, kCredit, kValidDate};
// clang-format on

// A line whose Debit is summed holds at least 17 separators and a digit: no sum of a file within
// kFecBytesMax can overflow, so totals need no overflow check.
constexpr int64_t kSummedLineBytesMin = 18;
static_assert((static_cast<int64_t>(kFecBytesMax) / kSummedLineBytesMin + 1) <=
                  std::numeric_limits<int64_t>::max() / kAmountCentsMax,
              "the debit or credit total of a file cannot overflow int64 cents");

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(' ') == std::string_view::npos;
}

std::string Quoted(std::string_view text) { return QuoteForMessage(text); }

// What the file's lines have shown so far about one EcritureNum.
struct EntryState {
  std::string number;
  int64_t first_line = 0;
  int64_t last_line = 0;
  std::string journal_code;  // Of its first line with one, `journal_line`.
  int64_t journal_line = 0;
  std::string date;  // Its first well-formed EcritureDate, on `date_line`.
  int64_t date_line = 0;
  int64_t debit_cents = 0;
  int64_t credit_cents = 0;
  bool amounts_known = true;  // False once a line of it has a missing or malformed amount.
};

// The values of a line that later checks compare; empty when missing or malformed.
struct ParsedLine {
  std::optional<int64_t> debit_cents;
  std::optional<int64_t> credit_cents;
  std::optional<Date> ecriture_date;
  std::optional<Date> valid_date;
};

class FecChecker {
 public:
  explicit FecChecker(const FecCheckOptions& options) : options_(options) {}
  FecReport Run(std::string_view file_name, std::string_view bytes);

 private:
  void Add(int64_t line, std::string_view column, std::string_view code, std::string message,
           FecSeverity severity = FecSeverity::kError);
  void CheckFileName(std::string_view file_name);
  void CheckLineText(int64_t line_number, std::string_view line);
  bool CheckHeader(std::string_view line);
  void CheckLine(int64_t line_number, std::string_view line);
  void CheckBytes(int64_t line_number, const std::vector<std::string_view>& fields);
  ParsedLine ParseFields(int64_t line_number, const std::vector<std::string_view>& fields);
  void CheckPair(int64_t line_number, const std::vector<std::string_view>& fields, Column first,
                 Column second, std::string_view code);
  void CheckLineRules(int64_t line_number, const ParsedLine& parsed);
  void CheckEntry(int64_t line_number, const std::vector<std::string_view>& fields,
                  const ParsedLine& parsed);
  void CheckEntryNumber(int64_t line_number, std::string_view number);
  void MarkEntryIncomplete(std::string_view number);
  void FinishEntries();

  const FecCheckOptions& options_;
  FecReport report_;
  char separator_ = 0;
  bool header_ok_ = false;
  bool file_is_valid_utf8_ = true;
  bool file_has_non_ascii_ = false;
  bool encoding_reported_ = false;
  bool line_ending_reported_ = false;
  std::vector<std::string_view> fields_;  // Reused from line to line.
  std::optional<Date> previous_valid_date_;
  int64_t previous_valid_line_ = 0;
  std::vector<EntryState> entries_;  // In order of first appearance.
  std::unordered_map<std::string, size_t> entry_index_;
  std::optional<size_t> current_entry_;
  std::optional<std::string> entry_prefix_;  // That of the first well-formed EcritureNum.
  int64_t next_entry_number_ = 1;
};

void FecChecker::Add(int64_t line, std::string_view column, std::string_view code,
                     std::string message, FecSeverity severity) {
  ++(severity == FecSeverity::kError ? report_.errors : report_.warnings);
  if (report_.findings.size() >= kFecFindingsMax) return;
  report_.findings.push_back(
      FecFinding{line, std::string(column), std::string(code), std::move(message), severity});
}

FecReport FecChecker::Run(std::string_view file_name, std::string_view bytes) {
  CheckFileName(file_name);
  if (bytes.size() > std::min(options_.bytes_max, kFecBytesMax)) {
    Add(0, "", "file-size",
        "the file has more than " + std::to_string(std::min(options_.bytes_max, kFecBytesMax)) +
            " bytes: split the exercise or check it with another tool");
    return std::move(report_);
  }
  constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
  if (bytes.starts_with(kUtf8ByteOrderMark)) {
    Add(1, "", "byte-order-mark",
        "the file starts with a UTF-8 byte order mark: ISO-8859-15 files have none",
        FecSeverity::kWarning);
    bytes.remove_prefix(kUtf8ByteOrderMark.size());
  }
  if (bytes.empty()) {
    Add(1, "", "header", "the file is empty: its first line must name the 18 columns");
    report_.lines = 1;
    return std::move(report_);
  }
  file_is_valid_utf8_ = IsValidUtf8(bytes);
  file_has_non_ascii_ = HasNonAscii(bytes);
  int64_t line_number = 0;
  size_t position = 0;
  // A final LF ends the last line; it does not start an empty one.
  while (position < bytes.size()) {
    const size_t end = std::min(bytes.find('\n', position), bytes.size());
    std::string_view line = bytes.substr(position, end - position);
    position = end + 1;
    ++line_number;
    if (line.ends_with('\r')) line.remove_suffix(1);
    CheckLineText(line_number, line);
  }
  report_.lines = line_number;
  FinishEntries();
  std::stable_sort(report_.findings.begin(), report_.findings.end(),
                   [](const FecFinding& a, const FecFinding& b) { return a.line < b.line; });
  return std::move(report_);
}

void FecChecker::CheckFileName(std::string_view file_name) {
  const std::string base_name(file_name.substr(file_name.find_last_of('/') + 1));
  // The DGFiP's tester's own pattern (init.pl); what follows the date (".txt") is free.
  static const std::regex kPattern("^(.*)FEC(20[0-9]{2}[0-1][0-9][0-3][0-9])");
  std::smatch match;
  if (!std::regex_search(base_name, match, kPattern)) {
    Add(0, "", "bad-file-name",
        "file name " + Quoted(base_name) +
            " does not match <SIREN>FEC<AAAAMMJJ>: the SIREN, FEC, then the exercise's "
            "closing date");
    return;
  }
  Result<Date> closing = ParseFecDate(match[2].str());
  if (!closing) {
    Add(0, "", "bad-file-name", "the closing date in the file name, " + closing.error().message());
    return;
  }
  Date start = options_.exercise_start.value_or(Date());
  if (!options_.exercise_start) {
    // One year before the closing date (the 28th for a 29 February), then the next day.
    Result<Date> year_before = Date::FromYmd(closing->year() - 1, closing->month(), closing->day());
    if (!year_before) year_before = Date::FromYmd(closing->year() - 1, closing->month(), 28);
    start = year_before->AddDays(1);
  }
  if (start > *closing) {
    Add(0, "", "exercise-dates",
        "the exercise would start on " + start.ToString() + ", after its closing date " +
            closing->ToString() + " (from the file name)");
    return;
  }
  report_.exercise_start = start;
  report_.exercise_end = *closing;
}

// Line endings and blank lines, then the header or a posting.
void FecChecker::CheckLineText(int64_t line_number, std::string_view line) {
  if (!line_ending_reported_ && line.find('\r') != std::string_view::npos) {
    line_ending_reported_ = true;
    Add(line_number, "", "line-ending",
        "a carriage return (CR) not followed by a line feed (LF): lines must end with CR LF or LF");
  }
  if (line_number == 1) {
    header_ok_ = CheckHeader(line);
    return;
  }
  if (!header_ok_) return;  // Without the columns, the fields mean nothing.
  if (line.empty()) {
    Add(line_number, "", "empty-line", "the line is empty: the file has no blank lines");
    return;
  }
  CheckLine(line_number, line);
}

void SplitFields(std::string_view line, char separator, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  while (true) {
    const size_t end = line.find(separator, start);
    fields.push_back(line.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return;
    start = end + 1;
  }
}

bool FecChecker::CheckHeader(std::string_view line) {
  if (line.find('\t') != std::string_view::npos) {
    separator_ = '\t';
  } else if (line.find('|') != std::string_view::npos) {
    separator_ = '|';
  } else {
    const bool refused = line.find_first_of(";,") != std::string_view::npos;
    Add(1, "", "separator",
        std::string(refused ? "the header line is separated by ';' or ','"
                            : "the header line holds neither a tab nor '|'") +
            ": fields must be separated by a tab or '|'");
    return false;
  }
  SplitFields(line, separator_, fields_);
  if (fields_.size() != kColumnCount) {
    Add(1, "", "header",
        "the header names " + std::to_string(fields_.size()) +
            " columns: expected the 18 of LPF A47 A-1, JournalCode to Idevise");
    return false;
  }
  // With the right count the columns are taken by position, so lines are still checked.
  for (size_t i = 0; i < kColumnCount; ++i) {
    if (fields_[i] == kColumnNames[i]) continue;
    Add(1, kColumnNames[i], "header",
        "column " + std::to_string(i + 1) + " is named " + Quoted(fields_[i]) + ", expected " +
            std::string(kColumnNames[i]));
  }
  return true;
}

void FecChecker::CheckLine(int64_t line_number, std::string_view line) {
  SplitFields(line, separator_, fields_);
  if (fields_.size() != kColumnCount) {
    Add(line_number, "", "field-count",
        "the line has " + std::to_string(fields_.size()) + " fields, the header 18");
    // Its amounts are lost: the balance of the entry it belongs to cannot be checked.
    if (current_entry_) entries_[*current_entry_].amounts_known = false;
    if (fields_.size() > kEcritureNum) MarkEntryIncomplete(fields_[kEcritureNum]);
    return;
  }
  CheckBytes(line_number, fields_);
  for (const Column column : kMandatoryColumns) {
    if (!IsBlank(fields_[column])) continue;
    Add(line_number, kColumnNames[column], "missing-field",
        std::string(kColumnNames[column]) + " is empty: it is mandatory");
  }
  const ParsedLine parsed = ParseFields(line_number, fields_);
  report_.debit_total_cents += parsed.debit_cents.value_or(0);
  report_.credit_total_cents += parsed.credit_cents.value_or(0);
  CheckPair(line_number, fields_, kCompAuxNum, kCompAuxLib, "auxiliary-account");
  CheckPair(line_number, fields_, kEcritureLet, kDateLet, "lettering");
  CheckLineRules(line_number, parsed);
  CheckEntry(line_number, fields_, parsed);
}

void FecChecker::CheckBytes(int64_t line_number, const std::vector<std::string_view>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    const std::string_view name = kColumnNames[i];
    if (const std::optional<unsigned char> control = FindControlByte(fields[i])) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", *control);
      Add(line_number, name, "control-character",
          std::string(name) + " holds the control byte " + hex + ": fields hold printable text");
    }
    if (encoding_reported_ || !HasNonAscii(fields[i])) continue;
    if (!options_.accept_utf8 && file_is_valid_utf8_ && file_has_non_ascii_) {
      encoding_reported_ = true;
      Add(line_number, name, "encoding",
          std::string(name) + " " + Quoted(fields[i]) +
              ": the file is UTF-8, expected ISO-8859-15 (accept it with --encoding utf-8)");
    } else if (options_.accept_utf8 && !IsValidUtf8(fields[i])) {
      encoding_reported_ = true;
      Add(line_number, name, "encoding",
          std::string(name) + " " + Quoted(fields[i]) + " is not valid UTF-8");
    }
  }
}

ParsedLine FecChecker::ParseFields(int64_t line_number,
                                   const std::vector<std::string_view>& fields) {
  ParsedLine parsed;
  const auto amount = [&](Column column) -> std::optional<int64_t> {
    if (IsBlank(fields[column])) return std::nullopt;  // Reported if mandatory.
    Result<int64_t> cents = ParseFecAmount(fields[column]);
    if (cents) return *cents;
    Add(line_number, kColumnNames[column], "amount-format",
        std::string(kColumnNames[column]) + " " + cents.error().message());
    return std::nullopt;
  };
  const auto date = [&](Column column) -> std::optional<Date> {
    if (IsBlank(fields[column])) return std::nullopt;
    Result<Date> day = ParseFecDate(fields[column]);
    if (day) return *day;
    Add(line_number, kColumnNames[column], "date-format",
        std::string(kColumnNames[column]) + " " + day.error().message());
    return std::nullopt;
  };
  parsed.ecriture_date = date(kEcritureDate);
  date(kPieceDate);
  parsed.debit_cents = amount(kDebit);
  parsed.credit_cents = amount(kCredit);
  date(kDateLet);
  parsed.valid_date = date(kValidDate);
  amount(kMontantdevise);
  const std::string_view account = fields[kCompteNum];
  if (!IsBlank(account) &&
      (account.size() < 3 || !std::all_of(account.begin(), account.begin() + 3,
                                          [](char c) { return c >= '0' && c <= '9'; }))) {
    Add(line_number, kColumnNames[kCompteNum], "account-number",
        "CompteNum " + Quoted(account) + " does not start with 3 digits (plan comptable general)");
  }
  return parsed;
}

// Auxiliary account or lettering: both fields or neither.
void FecChecker::CheckPair(int64_t line_number, const std::vector<std::string_view>& fields,
                           Column first, Column second, std::string_view code) {
  if (IsBlank(fields[first]) == IsBlank(fields[second])) return;
  const Column empty = IsBlank(fields[first]) ? first : second;
  const Column filled = empty == first ? second : first;
  Add(line_number, kColumnNames[empty], code,
      std::string(kColumnNames[empty]) + " is empty while " + std::string(kColumnNames[filled]) +
          " is " + Quoted(fields[filled]) + ": give both or neither");
}

void FecChecker::CheckLineRules(int64_t line_number, const ParsedLine& parsed) {
  const std::optional<Date>& start = report_.exercise_start;
  const std::optional<Date>& end = report_.exercise_end;
  if (parsed.ecriture_date && start &&
      (*parsed.ecriture_date < *start || *parsed.ecriture_date > *end)) {
    Add(line_number, "EcritureDate", "date-outside-exercise",
        "EcritureDate " + parsed.ecriture_date->ToString() + " is outside the exercise " +
            start->ToString() + " to " + end->ToString());
  }
  if (parsed.debit_cents && parsed.credit_cents) {
    if (*parsed.debit_cents != 0 && *parsed.credit_cents != 0) {
      Add(line_number, "", "debit-and-credit",
          "Debit " + FecAmountText(*parsed.debit_cents) + " and Credit " +
              FecAmountText(*parsed.credit_cents) +
              " are both non-zero: a line is a debit or a credit");
    } else if (*parsed.debit_cents == 0 && *parsed.credit_cents == 0) {
      Add(line_number, "", "zero-line", "Debit and Credit are both zero: a line carries an amount");
    }
  }
  if (!parsed.valid_date) return;
  if (start && *parsed.valid_date < *start) {
    Add(line_number, "ValidDate", "valid-date-before-exercise",
        "ValidDate " + parsed.valid_date->ToString() + " is before the exercise's first day " +
            start->ToString() + ": an entry cannot be validated before its exercise opens");
  }
  if (previous_valid_date_ && *parsed.valid_date < *previous_valid_date_) {
    Add(line_number, "ValidDate", "valid-date-order",
        "ValidDate " + parsed.valid_date->ToString() + " is before " +
            previous_valid_date_->ToString() + " on line " + std::to_string(previous_valid_line_) +
            ": lines must be in the order of validation");
  }
  previous_valid_date_ = parsed.valid_date;
  previous_valid_line_ = line_number;
}

void FecChecker::CheckEntry(int64_t line_number, const std::vector<std::string_view>& fields,
                            const ParsedLine& parsed) {
  const std::string_view number = fields[kEcritureNum];
  if (IsBlank(number)) {
    // Most likely a line of the entry being read, whose balance is now unknown.
    if (current_entry_) entries_[*current_entry_].amounts_known = false;
    return;
  }
  const auto [found, inserted] = entry_index_.try_emplace(std::string(number), entries_.size());
  if (inserted) {
    EntryState& added = entries_.emplace_back();
    added.number = number;
    added.first_line = line_number;
    CheckEntryNumber(line_number, number);
  } else if (current_entry_ != found->second) {
    const EntryState& earlier = entries_[found->second];
    Add(line_number, "EcritureNum", "entry-not-contiguous",
        "entry " + Quoted(number) + " (lines " + std::to_string(earlier.first_line) + "-" +
            std::to_string(earlier.last_line) + ") continues here after entry " +
            Quoted(entries_[*current_entry_].number) + ": an entry's lines must be contiguous");
  }
  current_entry_ = found->second;
  EntryState& entry = entries_[found->second];
  entry.last_line = line_number;
  const std::string_view journal_code = fields[kJournalCode];
  if (entry.journal_code.empty() && !IsBlank(journal_code)) {
    entry.journal_code = journal_code;
    entry.journal_line = line_number;
  } else if (!IsBlank(journal_code) && journal_code != entry.journal_code) {
    Add(line_number, "JournalCode", "entry-journal",
        "JournalCode " + Quoted(journal_code) + " differs from " + Quoted(entry.journal_code) +
            " on line " + std::to_string(entry.journal_line) + ": an entry is in one journal");
  }
  if (entry.date.empty() && parsed.ecriture_date) {
    entry.date = fields[kEcritureDate];
    entry.date_line = line_number;
  } else if (parsed.ecriture_date && fields[kEcritureDate] != entry.date) {
    Add(line_number, "EcritureDate", "entry-date",
        "EcritureDate " + Quoted(fields[kEcritureDate]) + " differs from " + Quoted(entry.date) +
            " on line " + std::to_string(entry.date_line) + ": an entry has one date");
  }
  if (parsed.debit_cents && parsed.credit_cents) {
    entry.debit_cents += *parsed.debit_cents;
    entry.credit_cents += *parsed.credit_cents;
  } else {
    entry.amounts_known = false;
  }
}

void FecChecker::CheckEntryNumber(int64_t line_number, std::string_view number) {
  const std::optional<FecEntryNumber> parsed = ParseFecEntryNumber(number);
  if (!parsed) {
    Add(line_number, "EcritureNum", "entry-number-format",
        "EcritureNum " + Quoted(number) +
            " is not an entry number: expected an optional prefix of letters, digits, '_' or '-' "
            "then digits");
    return;
  }
  if (!entry_prefix_) entry_prefix_ = std::string(parsed->prefix);
  if (parsed->prefix != *entry_prefix_) {
    Add(line_number, "EcritureNum", "entry-number-format",
        "EcritureNum " + Quoted(number) + " has the prefix " + Quoted(parsed->prefix) +
            ", the first entry " + Quoted(*entry_prefix_) +
            ": entries are numbered in one sequence");
    return;
  }
  if (parsed->value != next_entry_number_) {
    Add(line_number, "EcritureNum", "entry-number-gap",
        "EcritureNum " + Quoted(number) + " is entry number " + std::to_string(parsed->value) +
            ", expected " + std::to_string(next_entry_number_) +
            ": entries are numbered 1, 2, 3... in order of first appearance");
  }
  next_entry_number_ = parsed->value + 1;
}

void FecChecker::MarkEntryIncomplete(std::string_view number) {
  const auto found = entry_index_.find(std::string(number));
  if (found != entry_index_.end()) entries_[found->second].amounts_known = false;
}

void FecChecker::FinishEntries() {
  report_.entries = static_cast<int64_t>(entries_.size());
  for (const EntryState& entry : entries_) {
    if (!entry.amounts_known || entry.debit_cents == entry.credit_cents) continue;
    Add(entry.first_line, "", "unbalanced-entry",
        "entry " + Quoted(entry.number) + " (lines " + std::to_string(entry.first_line) + "-" +
            std::to_string(entry.last_line) + ") is unbalanced: debit " +
            FecAmountText(entry.debit_cents) + ", credit " + FecAmountText(entry.credit_cents) +
            ", difference " + FecAmountText(entry.debit_cents - entry.credit_cents));
  }
}

}  // namespace

FecReport CheckFec(std::string_view file_name, std::string_view bytes,
                   const FecCheckOptions& options) {
  return FecChecker(options).Run(file_name, bytes);
}

std::string FormatFinding(const FecFinding& finding) {
  std::string text = std::to_string(finding.line);
  if (!finding.column.empty()) text += ":" + finding.column;
  text += ": " + finding.code + ": ";
  if (finding.severity == FecSeverity::kWarning) text += "warning: ";
  return text + finding.message;
}

}  // namespace coopledger::adapters
