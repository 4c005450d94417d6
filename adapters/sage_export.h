// The Sage-style CSV export of one fiscal year, as enDI (ex-Autonomie, now CAErp) writes it for the
// CAE's accounting software (DOMAIN 1.2, "Accounting exports"; enDI `export/sage.py`,
// `compute/sage.py`, CAErp `SageInvoiceCsvWriter`).
//
// Grammar of the file (ISO-8859-15, CR LF after every line):
//   file   := header line*
//   header := "Code journal;Date;Compte general;Compte tiers;Type;Code analytique;"
//             "Numero de piece;Libelle;Debit;Credit"
//   line   := journal ";" date ";" account ";" auxiliary ";" type ";" analytic ";" piece ";"
//             label ";" debit ";" credit
//   journal   the entry's journal code ("VE", "BQ"...)
//   date      the entry's posting date, DDMMYY ("310725")
//   account   the general account ("411000")
//   auxiliary the auxiliary account (client or member id); empty if none
//   type      "G" (general) or "A" (analytic): each accounting line is written twice, G then A
//   analytic  the analytic code (enseigne, "CAE" for the structure) on A lines; empty on G lines
//   piece     the piece reference (invoice number, payment reference...)
//   label     the entry's label, cut to `label_length` characters (35 for Sage; 30 for Quadra,
//             25 for Ciel), line breaks and control characters turned into spaces
//   debit, credit  decimal comma, two decimals, no grouping ("1200,00"); "0,00" on the other side
// A field holding ';' or '"' is quoted, its quotes doubled (Python's csv QUOTE_MINIMAL, as enDI).
//
// Which entries: the ordinary entries of the fiscal year, in validation order. The opening (AN)
// and closing (CL) entries are left out: the receiving software carries its own balances forward
// and closes its own years, as enDI's exports hold operations only.
#ifndef COOPLEDGER_ADAPTERS_SAGE_EXPORT_H_
#define COOPLEDGER_ADAPTERS_SAGE_EXPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "events/result.h"
#include "projections/ledger.h"

namespace coopledger::adapters {

inline constexpr int32_t kSageLabelLengthDefault = 35;
inline constexpr int32_t kSageLabelLengthMax = 255;

struct SageOptions {
  int32_t label_length = kSageLabelLengthDefault;  // 1 to kSageLabelLengthMax.
};

// The file's bytes (ISO-8859-15). `entries` are one fiscal year's, in validation order; opening and
// closing entries among them are skipped. kPostingsMustBalance naming the entry if one does not
// balance; kInvalidArgument if a text is not valid UTF-8.
// REQUIRES: 1 <= options.label_length <= kSageLabelLengthMax.
Result<std::string> RenderSage(const std::vector<projections::LedgerEntry>& entries,
                               const SageOptions& options);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_SAGE_EXPORT_H_
