// The DSN builder on a payroll folded from hand-made events: a payslip of a filed month that the
// filing did not know is carried by the next DSN, dated in its own month, in blocks 78/81 and in
// block 23; the bodies are named as the CAE configured them; the payment date is the day the
// wages were paid; the prevoyance contract's members are affiliated to it; every file still
// passes every check.
#include "adapters/dsn_export.h"

#include <gtest/gtest.h>

#include "adapters/dsn_check.h"
#include "tests/test_util/stored_events.h"

namespace coopledger::adapters {
namespace {

using test::Day;
using test::StoredAt;

const std::string kRules = std::string(COOPLEDGER_SOURCE_ROOT) + "/rules";

events::CaeConfigured Cae() {
  events::CaeConfigured cae;
  cae.name = "CAE d'essai";
  cae.siren = "900000001";
  cae.nic = "00017";
  cae.ape_code = "7022Z";
  cae.address = "12 rue Blatin, 63000 Clermont-Ferrand";
  cae.collective_agreement = "3249";
  cae.pension_institution = "Agirc-Arrco";
  cae.bank_iban = "FR7630003630001234567890154";
  cae.bank_bic = "SOGEFRPP";
  cae.urssaf_siret = "70000000100011";
  cae.pension_institution_id = "70000000200019";
  return cae;
}

// Cae() with a prevoyance contract covering `regimes`.
events::CaeConfigured CaeWithContract(std::vector<std::string> regimes) {
  events::CaeConfigured cae = Cae();
  cae.provident_organism_code = "P0901";
  cae.provident_contract_reference = "CONTRAT-2025/01";
  cae.provident_population = "NC";
  cae.provident_regimes = std::move(regimes);
  return cae;
}

events::MemberJoined Youth(const char* id = "Y-0001") {
  events::MemberJoined joined;
  joined.member_id.value = id;
  joined.activity_id.value = "A-CJS";
  joined.regime = events::Regime::kCjsYouth;
  joined.contract = events::ContractKind::kFixedTerm;
  joined.contract_start = Day("2025-07-01");
  joined.contract_end = Day("2025-08-29");
  joined.hourly_rate = Money::FromCents(10'70);
  joined.weekly_minutes = 20 * 60;
  return joined;
}

// A salaried entrepreneur on a permanent contract.
events::MemberJoined Entrepreneur(const char* id) {
  events::MemberJoined joined = Youth(id);
  joined.activity_id.value = "A-ENT";
  joined.regime = events::Regime::kCesa;
  joined.contract = events::ContractKind::kPermanent;
  joined.contract_start = Day("2025-01-01");
  joined.contract_end.reset();
  return joined;
}

// A CAPE holder: no salary.
events::MemberJoined CapeHolder(const char* id) {
  events::MemberJoined joined = Youth(id);
  joined.activity_id.value = "A-KPA";
  joined.regime = events::Regime::kCape;
  joined.contract = events::ContractKind::kCape;
  joined.contract_start = Day("2025-03-01");
  joined.contract_end = Day("2026-02-28");
  return joined;
}

// A payslip of `month` with gross `gross`: health and the general reduction (URSSAF), the
// complementary pension (Agirc-Arrco).
events::PayslipIssued Payslip(const char* month, int64_t gross, const char* member = "Y-0001",
                              events::Regime regime = events::Regime::kCjsYouth) {
  events::PayslipIssued payslip;
  payslip.payslip_id.value = std::string(month) + "-" + member;
  payslip.member_id.value = member;
  payslip.activity_id.value = "A-CJS";
  payslip.regime = regime;
  payslip.period_start = Day((std::string(month) + "-01").c_str());
  payslip.period_end = payslip.period_start.FirstOfNextMonth();
  payslip.paid_minutes = 600;
  payslip.gross = Money::FromCents(gross);
  auto line = [&](const char* code, int64_t employee_ppm, int64_t employer_ppm) {
    events::PayslipLine result;
    result.code = code;
    result.base = payslip.gross;
    result.employee_rate_ppm = employee_ppm;
    result.employer_rate_ppm = employer_ppm;
    result.employee_amount = Money::FromCents(gross * employee_ppm / 1'000'000);
    result.employer_amount = Money::FromCents(gross * employer_ppm / 1'000'000);
    return result;
  };
  payslip.lines = {line("maladie", 0, 70'000), line("retraite_complementaire_t1", 31'500, 47'200),
                   line("reduction_generale", 0, -300'000)};
  payslip.net_taxable = payslip.net_paid = Money::FromCents(gross - gross * 31'500 / 1'000'000);
  if (gross == 0) payslip.lines.clear();
  return payslip;
}

// The transfer of `cents` of `payslip`'s net on `day`.
events::WagePaid Paid(const events::PayslipIssued& payslip, const char* day, int64_t cents) {
  events::WagePaid paid;
  paid.payslip_id = payslip.payslip_id;
  paid.member_id = payslip.member_id;
  paid.paid_on = Day(day);
  paid.amount = Money::FromCents(cents);
  paid.method = events::PaymentMethod::kBankTransfer;
  return paid;
}

// The payroll folded from `bodies`, in order.
projections::PayrollState Fold(const std::vector<events::EventBody>& bodies) {
  projections::PayrollState payroll;
  events::Seq seq = 0;
  for (const events::EventBody& body : bodies) payroll.Apply(StoredAt(++seq, body));
  return payroll;
}

// The rubric lines of `bytes` starting with `prefix`, in order.
std::vector<std::string> Lines(const std::string& bytes, const std::string& prefix) {
  std::vector<std::string> found;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    const std::string line = bytes.substr(start, end - start);
    if (line.rfind(prefix, 0) == 0) found.push_back(line);
    start = end + 1;
  }
  return found;
}

class DsnExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::map<std::string, DsnNorm>> norms = LoadDsnNorms(kRules + "/dsn-norm");
    ASSERT_TRUE(norms.has_value()) << norms.error().ToString();
    norms_ = std::move(*norms);
    Result<DsnCtpTable> table = LoadDsnCtpTable(kRules);
    ASSERT_TRUE(table.has_value()) << table.error().ToString();
    table_ = std::move(*table);
  }

  std::map<std::string, DsnNorm> norms_;
  DsnCtpTable table_;

  Result<DsnMonth> Build(const projections::PayrollState& payroll, const char* month,
                         const std::string& nature = "01", const std::string& member = "") {
    DsnMonthInput input;
    input.month = Day(month);
    input.file_date = input.month.FirstOfNextMonth().AddDays(4);
    input.payroll = &payroll;
    input.nature = nature;
    input.member_id = member;
    return BuildMonthlyDsn(input, norms_.at("P25V01"), table_);
  }

  void ExpectPasses(const std::string& bytes) {
    const DsnReport report = CheckDsn(bytes, norms_, table_);
    std::string findings;
    for (const DsnFinding& finding : report.findings) findings += FormatDsnFinding(finding) + "\n";
    EXPECT_TRUE(report.Passed()) << findings << bytes;
  }
};

TEST_F(DsnExportTest, APayslipOfAFiledMonthIssuedAfterTheFilingIsRegularisedByTheNextDsn) {
  // As known at July's filing: the youth, no July payslip yet. Now: July's and August's.
  projections::PayrollState at_filing;
  projections::PayrollState now;
  events::Seq seq = 0;
  for (events::EventBody body : std::vector<events::EventBody>{Cae(), Youth()}) {
    ++seq;
    at_filing.Apply(StoredAt(seq, body));
    now.Apply(StoredAt(seq, body));
  }
  now.Apply(StoredAt(++seq, Payslip("2025-07", 500'00)));
  const events::PayslipIssued august = Payslip("2025-08", 300'00);
  now.Apply(StoredAt(++seq, august));
  now.Apply(StoredAt(++seq, Paid(august, "2025-09-03", august.net_paid.cents())));

  DsnMonthInput input;
  input.month = Day("2025-08-01");
  input.file_date = Day("2025-09-05");
  input.payroll = &now;
  input.payroll_at_previous_filing = &at_filing;
  input.filed_months = {"2025-07"};
  Result<DsnMonth> dsn = BuildMonthlyDsn(input, norms_.at("P25V01"), table_);
  ASSERT_TRUE(dsn.has_value()) << dsn.error().ToString();
  EXPECT_EQ(dsn->regularisations, 1);
  // Health (7 %) less the reduction (30 %) of both months' gross.
  EXPECT_EQ(dsn->urssaf_total_cents, (35'00 - 150'00) + (21'00 - 90'00));
  EXPECT_EQ(dsn->pension_total_cents, (15'75 + 23'60) + (9'45 + 14'16));
  // July's contributions, dated in July, under the August payment.
  EXPECT_NE(
      dsn->bytes.find("S21.G00.78.001,'03'\nS21.G00.78.002,'01072025'\nS21.G00.78.003,'31072025'\n"
                      "S21.G00.78.004,'500.00'\nS21.G00.81.001,'018'\nS21.G00.81.003,'500.00'\n"
                      "S21.G00.81.004,'-150.00'\n"),
      std::string::npos)
      << dsn->bytes;
  const DsnReport report = CheckDsn(dsn->bytes, norms_, table_);
  std::string findings;
  for (const DsnFinding& finding : report.findings) findings += FormatDsnFinding(finding) + "\n";
  EXPECT_TRUE(report.Passed()) << findings;

  // Without the filing, August declares August alone.
  input.payroll_at_previous_filing = nullptr;
  Result<DsnMonth> alone = BuildMonthlyDsn(input, norms_.at("P25V01"), table_);
  ASSERT_TRUE(alone.has_value());
  EXPECT_EQ(alone->regularisations, 0);
  EXPECT_EQ(alone->urssaf_total_cents, 21'00 - 90'00);
  EXPECT_EQ(alone->bytes.find("S21.G00.78.002,'01072025'"), std::string::npos);
}

TEST_F(DsnExportTest, DeclaresTheDayTheWagesWerePaidAndRefusesAMonthNotPaidYet) {
  const events::PayslipIssued july = Payslip("2025-07", 500'00);
  const int64_t net = july.net_paid.cents();
  Result<DsnMonth> unpaid = Build(Fold({Cae(), Youth(), july}), "2025-07-01");
  ASSERT_FALSE(unpaid.has_value());
  EXPECT_EQ(unpaid.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(unpaid.error().message(),
            "payslip 2025-07-Y-0001 of Y-0001 is not paid yet (0.00 of 484.25): the DSN declares "
            "the day the wages were paid (S21.G00.50.001); record the payment (payroll pay "
            "--month 2025-07 --on YYYY-MM-DD) before exporting it");
  // Partly paid: still not the payment the DSN declares.
  Result<DsnMonth> partly =
      Build(Fold({Cae(), Youth(), july, Paid(july, "2025-08-02", 100'00)}), "2025-07-01");
  ASSERT_FALSE(partly.has_value());
  EXPECT_NE(partly.error().message().find("(100.00 of 484.25)"), std::string::npos);
  // Paid in two transfers: the day of the one that completed it.
  Result<DsnMonth> paid = Build(Fold({Cae(), Youth(), july, Paid(july, "2025-08-02", 100'00),
                                      Paid(july, "2025-08-04", net - 100'00)}),
                                "2025-07-01");
  ASSERT_TRUE(paid.has_value()) << paid.error().ToString();
  EXPECT_EQ(Lines(paid->bytes, "S21.G00.50.001"),
            std::vector<std::string>{"S21.G00.50.001,'04082025'"});
  ExpectPasses(paid->bytes);
  // The end-of-contract signal before the payment leaves the payment out; the month's DSN
  // declares it.
  Result<DsnMonth> signal = Build(Fold({Cae(), Youth(), july}), "2025-07-01", "07", "Y-0001");
  ASSERT_TRUE(signal.has_value()) << signal.error().ToString();
  EXPECT_TRUE(Lines(signal->bytes, "S21.G00.50").empty()) << signal->bytes;
  EXPECT_EQ(signal->individuals, 1);
  ExpectPasses(signal->bytes);
  // A zero payslip (a CAPE's) has nothing to pay: the last day of its period.
  Result<DsnMonth> zero =
      Build(Fold({Cae(), CapeHolder("K-0001"), Payslip("2025-07", 0, "K-0001", events::Regime::kCape)}),
            "2025-07-01");
  ASSERT_TRUE(zero.has_value()) << zero.error().ToString();
  EXPECT_EQ(Lines(zero->bytes, "S21.G00.50.001"),
            std::vector<std::string>{"S21.G00.50.001,'31072025'"});
  ExpectPasses(zero->bytes);
}

TEST_F(DsnExportTest, NamesTheBodiesAsTheCaeConfiguredThem) {
  const events::PayslipIssued july = Payslip("2025-07", 500'00);
  const events::WagePaid paid = Paid(july, "2025-08-03", july.net_paid.cents());
  Result<DsnMonth> dsn = Build(Fold({Cae(), Youth(), july, paid}), "2025-07-01");
  ASSERT_TRUE(dsn.has_value()) << dsn.error().ToString();
  EXPECT_EQ(Lines(dsn->bytes, "S21.G00.20.001"),
            (std::vector<std::string>{"S21.G00.20.001,'70000000100011'",
                                      "S21.G00.20.001,'70000000200019'",
                                      "S21.G00.20.001,'DGFIP'"}));
  // One bordereau, URSSAF's: the pension institution has its payment only.
  EXPECT_EQ(Lines(dsn->bytes, "S21.G00.22.001"),
            std::vector<std::string>{"S21.G00.22.001,'70000000100011'"});
  ExpectPasses(dsn->bytes);

  events::CaeConfigured no_urssaf = Cae();
  no_urssaf.urssaf_siret.clear();
  Result<DsnMonth> refused = Build(Fold({no_urssaf, Youth(), july, paid}), "2025-07-01");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(refused.error().message(),
            "the CAE's configuration has no urssaf_siret: record configure-cae with the SIRET of "
            "its URSSAF (S21.G00.20.001, S21.G00.22.001) before exporting a monthly DSN");
  events::CaeConfigured no_pension = Cae();
  no_pension.pension_institution_id.clear();
  refused = Build(Fold({no_pension, Youth(), july, paid}), "2025-07-01");
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message().find("has no pension_institution_id"), std::string::npos);
  // The end-of-contract signal pays nobody: it needs neither.
  Result<DsnMonth> signal = Build(Fold({no_urssaf, Youth(), july}), "2025-07-01", "07", "Y-0001");
  EXPECT_TRUE(signal.has_value()) << signal.error().ToString();
}

TEST_F(DsnExportTest, AffiliatesTheMembersTheProvidentContractCoversAndDeclaresEveryPension) {
  const events::PayslipIssued youth = Payslip("2025-07", 500'00);
  const events::PayslipIssued cesa = Payslip("2025-07", 1'800'00, "E-0001", events::Regime::kCesa);
  const events::PayslipIssued cape = Payslip("2025-07", 0, "K-0001", events::Regime::kCape);
  const std::vector<events::EventBody> people = {
      Youth(),        Entrepreneur("E-0001"), CapeHolder("K-0001"),
      youth,          cesa,                   cape,
      Paid(youth, "2025-08-03", youth.net_paid.cents()),
      Paid(cesa, "2025-08-03", cesa.net_paid.cents())};
  std::vector<events::EventBody> log = {CaeWithContract({"cesa"})};
  log.insert(log.end(), people.begin(), people.end());
  Result<DsnMonth> dsn = Build(Fold(log), "2025-07-01");
  ASSERT_TRUE(dsn.has_value()) << dsn.error().ToString();
  EXPECT_EQ(Lines(dsn->bytes, "S21.G00.15"),
            (std::vector<std::string>{"S21.G00.15.001,'CONTRAT-2025/01'",
                                      "S21.G00.15.002,'P0901'", "S21.G00.15.005,'1'"}));
  // The entrepreneur alone is affiliated; every contract has its complementary pension block,
  // the CAPE's saying it has none.
  EXPECT_EQ(dsn->provident_affiliations, 1);
  EXPECT_EQ(Lines(dsn->bytes, "S21.G00.70"),
            (std::vector<std::string>{"S21.G00.70.005,'NC'", "S21.G00.70.012,'1'",
                                      "S21.G00.70.013,'1'"}));
  const size_t affiliation = dsn->bytes.find("S21.G00.70.005");
  EXPECT_LT(dsn->bytes.find("S21.G00.40.009,'E-0001'"), affiliation);
  EXPECT_GT(dsn->bytes.find("S21.G00.40.009,'K-0001'"), affiliation);
  // Individuals by member id: the entrepreneur, the CAPE holder, the youth.
  EXPECT_EQ(Lines(dsn->bytes, "S21.G00.71.002"),
            (std::vector<std::string>{"S21.G00.71.002,'RUAA'", "S21.G00.71.002,'90000'",
                                      "S21.G00.71.002,'RUAA'"}));
  EXPECT_EQ(dsn->provident_total_cents, 0);  // No premium on these payslips: no payment.
  EXPECT_EQ(Lines(dsn->bytes, "S21.G00.20.001,'P0901'").size(), 0u);
  ExpectPasses(dsn->bytes);

  // Covering the youths too: two affiliations. Without a contract: no adhesion, no affiliation.
  log.front() = CaeWithContract({"cjsYouth", "cesa"});
  dsn = Build(Fold(log), "2025-07-01");
  ASSERT_TRUE(dsn.has_value()) << dsn.error().ToString();
  EXPECT_EQ(dsn->provident_affiliations, 2);
  ExpectPasses(dsn->bytes);
  // The youth's end-of-contract signal carries the adhesion and the affiliation too.
  Result<DsnMonth> signal = Build(Fold(log), "2025-07-01", "07", "Y-0001");
  ASSERT_TRUE(signal.has_value()) << signal.error().ToString();
  EXPECT_EQ(Lines(signal->bytes, "S21.G00.15.002"), std::vector<std::string>{"S21.G00.15.002,'P0901'"});
  EXPECT_EQ(Lines(signal->bytes, "S21.G00.70.013"), std::vector<std::string>{"S21.G00.70.013,'1'"});
  ExpectPasses(signal->bytes);
  log.front() = Cae();
  dsn = Build(Fold(log), "2025-07-01");
  ASSERT_TRUE(dsn.has_value()) << dsn.error().ToString();
  EXPECT_TRUE(Lines(dsn->bytes, "S21.G00.15").empty());
  EXPECT_TRUE(Lines(dsn->bytes, "S21.G00.70").empty());
  ExpectPasses(dsn->bytes);
}

TEST_F(DsnExportTest, DeclaresAHealthPremiumOnItsAffiliationAndPaysItToTheOrganism) {
  events::PayslipIssued cesa = Payslip("2025-07", 1'800'00, "E-0001", events::Regime::kCesa);
  events::PayslipLine health;
  health.code = "complementaire_sante";
  health.base = Money::FromCents(50'00);
  health.employee_rate_ppm = health.employer_rate_ppm = 500'000;
  health.employee_amount = health.employer_amount = Money::FromCents(25'00);
  cesa.lines.push_back(health);
  const events::WagePaid paid = Paid(cesa, "2025-08-03", cesa.net_paid.cents());
  Result<DsnMonth> dsn =
      Build(Fold({CaeWithContract({"cesa"}), Entrepreneur("E-0001"), cesa, paid}), "2025-07-01");
  ASSERT_TRUE(dsn.has_value()) << dsn.error().ToString();
  EXPECT_EQ(dsn->provident_total_cents, 50'00);
  EXPECT_NE(dsn->bytes.find("S21.G00.78.001,'31'\nS21.G00.78.002,'01072025'\n"
                            "S21.G00.78.003,'31072025'\nS21.G00.78.004,'50.00'\n"
                            "S21.G00.78.005,'1'\nS21.G00.81.001,'059'\n"
                            "S21.G00.81.003,'50.00'\nS21.G00.81.004,'50.00'\n"),
            std::string::npos)
      << dsn->bytes;
  EXPECT_NE(dsn->bytes.find("S21.G00.20.001,'P0901'\nS21.G00.20.003,'SOGEFRPP'"), std::string::npos)
      << dsn->bytes;
  ExpectPasses(dsn->bytes);
  // A premium for a member the contract does not cover has no affiliation to go to.
  Result<DsnMonth> refused =
      Build(Fold({CaeWithContract({"cjsYouth"}), Entrepreneur("E-0001"), cesa, paid}), "2025-07-01");
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(refused.error().message().find("E-0001: a payslip line is paid to the health insurer"),
            std::string::npos);
}

}  // namespace
}  // namespace coopledger::adapters
