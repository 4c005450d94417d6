#include "adapters/ledger_export.h"

#include <cstdio>
#include <sstream>

namespace coopledger::adapters {
namespace {

// Line breaks would end the transaction; tabs and double spaces end an account name.
std::string OneLine(const std::string& text) {
  std::string clean;
  clean.reserve(text.size());
  for (char c : text) {
    const char replaced = (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (replaced == ' ' && !clean.empty() && clean.back() == ' ') continue;
    clean.push_back(replaced);
  }
  return clean;
}

// Account names end at two spaces; auxiliary ids keep to one word.
std::string AccountName(const projections::LedgerLine& line) {
  if (line.auxiliary.empty()) return line.account;
  std::string auxiliary;
  for (char c : line.auxiliary) auxiliary.push_back(c == ' ' || c == ':' || c == ';' ? '_' : c);
  return line.account + ":" + auxiliary;
}

}  // namespace

std::string DotAmount(int64_t cents) {
  const uint64_t magnitude = cents < 0 ? 0 - static_cast<uint64_t>(cents) : static_cast<uint64_t>(cents);
  char text[32];
  std::snprintf(text, sizeof text, "%s%llu.%02llu", cents < 0 ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return text;
}

Status WriteLedgerJournal(const std::vector<projections::LedgerEntry>& entries,
                          const projections::Chart& chart, std::ostream& out) {
  std::string text;
  for (const projections::LedgerEntry& entry : entries) {
    if (!entry.Balanced()) {
      return Error(ErrorCode::kPostingsMustBalance,
                   "entry " + std::to_string(entry.number) + " of fiscal year " +
                       std::to_string(entry.fiscal_year) + " (seq " + std::to_string(entry.seq) +
                       ") does not balance");
    }
    text.clear();
    text += entry.date.ToString() + " * (" + entry.journal + "-" + std::to_string(entry.number) +
            ") " + OneLine(entry.label) + "\n";
    text += "    ; piece: " + OneLine(entry.piece_reference) + " du " + entry.piece_date.ToString() +
            ", journal " + OneLine(chart.JournalLabel(entry.journal)) + ", valid: " +
            entry.valid_date.ToString() + ", seq: " + std::to_string(entry.seq) + "\n";
    for (const projections::LedgerLine& line : entry.lines) {
      text += "    " + AccountName(line) + "  " +
              DotAmount(line.debit.cents() - line.credit.cents()) + " EUR";
      if (!line.analytic.empty()) text += "  ; analytic: " + OneLine(line.analytic);
      text += "\n";
    }
    text += "\n";
    out << text;
  }
  out.flush();
  if (!out) return Error(ErrorCode::kStorageIo, "the journal could not be written");
  return OkStatus();
}

Result<std::string> RenderLedgerJournal(const std::vector<projections::LedgerEntry>& entries,
                                        const projections::Ledger& ledger, int32_t year) {
  const projections::FiscalYearBounds bounds = ledger.BoundsOf(year);
  std::ostringstream journal;
  journal << "; coopledger journal of fiscal year " << year << " (" << bounds.start.ToString()
          << " to " << bounds.end.AddDays(-1).ToString() << "), SIREN " << ledger.siren() << "\n"
          << "; opening entries included, closing entries left out\n\n";
  COOPLEDGER_RETURN_IF_ERROR(WriteLedgerJournal(entries, ledger.chart(), journal));
  return journal.str();
}

}  // namespace coopledger::adapters
