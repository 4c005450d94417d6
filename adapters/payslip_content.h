// What a payslip says, in French, laid out as the simplified payslip ("bulletin de paie
// clarifié"): the mentions of Code du travail R3243-1, in the labels, order and groups that
// R3243-2 lets an arrêté fix (arrêté du 25 février 2016, as amended, notably by the arrêté du
// 31 janvier 2023 for the "Montant net social"). The text only, amounts already formatted;
// adapters/payslip_pdf.h lays it out on a page.
//
// Contributions are grouped by the risk they cover, each PayslipLine by its stable code
// ("vieillesse_plafonnee", "csg_deductible"...); an unknown code falls into "Autres contributions
// dues par l'employeur". A group whose lines share one base is one row (rates and amounts added
// up); a group with several bases is a heading followed by its lines, except the employer's other
// contributions, which the arrêté wants on one row: with several bases, that row shows amounts
// only.
#ifndef COOPLEDGER_ADAPTERS_PAYSLIP_CONTENT_H_
#define COOPLEDGER_ADAPTERS_PAYSLIP_CONTENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/document_content.h"
#include "events/event.h"

namespace coopledger::adapters {

// Totals of the calendar year up to and including the payslip, as the caller folded them.
struct PayslipYearToDate {
  Money gross;
  Money net_taxable;
  Money income_tax;
  Money net_paid;
  Money employer_cost;
  Money reduction;  // Employer contributions relieved (réduction générale...), as a positive sum.
};

// The facts of one issued payslip, gathered from the log by the caller.
struct PayslipSource {
  events::CaeConfigured cae;
  std::string activity_name;  // The CJS, group or entrepreneur's activity the member works for.
  events::MemberJoined member;
  // Opened by the caller; may be the erased placeholder. Empty names print as
  // "[données personnelles effacées]".
  events::PersonalData person;
  events::PayslipIssued payslip;
  PayslipYearToDate year_to_date;
  Date paid_on;
  bool paid_on_planned = false;  // Not paid yet: paid_on is the day planned.
  // Neither is in PayslipIssued or CaeConfigured:
  // The part of this pay exempted from income tax (students under 26, CGI art. 81 bis; DSN
  // S21.G00.50.011), already left out of payslip.net_taxable. Shown when not zero.
  Money students_exempt_income;
  // The URSSAF the contributions are paid to ("URSSAF Auvergne"); shown when set (no longer
  // mandatory since décret 2016-190, but members ask for it).
  std::string urssaf;
};

// One row of the contributions table. Empty strings leave their cells blank.
struct PayslipRow {
  enum class Kind { kGroup, kHeading, kLine, kTotal };
  Kind kind = Kind::kGroup;  // kGroup: a whole group on one row; kLine: a line under a kHeading.
  std::string label;
  std::string base;
  std::string employee_rate;
  std::string employee_amount;
  std::string employer_rate;
  std::string employer_amount;
};

struct PayslipContent {
  std::string title;                      // "Bulletin de paie".
  std::string ascii_title;                // "Bulletin de paie 2025-07 M-0001", PDF metadata.
  std::vector<std::string> employer;      // The CAE's name first, then its identity.
  std::vector<std::string> employee;      // The name first, then the address.
  std::vector<LabelledValue> employment;  // Job, activity, contract and its dates.
  std::vector<LabelledValue> dates;       // Pay period and payment date.
  std::vector<LabelledValue> pay;         // Hours paid, hourly rate; the last is the gross.
  std::vector<PayslipRow> contributions;  // Groups in the arrêté's order, then the total.
  std::vector<LabelledValue> net;         // Net before tax, net taxable, the exempt part.
  PayslipRow withholding;                 // Label, base, rate (employee_rate), amount.
  LabelledValue net_paid;                 // "Net payé": printed in a box.
  std::vector<LabelledValue> after_net;   // Net social, employer cost, relief.
  std::vector<LabelledValue> year_to_date;
  std::vector<std::string> mentions;  // Keep the payslip; service-public.fr.
  std::string footer;                 // The employer's identity.
};

// Composes the payslip of `source`. kAmountOverflow if a total leaves the range of Money (only
// with absurd lines); nothing else fails.
Result<PayslipContent> ComposePayslip(const PayslipSource& source);

// "Coopérant(e) CJS - CDD vacances scolaires", "Contrat d'appui au projet d'entreprise (CAPE)",
// "Entrepreneur(e)-salarié(e) (CESA)"; empty for kUnset.
std::string RegimeLabel(events::Regime regime);

// Minutes as hours with two decimals, half-up: 9100 -> "151,67", 1272 -> "21,20".
std::string FormatHours(int32_t minutes);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_PAYSLIP_CONTENT_H_
