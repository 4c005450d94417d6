#include "projections/payout_audit.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/books/demo_store_fixture.h"
#include "tests/test_util/stored_events.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

events::MemberJoined Joined(const char* member) {
  events::MemberJoined joined;
  joined.member_id.value = member;
  joined.activity_id.value = "A-CJS";
  joined.regime = events::Regime::kCjsYouth;
  return joined;
}

events::PayslipIssued Payslip(const char* id, const char* member) {
  events::PayslipIssued payslip;
  payslip.payslip_id.value = id;
  payslip.member_id.value = member;
  payslip.period_start = Day("2025-07-01");
  payslip.gross = Money::FromCents(300'00);
  return payslip;
}

events::WagePaid Paid(const char* id, const char* member, int64_t cents) {
  events::WagePaid paid;
  paid.payslip_id.value = id;
  paid.member_id.value = member;
  paid.paid_on = Day("2025-08-03");
  paid.amount = Money::FromCents(cents);
  return paid;
}

TEST(PayoutAuditTest, TracesAWageToHoursJobsInvoicesAndPaymentsAndFlagsWhatIsNotBacked) {
  projections::PayoutAudit audit;
  audit.Apply(StoredAt(1, Joined("M-1")));
  audit.Apply(StoredAt(2, Joined("M-2")));
  events::HoursLogged hours;
  hours.member_id.value = "M-1";
  hours.job_id.value = "J-1";
  hours.day = Day("2025-07-10");
  hours.minutes = 180;
  audit.Apply(StoredAt(3, hours));
  events::InvoiceValidated invoice;
  invoice.invoice_number.value = "2025-0001";
  invoice.activity_id.value = "A-CJS";
  invoice.job_ids = {events::JobId{"J-1"}};
  invoice.total_incl_vat = Money::FromCents(360'00);
  audit.Apply(StoredAt(4, invoice));
  events::PaymentReceived payment;
  payment.allocations = {events::Allocation{events::DocumentNumber{"2025-0001"}, Money::FromCents(360'00)}};
  audit.Apply(StoredAt(5, payment));
  audit.Apply(StoredAt(6, Payslip("P-1", "M-1")));
  audit.Apply(StoredAt(7, Payslip("P-2", "M-2")));
  audit.Apply(StoredAt(8, Paid("P-1", "M-1", 240'00)));
  audit.Apply(StoredAt(9, Paid("P-2", "M-2", 240'00)));

  ASSERT_EQ(audit.payouts().size(), 2u);
  const projections::Payout& backed = audit.payouts()[0];
  EXPECT_EQ(backed.payslip_seq, 6u);
  EXPECT_EQ(backed.hours_seqs, std::vector<events::Seq>{3});
  EXPECT_EQ(backed.job_ids, std::vector<std::string>{"J-1"});
  ASSERT_EQ(backed.invoices.size(), 1u);
  ASSERT_EQ(backed.payments.size(), 1u);
  EXPECT_EQ(backed.payments[0].seq, 5u);
  EXPECT_FALSE(backed.uncovered);
  EXPECT_FALSE(backed.no_hours);
  // M-2 has no hours, and the two wages (480.00) exceed what clients paid (360.00).
  const projections::Payout& unbacked = audit.payouts()[1];
  EXPECT_TRUE(unbacked.no_hours);
  EXPECT_TRUE(unbacked.uncovered);
  EXPECT_EQ(unbacked.activity_wages.cents(), 480'00);
  EXPECT_EQ(unbacked.activity_collected.cents(), 360'00);
}

class PayoutReportTest : public DemoStoreTest {};

TEST_F(PayoutReportTest, EveryDemoWageIsTracedAndTheFlagsFollowTheirRules) {
  const RunOutput report = Run({"report", "payouts", "--format", "json"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  const json payouts = json::parse(report.out);
  ASSERT_FALSE(payouts.empty());
  size_t flagged = 0;
  size_t traced_to_payments = 0;
  for (const json& payout : payouts) {
    EXPECT_GT(payout["payslip_seq"].get<uint64_t>(), 0u) << payout["seq"];
    EXPECT_EQ(payout["uncovered"].get<bool>(),
              payout["activity_wages_cents"].get<int64_t>() >
                  payout["activity_collected_cents"].get<int64_t>());
    EXPECT_EQ(payout["no_hours"].get<bool>(),
              payout["hours_minutes"].get<int64_t>() == 0 && payout["amount_cents"].get<int64_t>() > 0);
    if (payout["uncovered"].get<bool>() || payout["no_hours"].get<bool>()) ++flagged;
    if (payout["regime"] == "cjsYouth" && !payout["payments"].empty()) ++traced_to_payments;
  }
  EXPECT_GT(traced_to_payments, 0u);
  const RunOutput only_flagged = Run({"report", "payouts", "--flagged", "--format", "json"});
  ASSERT_EQ(only_flagged.exit_code, 0) << only_flagged.err;
  EXPECT_EQ(json::parse(only_flagged.out).size(), flagged);
  const RunOutput table = Run({"report", "payouts"});
  EXPECT_NE(table.out.find(std::to_string(payouts.size()) + " payouts: "), std::string::npos);
}

}  // namespace
}  // namespace coopledger::test
