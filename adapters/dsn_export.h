// The monthly DSN (nature 01) of a pay month, built from the payroll projection (DOMAIN section 4):
// S10 (envoi, emitter, contact), S20 (declaration, contact), S21.G00.06/.11 (company and
// establishment), the payments and contributions due to each body (S21.G00.20, .22, and the
// URSSAF aggregated contributions by CTP in .23), then per individual S21.G00.30, .40 (with .62
// at the contract's end and .71 for the complementary pension), .50, .51, .78 and .81; S90 with
// its counts. Lines are `rubric,'value'` in ISO-8859-1, values as the norm types them.
//
// Regularisations: every change to a month already filed (payslips issued for it, hours dated in
// it) that was recorded after the previous month's filing is carried by this DSN, as the
// difference between the payroll as known at that filing and as known now: S21.G00.51 blocks for
// the hours and pay, S21.G00.78/.81 blocks dated in the corrected month for contributions, and
// their URSSAF amounts in block 23.
#ifndef COOPLEDGER_ADAPTERS_DSN_EXPORT_H_
#define COOPLEDGER_ADAPTERS_DSN_EXPORT_H_

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapters/dsn_ctp.h"
#include "adapters/dsn_norm.h"
#include "projections/payroll_state.h"

namespace coopledger::adapters {

// The norm of a declared month's year: "P25V01" for 2025.
std::string DsnNormVersion(Date month);

struct DsnMonthInput {
  Date month;                                          // First day of the declared pay month.
  Date file_date;                                      // S20.G00.05.007.
  bool real = false;                                   // S10.G00.00.005: 02 real, 01 test.
  const projections::PayrollState* payroll = nullptr;  // As known for this DSN.
  // As known when the previous month's DSN was filed (nullptr: nothing to regularise).
  const projections::PayrollState* payroll_at_previous_filing = nullptr;
  std::set<std::string> filed_months;  // "2025-07": the months filed by then, regularised.
  // Nature "07": the end-of-contract signal (FCTU) of `member_id` alone, without the payments.
  std::string nature = "01";
  std::string member_id;
  // Opens a member's sealed personal data; nullopt when erased or unreadable.
  std::function<std::optional<events::PersonalData>(const events::SealedData&)> unseal;
};

// What the DSN declares, for the summaries and the tests.
struct DsnUrssafLine {
  std::string ctp;
  std::string qualifier;
  int64_t rate_ppm = 0;  // 0 for a deduction (the coefficient varies by employee).
  int64_t base_cents = 0;
  int64_t amount_cents = 0;  // Positive for a deduction too, as block 23 declares it.
  bool deduction = false;
};

struct DsnMonth {
  std::string bytes;  // The file, ISO-8859-1.
  std::vector<DsnUrssafLine> urssaf;
  int64_t urssaf_total_cents = 0;   // S21.G00.22.005 of URSSAF.
  int64_t pension_total_cents = 0;  // S21.G00.22.005 of the pension institution.
  int64_t income_tax_cents = 0;     // S21.G00.20.005 of the DGFiP.
  int32_t individuals = 0;
  int32_t regularisations = 0;  // Individuals with a regularisation of an earlier month.
};

// Builds the month's DSN. kNotFound when the CAE is not configured; kInvalidArgument naming the
// payslip line whose code rules/dsn/ctp.json does not map while it has an amount.
Result<DsnMonth> BuildMonthlyDsn(const DsnMonthInput& input, const DsnNorm& norm,
                                 const DsnCtpTable& table);

// UTF-8 text as ISO-8859-1; characters outside it are transliterated ("oe", "EUR", "'", "-") or
// become '?'.
std::string ToLatin1(const std::string& utf8);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_EXPORT_H_
