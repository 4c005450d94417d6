#include "adapters/payslip_content.h"

#include <array>
#include <cstdio>
#include <string_view>
#include <utility>

// The printed French text is UTF-8, as in adapters/document_content.cc: labels must read as the
// arrêté writes them.

namespace coopledger::adapters {
namespace {


// The arrêté's groups, in its order.
enum class Group : size_t {
  kHealth,
  kWorkAccidents,
  kPension,
  kFamily,
  kUnemployment,
  kOtherEmployer,
  kCsgDeductible,
  kCsgNonDeductible,
  kRelief,
};
constexpr std::array<const char*, 9> kGroupLabels = {
    "Santé",
    "Accidents du travail - maladies professionnelles",
    "Retraite",
    "Famille",
    "Assurance chômage",
    "Autres contributions dues par l'employeur",
    "CSG déductible de l'impôt sur le revenu",
    "CSG/CRDS non déductible de l'impôt sur le revenu",
    "Exonérations, écrêtements et allègements de cotisations",
};

constexpr std::array<std::pair<std::string_view, Group>, 23> kGroupOfCode = {{
    {"maladie", Group::kHealth},
    {"complementaire_sante", Group::kHealth},
    {"accident_travail", Group::kWorkAccidents},
    {"vieillesse_plafonnee", Group::kPension},
    {"vieillesse_deplafonnee", Group::kPension},
    {"retraite_complementaire_t1", Group::kPension},
    {"ceg_t1", Group::kPension},
    {"allocations_familiales", Group::kFamily},
    {"chomage", Group::kUnemployment},
    {"ags", Group::kUnemployment},
    {"csa", Group::kOtherEmployer},
    {"fnal", Group::kOtherEmployer},
    {"formation_professionnelle", Group::kOtherEmployer},
    {"taxe_apprentissage", Group::kOtherEmployer},
    {"taxe_apprentissage_solde", Group::kOtherEmployer},
    {"cpf_cdd", Group::kOtherEmployer},
    {"dialogue_social", Group::kOtherEmployer},
    {"peec", Group::kOtherEmployer},
    {"forfait_social", Group::kOtherEmployer},
    {"csg_deductible", Group::kCsgDeductible},
    {"csg_non_deductible", Group::kCsgNonDeductible},
    {"crds", Group::kCsgNonDeductible},
    {"reduction_generale", Group::kRelief},
}};

Group GroupOf(std::string_view code) {
  for (const auto& [known, group] : kGroupOfCode) {
    if (code == known) return group;
  }
  return Group::kOtherEmployer;
}


Status AddChecked(int64_t& total, int64_t value, const char* what) {
  if (__builtin_add_overflow(total, value, &total)) {
    return Error(ErrorCode::kAmountOverflow, std::string("payslip: the total of ") + what +
                                                 " leaves the range of 64-bit integers");
  }
  return OkStatus();
}

// The lines of one row, added up. A side's cells show when any line has a rate or an amount on
// that side, so that an employer-only group leaves the employee's cells blank.
struct RowSum {
  int64_t employee_rate_ppm = 0;
  int64_t employer_rate_ppm = 0;
  int64_t employee_cents = 0;
  int64_t employer_cents = 0;
  bool employee_side = false;
  bool employer_side = false;
};

Result<RowSum> Sum(const std::vector<const events::PayslipLine*>& lines) {
  RowSum sum;
  for (const events::PayslipLine* line : lines) {
    COOPLEDGER_RETURN_IF_ERROR(AddChecked(sum.employee_rate_ppm, line->employee_rate_ppm, "rates"));
    COOPLEDGER_RETURN_IF_ERROR(AddChecked(sum.employer_rate_ppm, line->employer_rate_ppm, "rates"));
    COOPLEDGER_RETURN_IF_ERROR(
        AddChecked(sum.employee_cents, line->employee_amount.cents(), "employee amounts"));
    COOPLEDGER_RETURN_IF_ERROR(
        AddChecked(sum.employer_cents, line->employer_amount.cents(), "employer amounts"));
    sum.employee_side =
        sum.employee_side || line->employee_rate_ppm != 0 || line->employee_amount != Money::Zero();
    sum.employer_side =
        sum.employer_side || line->employer_rate_ppm != 0 || line->employer_amount != Money::Zero();
  }
  return sum;
}

bool ShareOneBase(const std::vector<const events::PayslipLine*>& lines) {
  for (const events::PayslipLine* line : lines) {
    if (line->base != lines.front()->base) return false;
  }
  return true;
}

// `with_rates`: the lines share one base, so their rates add up to the row's rate.
PayslipRow Row(PayslipRow::Kind kind, std::string label, const RowSum& sum, Money base,
               bool with_rates) {
  PayslipRow row;
  row.kind = kind;
  row.label = std::move(label);
  if (with_rates) row.base = FormatEuros(base);
  if (sum.employee_side) {
    if (with_rates && sum.employee_rate_ppm != 0)
      row.employee_rate = FormatRate(sum.employee_rate_ppm);
    row.employee_amount = FormatEuros(Money::FromCents(sum.employee_cents));
  }
  if (sum.employer_side) {
    if (with_rates && sum.employer_rate_ppm != 0)
      row.employer_rate = FormatRate(sum.employer_rate_ppm);
    row.employer_amount = FormatEuros(Money::FromCents(sum.employer_cents));
  }
  return row;
}

// Appends the rows of one group; adds its amounts to `total`.
Status AddGroup(Group group, const std::vector<const events::PayslipLine*>& lines,
                std::vector<PayslipRow>& rows, RowSum& total) {
  const std::string label = kGroupLabels[static_cast<size_t>(group)];
  COOPLEDGER_ASSIGN_OR_RETURN(const RowSum sum, Sum(lines));
  COOPLEDGER_RETURN_IF_ERROR(AddChecked(total.employee_cents, sum.employee_cents, "contributions"));
  COOPLEDGER_RETURN_IF_ERROR(AddChecked(total.employer_cents, sum.employer_cents, "contributions"));
  const bool one_base = ShareOneBase(lines);
  if (one_base || group == Group::kOtherEmployer) {
    rows.push_back(Row(PayslipRow::Kind::kGroup, label, sum, lines.front()->base, one_base));
    return OkStatus();
  }
  rows.push_back(PayslipRow{PayslipRow::Kind::kHeading, label, "", "", "", "", ""});
  for (const events::PayslipLine* line : lines) {
    COOPLEDGER_ASSIGN_OR_RETURN(const RowSum line_sum, Sum({line}));
    rows.push_back(Row(PayslipRow::Kind::kLine, line->label.empty() ? line->code : line->label,
                       line_sum, line->base, /*with_rates=*/true));
  }
  return OkStatus();
}

struct Contributions {
  std::vector<PayslipRow> rows;
  Money relief;  // What the relief group took off the employer's contributions, positive.
};

Result<Contributions> ContributionRows(const std::vector<events::PayslipLine>& lines) {
  std::array<std::vector<const events::PayslipLine*>, kGroupLabels.size()> groups;
  for (const events::PayslipLine& line : lines) {
    groups[static_cast<size_t>(GroupOf(line.code))].push_back(&line);
  }
  Contributions contributions;
  RowSum total;
  total.employee_side = total.employer_side = true;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (groups[i].empty()) continue;
    COOPLEDGER_RETURN_IF_ERROR(
        AddGroup(static_cast<Group>(i), groups[i], contributions.rows, total));
  }
  COOPLEDGER_ASSIGN_OR_RETURN(const RowSum relief,
                              Sum(groups[static_cast<size_t>(Group::kRelief)]));
  contributions.relief = Money::FromCents(0 - relief.employer_cents);
  contributions.rows.push_back(Row(PayslipRow::Kind::kTotal,
                                   "Total des cotisations et contributions", total, Money(),
                                   /*with_rates=*/false));
  return contributions;
}

std::vector<std::string> EmployerLines(const PayslipSource& source) {
  const events::CaeConfigured& cae = source.cae;
  std::vector<std::string> lines = {cae.name};
  if (!cae.address.empty()) lines.push_back(cae.address);
  lines.push_back(SiretLine(cae));
  // R3243-1 4°: without a branch agreement, the Code du travail's articles on paid leave and
  // notice take its place.
  lines.push_back(cae.collective_agreement.empty()
                      ? "Convention collective : aucune (congés payés : C. trav. L3141-3 ; "
                        "préavis : L1234-1)"
                      : "Convention collective : IDCC " + cae.collective_agreement);
  if (!source.urssaf.empty()) lines.push_back("Cotisations versées à : " + source.urssaf);
  return lines;
}

std::vector<std::string> EmployeeLines(const PayslipSource& source) {
  const events::PersonalData& person = source.person;
  std::vector<std::string> lines = {PersonName(person)};
  if (!person.address.empty()) lines.push_back(person.address);
  if (!person.social_security_number.empty()) {
    lines.push_back("N° de sécurité sociale : " + person.social_security_number);
  }
  lines.push_back("Matricule : " + source.member.member_id.value);
  return lines;
}

std::string ContractLabel(events::ContractKind contract) {
  switch (contract) {
    case events::ContractKind::kFixedTerm:
      return "CDD";
    case events::ContractKind::kPermanent:
      return "CDI";
    case events::ContractKind::kCape:
      return "CAPE";
    case events::ContractKind::kUnset:
      break;
  }
  return "";
}

std::vector<LabelledValue> EmploymentLines(const PayslipSource& source) {
  const events::MemberJoined& member = source.member;
  std::vector<LabelledValue> lines = {{"Emploi", RegimeLabel(member.regime)}};
  if (!source.activity_name.empty()) lines.push_back({"Activité", source.activity_name});
  if (const std::string contract = ContractLabel(member.contract); !contract.empty()) {
    lines.push_back({"Contrat", contract});
  }
  lines.push_back({"Date d'entrée", FormatDate(member.contract_start)});
  if (member.contract_end) lines.push_back({"Fin du contrat", FormatDate(*member.contract_end)});
  return lines;
}

// PayslipIssued holds no withholding rate: it is recovered from the amount and the base, to the
// tenth of a point that PAS rates are set in. Exact once the base exceeds 10 €, since the amount
// is rounded to the cent.
std::string WithholdingRate(const events::PayslipIssued& payslip) {
  if (payslip.net_taxable <= Money::Zero()) return FormatRate(0);
  Result<int64_t> tenths =
      MulDivRoundHalfUp(payslip.income_tax.cents(), 1000, payslip.net_taxable.cents());
  return tenths ? FormatRate(*tenths * 1000) : "";
}

}  // namespace

std::string RegimeLabel(events::Regime regime) {
  switch (regime) {
    case events::Regime::kCjsYouth:
      return "Coopérant(e) CJS - CDD vacances scolaires";
    case events::Regime::kCape:
      return "Contrat d'appui au projet d'entreprise (CAPE)";
    case events::Regime::kCesa:
      return "Entrepreneur(e)-salarié(e) (CESA)";
    case events::Regime::kUnset:
      break;
  }
  return "";
}

std::string FormatHours(int32_t minutes) {
  const Result<int64_t> hundredths = MulDivRoundHalfUp(minutes, 100, 60);
  COOPLEDGER_ASSERT(hundredths.has_value());  // An int32 count of minutes cannot overflow.
  const int64_t value = *hundredths;
  const uint64_t magnitude =
      value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  char text[32];
  std::snprintf(text, sizeof text, "%s%llu,%02llu", value < 0 ? "-" : "",
                static_cast<unsigned long long>(magnitude / 100),
                static_cast<unsigned long long>(magnitude % 100));
  return text;
}

Result<PayslipContent> ComposePayslip(const PayslipSource& source) {
  const events::PayslipIssued& payslip = source.payslip;
  PayslipContent content;
  content.title = "Bulletin de paie";
  const std::string month = payslip.period_start.ToString().substr(0, 7);
  content.ascii_title = "Bulletin de paie " + month + " " + source.member.member_id.value;
  content.employer = EmployerLines(source);
  content.employee = EmployeeLines(source);
  content.employment = EmploymentLines(source);
  content.dates = {{"Période", "du " + FormatDate(payslip.period_start) + " au " +
                                   FormatDate(payslip.period_end.AddDays(-1))},
                   {source.paid_on_planned ? "Date de paiement prévue" : "Date de paiement",
                    FormatDate(source.paid_on)}};
  content.pay.push_back({"Heures payées", FormatHours(payslip.paid_minutes)});
  if (source.member.hourly_rate != Money::Zero()) {
    content.pay.push_back({"Taux horaire brut", FormatEuros(source.member.hourly_rate)});
  }
  content.pay.push_back({"Salaire brut", FormatEuros(payslip.gross)});

  COOPLEDGER_ASSIGN_OR_RETURN(Contributions contributions, ContributionRows(payslip.lines));
  content.contributions = std::move(contributions.rows);

  content.net = {{"Net à payer avant impôt sur le revenu", FormatEuros(payslip.net_before_tax)},
                 {"Net imposable", FormatEuros(payslip.net_taxable)}};
  if (source.students_exempt_income != Money::Zero()) {
    content.net.push_back(
        {"Rémunération exonérée d'impôt sur le revenu (étudiant, CGI art. 81 bis)",
         FormatEuros(source.students_exempt_income)});
  }
  content.withholding = PayslipRow{PayslipRow::Kind::kGroup,
                                   "Impôt sur le revenu prélevé à la source",
                                   FormatEuros(payslip.net_taxable),
                                   WithholdingRate(payslip),
                                   FormatEuros(payslip.income_tax),
                                   "",
                                   ""};
  content.net_paid = {"Net payé", FormatEuros(payslip.net_paid)};
  content.after_net = {{"Montant net social", FormatEuros(payslip.net_social)},
                       {"Coût total employeur", FormatEuros(payslip.employer_cost)}};
  if (contributions.relief != Money::Zero()) {
    content.after_net.push_back(
        {"Total des allègements de cotisations employeur", FormatEuros(contributions.relief)});
  }

  const PayslipYearToDate& year = source.year_to_date;
  content.year_to_date = {{"Salaire brut", FormatEuros(year.gross)},
                          {"Net imposable", FormatEuros(year.net_taxable)},
                          {"Impôt prélevé", FormatEuros(year.income_tax)},
                          {"Net payé", FormatEuros(year.net_paid)},
                          {"Coût employeur", FormatEuros(year.employer_cost)},
                          {"Allègements", FormatEuros(year.reduction)}};

  if (!payslip.corrects.empty()) {
    content.mentions.push_back("Ce bulletin régularise : " + JoinNonEmpty(payslip.corrects, ", ") +
                               ".");
  }
  content.mentions.push_back(
      "Dans votre intérêt et pour vous aider à faire valoir vos droits, conservez ce bulletin de "
      "paie sans limitation de durée.");
  content.mentions.push_back(
      "Pour en savoir plus sur votre bulletin de paie : "
      "https://www.service-public.fr/particuliers/vosdroits/F559");
  content.footer =
      JoinNonEmpty({source.cae.name, "SIRET " + FormatSiret(source.cae.siren + source.cae.nic),
                    source.cae.address},
                   " · ");
  return content;
}

}  // namespace coopledger::adapters
