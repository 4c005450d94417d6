#include "adapters/rules_loader.h"
#include "engine/demo.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "engine/command_service.h"
#include "projections/member_balances.h"
#include "projections/receivables.h"
#include "tests/test_util/repository_rules.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

engine::DemoOptions Options(uint64_t seed) {
  engine::DemoOptions options;
  options.seed = seed;
  // The repository's rules with the payroll tables, which only the adapters' JSON reader reads.
  options.rules = adapters::LoadRules(std::string(COOPLEDGER_SOURCE_ROOT) + "/rules").value();
  return options;
}

std::unique_ptr<engine::EventStore> OpenReadOnly(const std::string& path) {
  engine::StoreOptions options;
  options.path = path;
  options.read_only = true;
  return engine::OpenEventStore(options).value();
}

class DemoTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    directory_ = new TempDir();
    ASSERT_TRUE(engine::RunDemo(directory_->Sub("demo"), Options(2025)).has_value());
  }
  static void TearDownTestSuite() { delete directory_; }
  static std::string Path() { return directory_->Sub("demo"); }

  static TempDir* directory_;
};

TempDir* DemoTest::directory_ = nullptr;

TEST_F(DemoTest, SameSeedWritesTheSameLogByteForByte) {
  TempDir other;
  ASSERT_TRUE(engine::RunDemo(other.Sub("again"), Options(2025)).has_value());
  // The chain hash covers every byte of every event.
  EXPECT_EQ(OpenReadOnly(other.Sub("again"))->head().hash, OpenReadOnly(Path())->head().hash);
  ASSERT_TRUE(engine::RunDemo(other.Sub("seed7"), Options(7)).has_value());
  EXPECT_NE(OpenReadOnly(other.Sub("seed7"))->head().hash, OpenReadOnly(Path())->head().hash);
}

TEST_F(DemoTest, RefusesAStoreThatHasEvents) {
  Result<engine::DemoReport> again = engine::RunDemo(Path(), Options(2025));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(DemoTest, TheCjsSeasonLooksLikeClermontFerrandsProgramme) {
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(Path());
  projections::MemberBalances balances;
  std::map<events::ClientKind, int> clients;
  std::set<std::string> jobs;
  int64_t revenue_cents = 0;
  int late_payments_reminded = 0;
  ASSERT_TRUE(engine::ReplayLog(*store, [&](const events::StoredEvent& event) {
                balances.Apply(event);
                if (const auto* client = std::get_if<events::ClientRegistered>(&event.body)) {
                  if (client->client_id.value.rfind("CL-", 0) == 0) ++clients[client->kind];
                }
                if (const auto* job = std::get_if<events::JobAgreed>(&event.body)) {
                  if (job->activity_id.value.rfind("CJS", 0) == 0) jobs.insert(job->job_id.value);
                }
                if (const auto* invoice = std::get_if<events::InvoiceValidated>(&event.body)) {
                  if (invoice->activity_id.value.rfind("CJS", 0) == 0) {
                    revenue_cents += invoice->total_excl_vat.cents();
                  }
                }
                if (std::holds_alternative<events::ReminderSent>(event.body)) ++late_payments_reminded;
              }).has_value());
  EXPECT_EQ(clients.size(), 4u);  // Households, companies, associations, public bodies.
  EXPECT_EQ(clients[events::ClientKind::kHousehold] + clients[events::ClientKind::kCompany] +
                clients[events::ClientKind::kAssociation] + clients[events::ClientKind::kPublicBody],
            30);
  EXPECT_GE(jobs.size(), 90u);
  EXPECT_LE(jobs.size(), 130u);
  // About 8,000 EUR excl. VAT over the summer: enough work for about 225 EUR net a youth a month.
  EXPECT_GE(revenue_cents, 7'000'00);
  EXPECT_LE(revenue_cents, 12'000'00);
  EXPECT_GT(late_payments_reminded, 0);
  int youths = 0;
  for (const projections::MemberBalance* member : balances.Members()) {
    if (member->regime != events::Regime::kCjsYouth) continue;
    ++youths;
    ASSERT_EQ(member->months.size(), 2u) << member->member_id;  // July and August.
    for (const auto& [month, hours] : member->months) {
      const int64_t paid = hours.paid_minutes + hours.internal_minutes;
      EXPECT_GE(paid, 15 * 60) << member->member_id << " " << month;
      EXPECT_LE(paid, 36 * 60) << member->member_id << " " << month;
    }
  }
  EXPECT_EQ(youths, 15);
}

TEST_F(DemoTest, ALateFactOfAClosedMonthIsBookedInTheFirstOpenDay) {
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(Path());
  int late = 0;
  ASSERT_TRUE(engine::ReplayLog(*store, [&late](const events::StoredEvent& event) {
                const auto* hours = std::get_if<events::HoursLogged>(&event.body);
                if (hours == nullptr || !hours->booked_on) return;
                ++late;
                EXPECT_EQ(hours->day.ToString(), "2025-07-29");
                EXPECT_EQ(hours->booked_on->ToString(), "2025-08-01");
                EXPECT_EQ(event.recorded_at.ToString().substr(0, 10), "2025-08-06");
              }).has_value());
  EXPECT_EQ(late, 1);
}

TEST_F(DemoTest, ReplayingInPagesGivesTheSameProjectionsAsOneFold) {
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(Path());
  projections::MemberBalances whole;
  projections::WorkState state;
  ASSERT_TRUE(engine::ReplayLog(*store, [&](const events::StoredEvent& event) {
                whole.Apply(event);
                state.Apply(event);
              }).has_value());
  projections::MemberBalances paged;
  for (events::Seq from = 1; from <= store->head().seq;) {
    const auto page = store->ReadLog(from, 97).value();
    for (const events::StoredEvent& event : page) paged.Apply(event);
    from = page.back().seq + 1;
  }
  EXPECT_EQ(paged.ToString(), whole.ToString());
  EXPECT_FALSE(whole.ToString().empty());
  const projections::Receivables end_of_season =
      projections::ComputeReceivables(state, Date::FromYmd(2025, 9, 30).value());
  EXPECT_GT(end_of_season.total_open.cents(), 0);  // Some households never paid.
  EXPECT_TRUE(store->Verify(nullptr).value().ok());
}

// A tentative batch (CommandService::ExecuteAll) journals what it changes: rolled back at any
// point of the demo's log, over every kind of event it holds (reversals of earlier events among
// them), the state is member for member what it was; committed, what the plain fold gives.
TEST_F(DemoTest, ATentativeBatchRolledBackLeavesTheStateAsItWas) {
  std::unique_ptr<engine::EventStore> store = OpenReadOnly(Path());
  std::vector<events::StoredEvent> log;
  ASSERT_TRUE(engine::ReplayLog(*store, [&log](const events::StoredEvent& event) {
                log.push_back(event);
              }).has_value());
  // The demo reverses nothing and credits no invoice: a few such events close the log, as the
  // command handler would decide them (a reversal of hours and of a payment, a credit note).
  events::Seq hours_seq = 0;
  events::Seq payment_seq = 0;
  const events::InvoiceValidated* invoice = nullptr;
  for (const events::StoredEvent& event : log) {
    if (std::holds_alternative<events::HoursLogged>(event.body)) hours_seq = event.seq;
    if (std::holds_alternative<events::PaymentReceived>(event.body)) payment_seq = event.seq;
    if (const auto* validated = std::get_if<events::InvoiceValidated>(&event.body)) invoice = validated;
  }
  ASSERT_TRUE(hours_seq != 0 && payment_seq != 0 && invoice != nullptr);
  events::CreditNoteValidated credit;
  credit.credit_note_number.value = "CN-TEST";
  credit.invoice_number = invoice->invoice_number;
  credit.issued_on = Date::FromYmd(2026, 7, 10).value();
  credit.total_incl_vat = invoice->total_incl_vat;
  std::vector<events::EventBody> corrections;
  corrections.push_back(events::Reversed{hours_seq, "test"});
  corrections.push_back(events::Reversed{payment_seq, "test"});
  corrections.push_back(std::move(credit));
  for (events::EventBody& body : corrections) {
    events::StoredEvent event;
    event.seq = log.back().seq + 1;
    event.stream = "test/" + std::to_string(event.seq);
    event.effective = Date::FromYmd(2026, 7, 10).value();
    event.body = std::move(body);
    log.push_back(std::move(event));
  }
  constexpr size_t kWindow = 61;
  std::set<std::string> kinds_undone;
  projections::WorkState base;
  for (size_t start = 0; start < log.size(); start += kWindow) {
    const size_t end = std::min(log.size(), start + kWindow);
    projections::WorkState trial = base;
    trial.BeginTentative();
    for (size_t i = start; i < end; ++i) {
      trial.Apply(log[i]);
      kinds_undone.insert(std::string(events::KindName(log[i].body)));
    }
    ASSERT_FALSE(trial == base);
    trial.RollbackTentative();
    ASSERT_TRUE(trial == base) << "rolled back events " << log[start].seq << " to " << log[end - 1].seq;

    trial.BeginTentative();
    for (size_t i = start; i < end; ++i) trial.Apply(log[i]);
    trial.CommitTentative();
    for (size_t i = start; i < end; ++i) base.Apply(log[i]);
    ASSERT_TRUE(trial == base) << "committed events " << log[start].seq << " to " << log[end - 1].seq;
  }
  for (const char* kind : {"HoursLogged", "Reversed", "InvoiceValidated", "CreditNoteValidated",
                           "PaymentReceived", "PayslipIssued", "WagePaid", "SealRecorded",
                           "AccountingPeriodClosed", "MemberJoined", "ReminderSent"}) {
    EXPECT_TRUE(kinds_undone.count(kind) > 0) << kind;
  }
}

}  // namespace
}  // namespace coopledger::test
