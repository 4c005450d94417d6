#include "adapters/sage_export.h"

#include <cstdio>

#include "adapters/fec_export.h"
#include "events/assert.h"

namespace coopledger::adapters {
namespace {

using projections::LedgerEntry;
using projections::LedgerLine;

constexpr const char* kHeader =
    "Code journal;Date;Compte general;Compte tiers;Type;Code analytique;Numero de piece;Libelle;"
    "Debit;Credit\r\n";

// DDMMYY.
std::string SageDate(Date day) {
  const std::string iso = day.ToString();  // "2025-07-03"
  return iso.substr(8, 2) + iso.substr(5, 2) + iso.substr(2, 2);
}

std::string CommaAmount(Money amount) {
  const int64_t cents = amount.cents();
  const uint64_t magnitude =
      cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  char text[32];
  std::snprintf(text, sizeof text, "%s%llu,%02llu", cents < 0 ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return text;
}

// ISO-8859-15, line breaks and control characters as spaces, then cut to `length_max` characters
// (one byte each in ISO-8859-15; 0 keeps the whole text).
Result<std::string> SageText(const std::string& utf8, size_t length_max = 0) {
  bool ascii = true;
  for (const char c : utf8) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  std::string text = utf8;  // ASCII is the same in ISO-8859-15: no converter opened for it.
  if (!ascii) {
    COOPLEDGER_ASSIGN_OR_RETURN(text, ToLatin9(utf8));
  }
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  if (length_max > 0 && text.size() > length_max) text.resize(length_max);
  return text;
}

// Quoted only when it must be, as Python's csv.QUOTE_MINIMAL with ';' as delimiter.
std::string Field(const std::string& text) {
  if (text.find_first_of(";\"") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

Result<std::string> RenderSage(const std::vector<LedgerEntry>& entries,
                               const SageOptions& options) {
  COOPLEDGER_ASSERT(options.label_length >= 1 && options.label_length <= kSageLabelLengthMax);
  std::string file = kHeader;
  for (const LedgerEntry& entry : entries) {
    if (entry.kind != projections::EntryKind::kOrdinary) continue;
    if (!entry.Balanced()) {
      return Error(ErrorCode::kPostingsMustBalance,
                   "entry " + std::to_string(entry.number) + " of fiscal year " +
                       std::to_string(entry.fiscal_year) + " (seq " + std::to_string(entry.seq) +
                       ") does not balance");
    }
    COOPLEDGER_ASSIGN_OR_RETURN(std::string journal, SageText(entry.journal));
    COOPLEDGER_ASSIGN_OR_RETURN(std::string piece, SageText(entry.piece_reference));
    COOPLEDGER_ASSIGN_OR_RETURN(std::string label,
                                SageText(entry.label, static_cast<size_t>(options.label_length)));
    const std::string date = SageDate(entry.date);
    for (const LedgerLine& line : entry.lines) {
      COOPLEDGER_ASSIGN_OR_RETURN(std::string account, SageText(line.account));
      COOPLEDGER_ASSIGN_OR_RETURN(std::string auxiliary, SageText(line.auxiliary));
      COOPLEDGER_ASSIGN_OR_RETURN(std::string analytic, SageText(line.analytic));
      const std::string head =
          Field(journal) + ";" + date + ";" + Field(account) + ";" + Field(auxiliary) + ";";
      const std::string tail = ";" + Field(piece) + ";" + Field(label) + ";" +
                               CommaAmount(line.debit) + ";" + CommaAmount(line.credit) + "\r\n";
      file += head + "G;" + tail;
      file += head + "A;" + Field(analytic) + tail;
    }
  }
  return file;
}

}  // namespace coopledger::adapters
