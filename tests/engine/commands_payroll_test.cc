// The payroll deciders: adopted tables must match their hash, a payslip's figures must add up, a
// member has one payslip a month, a month closes only when everyone employed has theirs, and a
// closed month takes no more payslips. Every refusal appends nothing (Refuse checks the head).
#include <gtest/gtest.h>

#include "engine/hash_chain.h"
#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

class PayrollCommandsTest : public CommandHandlerTest {
 protected:
  static events::ParametersAdopted Table() {
    events::ParametersAdopted adopted;
    adopted.version = "2025-05";
    adopted.effective_from = Day("2025-05-01");
    adopted.effective_until = Day("2026-01-01");
    adopted.table = R"({"version": "2025-05"})";
    const engine::Hash hash = engine::Sha256(adopted.table);
    adopted.table_sha256.assign(hash.begin(), hash.end());
    adopted.source = "rules/payroll/2025-05.json";
    return adopted;
  }

  // A July payslip of M-0001 whose figures add up: gross 100.00, one line of 10.00 withheld and
  // 20.00 on the employer's side.
  static events::PayslipIssued July() {
    events::PayslipIssued payslip;
    payslip.payslip_id.value = "2025-07-M-0001";
    payslip.member_id.value = "M-0001";
    payslip.activity_id.value = "A-CJS";
    payslip.period_start = Day("2025-07-01");
    payslip.period_end = Day("2025-08-01");
    payslip.paid_minutes = 600;
    payslip.gross = Money::FromCents(100'00);
    events::PayslipLine line;
    line.code = "vieillesse_plafonnee";
    line.base = payslip.gross;
    line.employee_amount = Money::FromCents(10'00);
    line.employer_amount = Money::FromCents(20'00);
    payslip.lines = {line};
    payslip.employee_contributions = Money::FromCents(10'00);
    payslip.employer_contributions = Money::FromCents(20'00);
    payslip.net_before_tax = payslip.net_taxable = payslip.net_social = payslip.net_paid = Money::FromCents(90'00);
    payslip.employer_cost = Money::FromCents(120'00);
    payslip.parameters_version = "2025-05";
    return payslip;
  }
};

TEST_F(PayrollCommandsTest, AnAdoptedTableMustMatchItsHashAndIsAdoptedOnce) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::ParametersAdopted tampered = Table();
  tampered.table += " ";
  const Error error = Refuse(tampered);
  EXPECT_EQ(error.message(), "table_sha256: is not the SHA-256 of the table");
  events::ParametersAdopted mid_month = Table();
  mid_month.effective_from = Day("2025-05-02");
  EXPECT_EQ(Refuse(mid_month).code(), ErrorCode::kInvalidArgument);
  Accept(Table());
  EXPECT_NE(Refuse(Table()).message().find("2025-05"), std::string::npos);
}

TEST_F(PayrollCommandsTest, APayslipMustAddUpAndCoverAMonthOfTheContract) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  EXPECT_EQ(Refuse(July()).message(), "parameters_version: \"2025-05\" was never adopted");
  Accept(Table());
  events::PayslipIssued wrong_net = July();
  wrong_net.net_before_tax = Money::FromCents(91'00);
  EXPECT_EQ(Refuse(wrong_net).message(), "net_before_tax: is 91.00 but the payslip's figures give 90.00");
  events::PayslipIssued wrong_cost = July();
  wrong_cost.employer_cost = Money::FromCents(100'00);
  EXPECT_EQ(Refuse(wrong_cost).message(), "employer_cost: is 100.00 but the payslip's figures give 120.00");
  events::PayslipIssued two_months = July();
  two_months.period_end = Day("2025-09-01");
  EXPECT_EQ(Refuse(two_months).code(), ErrorCode::kInvalidArgument);
  events::PayslipIssued september = July();
  september.payslip_id.value = "2025-09-M-0001";
  september.period_start = Day("2025-09-01");
  september.period_end = Day("2025-10-01");
  EXPECT_EQ(Refuse(september).message(), "period_start: M-0001 has no contract in 2025-09");
  Accept(July());
  events::PayslipIssued again = July();
  again.payslip_id.value = "2025-07-M-0001-bis";
  const Error twice = Refuse(again);
  EXPECT_EQ(twice.code(), ErrorCode::kAlreadyExists);
  EXPECT_NE(twice.message().find("already has the payslip of 2025-07"), std::string::npos) << twice.message();
}

TEST_F(PayrollCommandsTest, AMonthClosesWhenEveryoneHasTheirPayslipAndThenTakesNoMore) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Table());
  events::PayrollMonthClosed close;
  close.month = Day("2025-07-01");
  close.payslip_count = 0;
  EXPECT_EQ(Refuse(close).message(), "month: M-0001 has no payslip for 2025-07: run the payroll before closing");
  Accept(July());
  EXPECT_EQ(Refuse(close).message(), "payslip_count: is 0 but 2025-07 has 1 payslips");
  close.payslip_count = 1;
  Accept(close);
  EXPECT_EQ(Refuse(close).message(), "month: the pay month 2025-07 is already closed");
  events::PayslipIssued late = July();
  late.payslip_id.value = "2025-07-M-0001-late";
  EXPECT_EQ(Refuse(late).code(), ErrorCode::kPeriodClosed);
}

TEST_F(PayrollCommandsTest, WagesPaidNeverExceedTheNetPaid) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(Table());
  Accept(July());
  events::WagePaid paid;
  paid.payslip_id.value = "2025-07-M-0001";
  paid.member_id.value = "M-0001";
  paid.paid_on = Day("2025-08-03");
  paid.amount = Money::FromCents(60'00);
  paid.method = events::PaymentMethod::kBankTransfer;
  Accept(paid);
  EXPECT_EQ(Refuse(paid).code(), ErrorCode::kExceedsOpenAmount);
  paid.amount = Money::FromCents(30'00);
  Accept(paid);
}

}  // namespace
}  // namespace coopledger::test
