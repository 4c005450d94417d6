// Document arithmetic shared by quotes, invoices and credit notes: line amounts, VAT per rate on
// the document's totals, half-up to the cent (DESIGN section 7). Internal to engine/.
#ifndef COOPLEDGER_ENGINE_DOCUMENTS_H_
#define COOPLEDGER_ENGINE_DOCUMENTS_H_

#include "engine/deciders.h"

namespace coopledger::engine::decide {

struct DocumentTotals {
  std::vector<events::DocumentLine> lines;  // With amount_excl_vat computed.
  std::vector<events::VatTotal> vat_totals;  // One per rate, in increasing rate order.
  Money total_excl_vat;
  Money total_vat;
  Money total_incl_vat;
};

// Computes a document's amounts. Each line: quantity x unit price, half-up; a line that gives an
// amount must give that one. VAT per rate on the rate's total, half-up. Refuses documents with no
// line, a VAT rate not in force on `day` (or any but 0 % under the franchise), or a total
// excluding VAT that is not positive.
Result<DocumentTotals> ComputeTotals(std::vector<events::DocumentLine> lines, Date day,
                                     const WorkState& state, const DecisionContext& context);

}  // namespace coopledger::engine::decide

#endif  // COOPLEDGER_ENGINE_DOCUMENTS_H_
