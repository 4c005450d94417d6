// The payroll verbs that write documents for others: `payroll transfer` (the bank's payout file)
// and `payroll end-of-contract` (the documents a member receives when their contract ends).
#ifndef COOPLEDGER_ADAPTERS_PAYROLL_DOCUMENT_VERBS_H_
#define COOPLEDGER_ADAPTERS_PAYROLL_DOCUMENT_VERBS_H_

#include "adapters/cli.h"

namespace coopledger::adapters {

// Adds `transfer` and `end-of-contract` under the `payroll` verb.
void AddPayrollDocumentVerbs(CLI::App& payroll, CliContext& context);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYROLL_DOCUMENT_VERBS_H_
