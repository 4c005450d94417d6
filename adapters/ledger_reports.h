// The reports of the ledger that the command line prints and the API answers: the general
// ledger, a journal, the activities' income statements and the treasury. Each replays the ledger
// through `replay` (as known at whatever point the caller chose) and gives its rows, for a table
// or CSV, and its JSON. `dash` prefixes the names of options in errors: "--" on the command line,
// "" for the API's query parameters.
#ifndef COOPLEDGER_ADAPTERS_LEDGER_REPORTS_H_
#define COOPLEDGER_ADAPTERS_LEDGER_REPORTS_H_

#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/table_format.h"
#include "events/result.h"
#include "projections/ledger.h"

namespace coopledger::adapters {

struct LedgerReport {
  Row header;
  std::vector<Row> rows;   // For CSV.
  std::vector<Row> table;  // rows with the totals, for a table.
  nlohmann::json json;
};

// Replays the ledger into `sink`, returning the ledger.
using ReplayInto =
    std::function<Result<std::unique_ptr<projections::Ledger>>(projections::EntrySink* sink)>;

Result<LedgerReport> GeneralLedgerReport(const ReplayInto& replay, int32_t year,
                                         const std::string& account_prefix, const char* dash);
Result<LedgerReport> JournalReport(const ReplayInto& replay, const projections::Chart& chart,
                                   int32_t year, const std::string& journal, const char* dash);
Result<LedgerReport> ActivitiesReport(const ReplayInto& replay, int32_t year);
Result<LedgerReport> TreasuryReport(const ReplayInto& replay, const std::string& on,
                                    const char* dash);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_LEDGER_REPORTS_H_
