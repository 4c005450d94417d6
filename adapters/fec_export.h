// The FEC (Fichier des Écritures Comptables, LPF A47 A-1; DOMAIN section 3) of one fiscal year: the
// 18 columns, tab or pipe separated, ISO-8859-15, decimal comma, AAAAMMJJ dates, lines in
// validation order, CR LF between lines and none after the last; and its description file.
#ifndef COOPLEDGER_ADAPTERS_FEC_EXPORT_H_
#define COOPLEDGER_ADAPTERS_FEC_EXPORT_H_

#include <map>
#include <string>
#include <vector>

#include "events/result.h"
#include "projections/ledger.h"

namespace coopledger::adapters {

struct FecOptions {
  char separator = '\t';  // '\t' or '|' (DOMAIN 3.2).
};

// "<SIREN>FEC<AAAAMMJJ>.txt", the date being the fiscal year's closing date.
std::string FecFileName(const std::string& siren, Date closing_date);

// The FEC's bytes (ISO-8859-15). `entries` are one fiscal year's, in validation order.
// kPostingsMustBalance if an entry does not balance; kInvalidArgument naming the entry if a label
// cannot be written in ISO-8859-15.
Result<std::string> RenderFec(const std::vector<projections::LedgerEntry>& entries,
                              const std::map<projections::LineRef, projections::Letter>& lettering,
                              const projections::Chart& chart, const FecOptions& options);

// The description file that accompanies the FEC (LPF A47 A-1 II), in ISO-8859-15.
std::string RenderFecDescription(const std::string& fec_file_name, const std::string& siren,
                                 const projections::FiscalYearBounds& bounds,
                                 const projections::Chart& chart, const FecOptions& options,
                                 size_t line_count, size_t entry_count);

// UTF-8 text as ISO-8859-15 (glibc iconv): a character without an equivalent is transliterated
// (an em dash becomes "--") or becomes "?". kInvalidArgument if `utf8` is not valid UTF-8.
Result<std::string> ToLatin9(const std::string& utf8);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_FEC_EXPORT_H_
