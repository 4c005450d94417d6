// A CJS month paid by the committee's distribution of the envelope rather than hours x rate:
// each youth's share of the envelope is an employer cost, solved into the largest gross that
// fits it; an envelope that pays someone less than the minimum for their hours is refused,
// naming them, and nothing is appended.
#include <gtest/gtest.h>

#include "tests/engine/payroll_desk_fixture.h"

namespace coopledger::test {
namespace {

class PayrollDistributionTest : public PayrollDeskTest {
 protected:
  void SetUp() override {
    PayrollDeskTest::SetUp();  // M-0001 in A-CJS, job J-0001 on 2025-07-10.
    Accept(CjsYouth("M-0002", "A-CJS", Day("2025-07-01"), Day("2025-08-31")));
    Accept(JobHours("M-0001", "J-0001", Day("2025-07-10"), 9 * 60, 240));  // 4 hours.
    Accept(JobHours("M-0002", "J-0001", Day("2025-07-10"), 9 * 60, 120));  // 2 hours.
  }

  events::DistributionDecided Decided(events::DistributionKey key, int64_t envelope_cents, int64_t first_weight,
                                      int64_t second_weight) {
    events::DistributionDecided decided;
    decided.activity_id.value = "A-CJS";
    decided.month = Day("2025-07-01");
    decided.key = key;
    decided.envelope = Money::FromCents(envelope_cents);
    decided.shares = {{events::MemberId{"M-0001"}, first_weight}, {events::MemberId{"M-0002"}, second_weight}};
    return decided;
  }

  Result<size_t> RunJuly() {
    engine::PayrollDesk desk(store_.get(), service_.get());
    return desk.Run(Day("2025-07-01"), events::CommandId{"run-july"}, Admin());
  }

  std::map<std::string, events::PayslipIssued> Payslips() {
    std::map<std::string, events::PayslipIssued> payslips;
    Result<std::vector<events::StoredEvent>> log = store_->ReadLog(1, 1000);
    EXPECT_TRUE(log.has_value());
    if (!log) return payslips;
    for (const events::StoredEvent& event : *log) {
      if (const auto* payslip = std::get_if<events::PayslipIssued>(&event.body)) {
        payslips[payslip->member_id.value] = *payslip;
      }
    }
    return payslips;
  }
};

TEST_F(PayrollDistributionTest, AnEqualKeyGivesEachYouthTheSameEmployerCostWithinTheirShare) {
  Accept(Decided(events::DistributionKey::kEqual, 200'00, 1, 1));
  ASSERT_EQ(RunJuly().value(), 2u);
  const std::map<std::string, events::PayslipIssued> payslips = Payslips();
  ASSERT_EQ(payslips.size(), 2u);
  for (const auto& [member, payslip] : payslips) {
    SCOPED_TRACE(member);
    // The largest gross whose employer cost fits half the envelope: a cent more would not fit,
    // and the rounding of the contribution lines keeps the cost within about a cent a line.
    EXPECT_LE(payslip.employer_cost.cents(), 100'00);
    EXPECT_GT(payslip.employer_cost.cents(), 100'00 - 30);
  }
  // The same share is not the same gross: the réduction générale depends on the gross per hour
  // worked (the SMIC of the hours is its reference), so the youth who worked 4 hours for the
  // share has a reduction and the one who worked 2 hours (35 EUR an hour) none.
  EXPECT_GT(payslips.at("M-0001").reduction.cents(), 0);
  EXPECT_EQ(payslips.at("M-0002").reduction.cents(), 0);
  EXPECT_GT(payslips.at("M-0001").gross.cents(), payslips.at("M-0002").gross.cents());
}

TEST_F(PayrollDistributionTest, AKeyByHoursPaysInProportionToTheWeights) {
  Accept(Decided(events::DistributionKey::kByHours, 300'00, 240, 120));
  ASSERT_EQ(RunJuly().value(), 2u);
  const std::map<std::string, events::PayslipIssued> payslips = Payslips();
  EXPECT_LE(payslips.at("M-0001").employer_cost.cents(), 200'00);
  EXPECT_GT(payslips.at("M-0001").employer_cost.cents(), 200'00 - 30);
  EXPECT_LE(payslips.at("M-0002").employer_cost.cents(), 100'00);
  EXPECT_GT(payslips.at("M-0002").employer_cost.cents(), 100'00 - 30);
  EXPECT_GT(payslips.at("M-0001").gross.cents(), payslips.at("M-0002").gross.cents());
}

TEST_F(PayrollDistributionTest, AnEnvelopeBelowTheMinimumWageIsRefusedNamingTheYouthAndAppendsNothing) {
  // 4 hours at the adult SMIC of 2025 (11.88) is 47.52 gross: a 30.00 cost cannot pay it.
  Accept(Decided(events::DistributionKey::kByHours, 45'00, 240, 120));
  const events::Seq head = store_->head().seq;
  Result<size_t> run = RunJuly();
  ASSERT_FALSE(run.has_value());
  EXPECT_EQ(run.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(run.error().message().find("M-0001"), std::string::npos) << run.error().message();
  EXPECT_NE(run.error().message().find("4 h"), std::string::npos) << run.error().message();
  EXPECT_NE(run.error().message().find("minimum"), std::string::npos) << run.error().message();
  EXPECT_EQ(store_->head().seq, head);
}

}  // namespace
}  // namespace coopledger::test
