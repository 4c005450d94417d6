// The DSN builder on a payroll folded from hand-made events: a payslip of a filed month that the
// filing did not know is carried by the next DSN, dated in its own month, in blocks 78/81 and in
// block 23, and the file still passes every check.
#include "adapters/dsn_export.h"

#include <gtest/gtest.h>

#include "adapters/dsn_check.h"

namespace coopledger::adapters {
namespace {

const std::string kRules = std::string(COOPLEDGER_SOURCE_ROOT) + "/rules";

Date Day(const char* text) { return Date::Parse(text).value(); }

events::StoredEvent Stored(events::Seq seq, events::EventBody body) {
  events::StoredEvent event;
  event.seq = seq;
  event.body = std::move(body);
  return event;
}

events::CaeConfigured Cae() {
  events::CaeConfigured cae;
  cae.name = "CAE d'essai";
  cae.siren = "900000001";
  cae.nic = "00017";
  cae.ape_code = "7022Z";
  cae.address = "12 rue Blatin, 63000 Clermont-Ferrand";
  cae.collective_agreement = "3249";
  cae.pension_institution = "Agirc-Arrco";
  return cae;
}

events::MemberJoined Youth() {
  events::MemberJoined joined;
  joined.member_id.value = "Y-0001";
  joined.activity_id.value = "A-CJS";
  joined.regime = events::Regime::kCjsYouth;
  joined.contract = events::ContractKind::kFixedTerm;
  joined.contract_start = Day("2025-07-01");
  joined.contract_end = Day("2025-08-29");
  joined.hourly_rate = Money::FromCents(10'70);
  joined.weekly_minutes = 20 * 60;
  return joined;
}

// A payslip of `month` with gross `gross`: health and the general reduction (URSSAF), the
// complementary pension (Agirc-Arrco).
events::PayslipIssued Payslip(const char* month, int64_t gross) {
  events::PayslipIssued payslip;
  payslip.payslip_id.value = std::string(month) + "-Y-0001";
  payslip.member_id.value = "Y-0001";
  payslip.activity_id.value = "A-CJS";
  payslip.regime = events::Regime::kCjsYouth;
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
  return payslip;
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
};

TEST_F(DsnExportTest, APayslipOfAFiledMonthIssuedAfterTheFilingIsRegularisedByTheNextDsn) {
  // As known at July's filing: the youth, no July payslip yet. Now: July's and August's.
  projections::PayrollState at_filing;
  projections::PayrollState now;
  events::Seq seq = 0;
  for (events::EventBody body : std::vector<events::EventBody>{Cae(), Youth()}) {
    ++seq;
    at_filing.Apply(Stored(seq, body));
    now.Apply(Stored(seq, body));
  }
  now.Apply(Stored(++seq, Payslip("2025-07", 500'00)));
  now.Apply(Stored(++seq, Payslip("2025-08", 300'00)));

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

}  // namespace
}  // namespace coopledger::adapters
