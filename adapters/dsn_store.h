// The DSN of a month built from the log of a store: as known at the month's filing when it has
// been filed (so that exporting a filed month gives the filed file back, byte for byte), as known
// now otherwise; regularisations against the payroll as known at the previous month's filing.
#ifndef COOPLEDGER_ADAPTERS_DSN_STORE_H_
#define COOPLEDGER_ADAPTERS_DSN_STORE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/dsn_check.h"
#include "adapters/dsn_export.h"
#include "engine/event_store.h"

namespace coopledger::adapters {

// The norm files (DIR/dsn-norm) and the DSN codes (DIR/dsn), loaded once.
struct DsnRules {
  std::map<std::string, DsnNorm> norms;
  DsnCtpTable table;
};
Result<DsnRules> LoadDsnRules(const std::string& rules_directory);

struct DsnFiling {
  events::Seq seq = 0;
  events::DeclarationFiled filed;
};

// Every DeclarationFiled of the log with seq <= `last`, in log order.
Result<std::vector<DsnFiling>> ReadFilings(engine::EventStore& store, events::Seq last);

struct DsnRequest {
  Date month;  // First day of the pay month; for an FCTU, found from the contract's end.
  bool real = false;
  // S20.G00.05.007 of a month not filed yet; by default the day of the log's last event.
  std::optional<Date> file_date;
  std::string nature = "01";  // "07": the end-of-contract signal (FCTU) of `member_id`.
  std::string member_id;
  bool figures_only = false;  // DsnMonthInput::figures_only: for `report urssaf`, never a file.

  static DsnRequest Monthly(Date month, bool real, std::optional<Date> file_date) {
    DsnRequest request;
    request.month = month;
    request.real = real;
    request.file_date = file_date;
    return request;
  }
  static DsnRequest EndOfContract(const std::string& member_id, bool real,
                                  std::optional<Date> file_date) {
    DsnRequest request;
    request.real = real;
    request.file_date = file_date;
    request.nature = "07";
    request.member_id = member_id;
    return request;
  }
};

// kNotFound when the month's norm is not in rules/dsn-norm or the CAE is not configured; for an
// FCTU, when the member is unknown, has no contract end or no payslip of its month.
Result<DsnMonth> BuildDsnFromStore(engine::EventStore& store, const DsnRules& rules,
                                   const DsnRequest& request);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_STORE_H_
