// A payroll step larger than one store batch may hold is written in parts, each its own command
// named by the step's id and its first command: every payslip and wage is written once, and
// running the step again writes nothing more.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "tests/engine/payroll_desk_fixture.h"

namespace coopledger::test {
namespace {

class PayrollPartsTest : public PayrollDeskTest {
 protected:
  void SetUp() override {
    PayrollDeskTest::SetUp();  // M-0001 in A-CJS, job J-0001 on 2025-07-10.
    // Paid above the minimum wage for their hours (the world's M-0001 works none this month).
    for (const char* member : {"M-0002", "M-0003", "M-0004"}) {
      events::MemberJoined joined = CjsYouth(member, "A-CJS", Day("2025-07-01"), Day("2025-08-31"));
      joined.hourly_rate = Money::FromCents(12'50);
      Accept(joined);
    }
    int32_t start = 9 * 60;
    for (const char* member : {"M-0002", "M-0003", "M-0004"}) {
      Accept(JobHours(member, "J-0001", Day("2025-07-10"), start, 180));
      start += 10;
    }
  }

  // The command ids of the events appended after `after`, and how many events each wrote.
  std::map<std::string, int> CommandsAfter(events::Seq after) {
    std::map<std::string, int> commands;
    const std::vector<events::StoredEvent> log = store_->ReadLog(after + 1, 1000).value();
    for (const events::StoredEvent& event : log) {
      ++commands[event.command_id.value];
    }
    return commands;
  }
};

TEST_F(PayrollPartsTest, ARunAndItsWagesAreWrittenInPartsOnceEach) {
  engine::PayrollDesk desk(store_.get(), service_.get());
  desk.set_part_commands(2);
  const Date july = Day("2025-07-01");
  const events::Seq before_run = store_->head().seq;
  Result<size_t> run = desk.Run(july, events::CommandId{"run-july"}, Admin());
  ASSERT_TRUE(run.has_value()) << run.error().ToString();
  ASSERT_EQ(*run, 4u);
  // The table's adoption and four payslips: three parts of at most two commands.
  const std::map<std::string, int> run_parts = CommandsAfter(before_run);
  ASSERT_EQ(run_parts.size(), 3u);
  for (const auto& [id, events] : run_parts) {
    EXPECT_EQ(id.rfind("run-july/from-", 0), 0u) << id;
    EXPECT_LE(events, 2) << id;
  }
  EXPECT_EQ(desk.last_result().seqs.size(), 5u);
  EXPECT_EQ(desk.state().PayslipsOf(july).size(), 4u);

  // Again, under the same id: every payslip is there, nothing is written.
  const events::Seq after_run = store_->head().seq;
  EXPECT_EQ(desk.Run(july, events::CommandId{"run-july"}, Admin()).value(), 0u);
  EXPECT_EQ(store_->head().seq, after_run);

  ASSERT_TRUE(desk.Close(july, events::CommandId{"close-july"}, Admin()).has_value());
  const events::Seq before_pay = store_->head().seq;
  engine::PayrollDesk::Payments wages;
  wages.wages = true;
  // Three wages (M-0001's payslip, without hours, has nothing to pay): two parts.
  ASSERT_EQ(desk.Pay(july, Day("2025-08-03"), wages, events::CommandId{"pay-july"}, Admin()).value(), 3u);
  const std::map<std::string, int> pay_parts = CommandsAfter(before_pay);
  ASSERT_EQ(pay_parts.size(), 2u);
  for (const auto& [id, events] : pay_parts) EXPECT_EQ(id.rfind("pay-july/from-wage-", 0), 0u) << id;
  for (const projections::IssuedPayslip* issued : desk.state().PayslipsOf(july)) {
    EXPECT_EQ(issued->wages_paid, issued->payslip.net_paid) << issued->payslip.payslip_id.value;
  }
  // Paid in full: paying again has nothing to pay.
  const events::Seq after_pay = store_->head().seq;
  EXPECT_EQ(desk.Pay(july, Day("2025-08-03"), wages, events::CommandId{"pay-july"}, Admin()).value(), 0u);
  EXPECT_EQ(store_->head().seq, after_pay);
}

// A step interrupted after its first part (written here alone, as a crash between two parts
// would leave it) is completed by running it again under the same id: the other payslips are
// issued, none twice.
TEST_F(PayrollPartsTest, AStepInterruptedAfterItsFirstPartIsCompletedByRunningItAgain) {
  const Date july = Day("2025-07-01");
  engine::PayrollDesk desk(store_.get(), service_.get());
  desk.set_part_commands(2);
  ASSERT_TRUE(desk.CatchUp().has_value());
  std::vector<events::EventBody> commands =
      engine::PayrollRunCommands(desk.state(), service_->rules(), july,
                                 [&desk](const events::MemberId& id) { return desk.BirthDate(id); })
          .value();
  ASSERT_EQ(commands.size(), 5u);  // The table's adoption, then four payslips.
  const auto* adopted = std::get_if<events::ParametersAdopted>(&commands[0]);
  ASSERT_NE(adopted, nullptr);
  std::vector<events::EventBody> first_part(commands.begin(), commands.begin() + 2);
  ASSERT_TRUE(service_->ExecuteAll(events::CommandId{"run-july/from-" + adopted->version}, Admin(),
                                   std::move(first_part))
                  .has_value());

  ASSERT_EQ(desk.Run(july, events::CommandId{"run-july"}, Admin()).value(), 3u);
  ASSERT_TRUE(desk.CatchUp().has_value());
  EXPECT_EQ(desk.state().PayslipsOf(july).size(), 4u);
  std::map<std::string, int> payslips_by_member;
  const std::vector<events::StoredEvent> log = store_->ReadLog(1, 1000).value();
  for (const events::StoredEvent& event : log) {
    if (const auto* payslip = std::get_if<events::PayslipIssued>(&event.body)) {
      ++payslips_by_member[payslip->member_id.value];
    }
  }
  EXPECT_EQ(payslips_by_member.size(), 4u);
  for (const auto& [member, count] : payslips_by_member) EXPECT_EQ(count, 1) << member;
}

}  // namespace
}  // namespace coopledger::test
