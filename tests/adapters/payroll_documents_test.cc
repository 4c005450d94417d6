// The facts of the payroll's documents, from the payroll projection: a payslip's payment date is
// the day its wages were paid (as the DSN declares it), or the day planned until they are.
#include "adapters/payroll_documents.h"

#include <gtest/gtest.h>

#include "adapters/payslip_content.h"
#include "engine/clock.h"
#include "tests/test_util/stored_events.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

TEST(PayslipSourceTest, ThePaymentDateIsTheLastWagePaidOrThePlannedDay) {
  TempDir dir;
  engine::StoreOptions options;
  options.path = dir.Sub("data");
  options.create_if_missing = true;
  engine::ManualClock clock(Timestamp::FromMicros(0));
  options.clock = &clock;
  Result<std::unique_ptr<engine::EventStore>> opened_store = engine::OpenEventStore(options);
  ASSERT_TRUE(opened_store.has_value()) << opened_store.error().ToString();
  engine::EventStore* store = opened_store->get();

  projections::PayrollState payroll;
  events::ActivityOpened opened;
  opened.activity_id.value = "CJS-2025";
  opened.name = "CJS Les Vergnes";
  payroll.Apply(StoredAt(1, opened));
  events::MemberJoined joined;
  joined.member_id.value = "Y-0001";
  joined.activity_id.value = "CJS-2025";
  payroll.Apply(StoredAt(2, joined));
  events::PayslipIssued payslip;
  payslip.payslip_id.value = "2025-07-Y-0001";
  payslip.member_id.value = "Y-0001";
  payslip.activity_id.value = "CJS-2025";
  payslip.period_start = Day("2025-07-01");
  payslip.period_end = Day("2025-08-01");
  payslip.net_paid = Money::FromCents(21599);
  payroll.Apply(StoredAt(3, payslip));

  const auto source = [&] {
    const projections::PayrollMember& member = *payroll.FindMember("Y-0001");
    return adapters::PayslipSourceOf(payroll, *store, member, member.payslips.at("2025-07"));
  };
  adapters::PayslipSource planned = source();
  EXPECT_TRUE(planned.paid_on_planned);
  EXPECT_EQ(planned.paid_on, Day("2025-08-03"));
  EXPECT_EQ(planned.activity_name, "CJS Les Vergnes");
  Result<adapters::PayslipContent> planned_content = adapters::ComposePayslip(planned);
  ASSERT_TRUE(planned_content.has_value()) << planned_content.error().ToString();
  EXPECT_EQ(planned_content->dates[1].label, "Date de paiement prévue");

  // Paid in two transfers: the last one's day.
  for (const char* day : {"2025-08-05", "2025-08-12"}) {
    events::WagePaid paid;
    paid.payslip_id.value = "2025-07-Y-0001";
    paid.member_id.value = "Y-0001";
    paid.paid_on = Day(day);
    paid.amount = Money::FromCents(10000);
    payroll.Apply(StoredAt(payroll.FindMember("Y-0001")->payslips.at("2025-07").seq + 1, paid));
  }
  const adapters::PayslipSource paid = source();
  EXPECT_FALSE(paid.paid_on_planned);
  EXPECT_EQ(paid.paid_on, Day("2025-08-12"));
  Result<adapters::PayslipContent> paid_content = adapters::ComposePayslip(paid);
  ASSERT_TRUE(paid_content.has_value()) << paid_content.error().ToString();
  EXPECT_EQ(paid_content->dates[1].label, "Date de paiement");
  EXPECT_EQ(paid_content->dates[1].value, "12/08/2025");
}

}  // namespace
}  // namespace coopledger::test
