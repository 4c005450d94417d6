// The plain-text accounting journal (ledger-cli format) of one fiscal year: one transaction per
// entry, the general account and its auxiliary as "411000:C-0001", amounts in EUR with a dot, the
// analytic code and the piece as metadata. The same entries as the FEC and the trial balance.
#ifndef COOPLEDGER_ADAPTERS_LEDGER_EXPORT_H_
#define COOPLEDGER_ADAPTERS_LEDGER_EXPORT_H_

#include <ostream>
#include <string>
#include <vector>

#include "events/result.h"
#include "projections/ledger.h"

namespace coopledger::adapters {

// kPostingsMustBalance, naming the entry, if one does not balance.
Status WriteLedgerJournal(const std::vector<projections::LedgerEntry>& entries,
                          const projections::Chart& chart, std::ostream& out);

// The journal of fiscal `year` as `export ledger` prints it: a comment naming the year, its
// bounds and the CAE's SIREN, then WriteLedgerJournal of `entries` (the year's, from `ledger`).
Result<std::string> RenderLedgerJournal(const std::vector<projections::LedgerEntry>& entries,
                                        const projections::Ledger& ledger, int32_t year);

// "-1234.56": the amount in units with a dot and two decimals.
std::string DotAmount(int64_t cents);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_LEDGER_EXPORT_H_
