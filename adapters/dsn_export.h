// The monthly DSN (nature 01) of a pay month, built from the payroll projection (DOMAIN section 4):
// S10 (envoi, emitter, contact), S20 (declaration, contact), S21.G00.06/.11 (company and
// establishment), the payments and contributions due to each body (S21.G00.20, .22, and the
// URSSAF aggregated contributions by CTP in .23), then per individual S21.G00.30, .40 (with .62
// at the contract's end, .70 for the prevoyance contract's affiliation and .71 for the
// complementary pension), .50, .51, .78 and .81; S90 with its counts. Lines are `rubric,'value'`
// in ISO-8859-1, values as the norm types them.
//
// The bodies are named as the CAE configured them (CaeConfigured): URSSAF by its SIRET in
// S21.G00.20 and S21.G00.22 (the bordereau of block 22, with its CTP lines in block 23, is
// URSSAF's alone), the Agirc-Arrco caisse in S21.G00.20, the withholding tax's payment to
// "DGFIP" (rules/dsn/ctp.json). With a prevoyance / health contract configured, the
// establishment declares its adhesion (S21.G00.15: reference, organism code, technical id) and
// every individual whose regime it covers an affiliation (S21.G00.70) pointing at it; a payslip
// line paid to the health insurer is declared on base 31 (S21.G00.78.005: the affiliation) with
// contribution 059 and paid to the organism in S21.G00.20.
//
// Payment date (S21.G00.50.001, "Date de versement"): the cahier technique defines it as the date
// the debtor makes the payment, from which the DGFiP sets the tax year ("Date à laquelle le
// débiteur effectue le versement [...] permet à la DGFIP de déterminer le millésime", as
// transcribed at https://amossi.com/dsn/2023/dsn_2023_s21.g00.50): the day of the payslip's last
// WagePaid, which completed it. A payslip with nothing to pay (a CAPE's zero payslip) has no
// payment: its date is the last day of its pay period. A monthly DSN whose payslip is not fully
// paid yet is refused, naming the payslip and what is left, since the payment it would declare
// has not happened; an end-of-contract signal (nature 07) leaves the payment block out instead
// (the month's DSN declares it once paid), as the three end-of-contract signals of open-neodes'
// sample DSN (sample_dsn_P25V01.dsn) do.
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
#include "adapters/dsn_text.h"
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
  // For figures only (`report urssaf`), never for a written file: nothing the file alone needs is
  // required (the bodies' identifiers; an unpaid payslip is dated on its period's last day).
  bool figures_only = false;
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
  int64_t pension_total_cents = 0;    // S21.G00.20.005 of the pension institution.
  int64_t provident_total_cents = 0;  // S21.G00.20.005 of the prevoyance organism.
  int64_t income_tax_cents = 0;       // S21.G00.20.005 of the DGFiP.
  int32_t provident_affiliations = 0;  // S21.G00.70 blocks.
  int32_t individuals = 0;
  int32_t regularisations = 0;  // Individuals with a regularisation of an earlier month.
};

// Builds the month's DSN. kNotFound when the CAE is not configured, when a monthly DSN lacks the
// URSSAF's SIRET or the Agirc-Arrco caisse's identifier in the CAE's configuration (naming the
// field), or when one of its payslips is not fully paid (naming it); kInvalidArgument naming the
// payslip line whose code rules/dsn/ctp.json does not map while it has an amount, or a line paid
// to the health insurer of a member no configured contract covers.
Result<DsnMonth> BuildMonthlyDsn(const DsnMonthInput& input, const DsnNorm& norm,
                                 const DsnCtpTable& table);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_EXPORT_H_
