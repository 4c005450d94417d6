// What filing a declaration takes, shared by `declare dsn|vat|fctu`, `report urssaf` and the
// server's declaration routes: the checked DSN of a month or of a contract's end, the
// DeclarationFiled command that records its filing (with the file's SHA-256 and a command id
// naming it, so that a retry of the same file is answered with the first filing), and the URSSAF
// summary of a DSN as JSON.
#ifndef COOPLEDGER_ADAPTERS_DECLARATIONS_H_
#define COOPLEDGER_ADAPTERS_DECLARATIONS_H_

#include <nlohmann/json.hpp>
#include <string>

#include "adapters/dsn_store.h"
#include "engine/event_store.h"

namespace coopledger::adapters {

// The DSN of `request`, refused (kCorruption, with the first finding) unless it passes every
// check of check-dsn.
Result<DsnMonth> CheckedDsn(engine::EventStore& store, const DsnRules& rules,
                            const DsnRequest& request);

// A declaration ready to be filed: run `command_id` with `filed` through the CommandService.
struct DeclarationToFile {
  events::DeclarationFiled filed;
  events::CommandId command_id;
  std::string bytes;  // The file filed.
  Date contract_end;  // The end-of-contract signal's end date; unset otherwise.
};

// The real DSN of `month` filed on `today`.
Result<DeclarationToFile> MonthlyDsnFiling(engine::EventStore& store, const DsnRules& rules,
                                           Date month, Date today);

// The end-of-contract signal (FCTU) of `member_id` filed on `today`; kNotFound when the
// member's contract does not end.
Result<DeclarationToFile> EndOfContractFiling(engine::EventStore& store, const DsnRules& rules,
                                              const std::string& member_id, Date today);

// The VAT return (CA3 lines as `text`, VatReturnFiledText) of `month` filed on `today`.
DeclarationToFile VatReturnFiling(std::string text, Date month, Date today);

// The working days (Monday to Friday) after `end` up to `day`: an FCTU is due within 5 (CSS
// R133-14).
int32_t WorkingDaysAfter(Date end, Date day);
inline constexpr int32_t kEndOfContractWorkingDaysMax = 5;

// The URSSAF contributions a DSN declares, by CTP: {"month", "lines": [{ctp, qualifier, label,
// base_cents, rate_ppm, amount_cents (negative for a deduction), deduction}], "total_cents"}.
nlohmann::json UrssafSummaryJson(const DsnMonth& dsn, const DsnCtpTable& table,
                                 const std::string& month);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DECLARATIONS_H_
