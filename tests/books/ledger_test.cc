// The ledger projection: the entries each money event makes (DOMAIN section 6), VAT on receipts,
// lettering, reversals, numbering, and the fiscal-year close.
#include <gtest/gtest.h>

#include "projections/member_balances.h"
#include "projections/trial_balance.h"
#include "tests/books/ledger_fixture.h"

namespace coopledger::test {
namespace {

using projections::EntryKind;
using projections::LedgerEntry;

events::Posting Post(const std::string& account, events::Side side, int64_t cents,
                     const std::string& auxiliary = "") {
  events::Posting posting;
  posting.account = account;
  posting.auxiliary = auxiliary;
  posting.analytic = "AN-A-ENT";
  posting.side = side;
  posting.amount = Money::FromCents(cents);
  return posting;
}

events::JournalEntryRecorded ManualEntry() {
  events::JournalEntryRecorded entry;
  entry.entry_id.value = "OD-1";
  entry.entry_date = Day("2025-09-15");
  entry.label = "Frais bancaires de septembre";
  entry.postings = {Post("627000", events::Side::kDebit, 12'50),
                    Post("512000", events::Side::kCredit, 12'50)};
  return entry;
}

TEST_F(LedgerTest, InvoiceThenPaymentMovesTheVatAndLettersTheClientAccount) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::Seq invoice = AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));
  const events::Seq payment =
      AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-20"), 1200'00, {Allocate("2025-0001", 1200'00)}));
  Replay();
  EXPECT_EQ(EntriesOf(invoice),
            (std::vector<std::string>{
                "VE 2025#1 2025-09-10 2025-0001: D 411000 C-0001 AN-A-CJS 1200.00 | "
                "C 706000 AN-A-CJS 1000.00 | C 445740 AN-A-CJS 200.00",
                "OD 2025#2 2025-09-10 2025-0001: D 658800 AN-A-CJS 100.00 | "
                "C 512000 AN-A-CJS 100.00 | D 512000 CAE 100.00 | C 658800 CAE 100.00"}));
  EXPECT_EQ(EntriesOf(payment),
            (std::vector<std::string>{
                "BQ 2025#3 2025-09-20 P-1: D 512000 AN-A-CJS 1200.00 | "
                "C 411000 C-0001 AN-A-CJS 1200.00 | D 445740 AN-A-CJS 200.00 | "
                "C 445710 AN-A-CJS 200.00"}));
  const auto lettering = ledger_->Lettering();
  ASSERT_EQ(lettering.size(), 2u);
  const projections::LineRef invoice_line{2025, 1, 0};
  const projections::LineRef payment_line{2025, 3, 1};
  ASSERT_TRUE(lettering.count(invoice_line) && lettering.count(payment_line));
  EXPECT_EQ(lettering.at(invoice_line).code, "A");
  EXPECT_EQ(lettering.at(payment_line).code, "A");
  EXPECT_EQ(lettering.at(payment_line).date, Day("2025-09-20"));
  EXPECT_EQ(entries()[0].lines[0].auxiliary_label, "Boulangerie C-0001");
  EXPECT_EQ(entries()[0].valid_date, Day("2025-09-30"));  // The day it was recorded.
}

TEST_F(LedgerTest, PartialPaymentsMoveVatInProportionAndTheLastOneTheRest) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));
  const events::Seq first =
      AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-11"), 333'33, {Allocate("2025-0001", 333'33)}));
  const events::Seq second =
      AcceptSeq(Payment("P-2", "C-0001", Day("2025-09-12"), 866'67, {Allocate("2025-0001", 866'67)}));
  Replay();
  // 333.33 x 200 / 1200 = 55.555 -> 55.56; the payment that settles moves what is left: 144.44.
  EXPECT_EQ(EntriesOf(first),
            (std::vector<std::string>{
                "BQ 2025#3 2025-09-11 P-1: D 512000 AN-A-CJS 333.33 | "
                "C 411000 C-0001 AN-A-CJS 333.33 | D 445740 AN-A-CJS 55.56 | "
                "C 445710 AN-A-CJS 55.56"}));
  EXPECT_EQ(EntriesOf(second),
            (std::vector<std::string>{
                "BQ 2025#4 2025-09-12 P-2: D 512000 AN-A-CJS 866.67 | "
                "C 411000 C-0001 AN-A-CJS 866.67 | D 445740 AN-A-CJS 144.44 | "
                "C 445710 AN-A-CJS 144.44"}));
  EXPECT_EQ(ledger_->Lettering().size(), 3u);  // The invoice and both payments.
}

TEST_F(LedgerTest, CreditNoteReversesSalesVatAndContribution) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));
  AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-11"), 600'00, {Allocate("2025-0001", 600'00)}));
  const events::Seq credit = AcceptSeq(CreditNote("2025-0001", Day("2025-09-12")));
  Replay();
  // The whole invoice credited after half was paid: of its 200.00 of VAT, the 100.00 still
  // pending comes out of 44574, the 100.00 moved at payment out of 44571.
  EXPECT_EQ(EntriesOf(credit),
            (std::vector<std::string>{
                "VE 2025#4 2025-09-12 2025-0002: C 411000 C-0001 AN-A-CJS 1200.00 | "
                "D 706000 AN-A-CJS 1000.00 | D 445740 AN-A-CJS 100.00 | D 445710 AN-A-CJS 100.00",
                "OD 2025#5 2025-09-12 2025-0002: C 658800 AN-A-CJS 100.00 | "
                "D 512000 AN-A-CJS 100.00 | C 512000 CAE 100.00 | D 658800 CAE 100.00"}));
  // The client paid 600.00 of nothing owed: its account stays open (a credit) until refunded.
  EXPECT_TRUE(ledger_->Lettering().empty());
}

TEST_F(LedgerTest, ReversedPaymentIsPostedBackAndReopensTheInvoice) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));
  const events::Seq payment =
      AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-20"), 1200'00, {Allocate("2025-0001", 1200'00)}));
  const events::Seq reversal = AcceptSeq(Reversal(payment));
  Replay();
  EXPECT_EQ(EntriesOf(reversal),
            (std::vector<std::string>{
                "BQ 2025#4 2025-09-30 P-1: C 512000 AN-A-CJS 1200.00 | "
                "D 411000 C-0001 AN-A-CJS 1200.00 | C 445740 AN-A-CJS 200.00 | "
                "D 445710 AN-A-CJS 200.00"}));
  EXPECT_TRUE(ledger_->Lettering().empty());

  // Paid again: the four client lines balance, under a new code.
  AcceptSeq(Payment("P-2", "C-0001", Day("2025-09-30"), 1200'00, {Allocate("2025-0001", 1200'00)}));
  Replay();
  const auto lettering = ledger_->Lettering();
  ASSERT_EQ(lettering.size(), 4u);
  for (const auto& [line, letter] : lettering) EXPECT_EQ(letter.code, "B");
  // The VAT moved again in full: 445740 is back to zero.
  int64_t pending = 0;
  for (const LedgerEntry& entry : entries()) {
    for (const auto& line : entry.lines) {
      if (line.account == "445740") pending += line.debit.cents() - line.credit.cents();
    }
  }
  EXPECT_EQ(pending, 0);
}

TEST_F(LedgerTest, CostsAndOtherIncomeGoToTheirJournals) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::Seq advanced = AcceptSeq(MemberExpense());
  events::ExpenseRecorded cash = MemberExpense();
  cash.expense_id = "E-2";
  cash.member_id.value.clear();
  cash.method = events::PaymentMethod::kCash;
  const events::Seq paid_cash = AcceptSeq(cash);
  const events::Seq washed = AcceptSeq(events::SelfFinancingRecorded{
      "S-1", events::ActivityId{"A-CJS"}, Day("2025-09-13"), "car wash", Money::FromCents(250'00),
      events::PaymentMethod::kCash});
  const events::Seq granted = AcceptSeq(events::GrantReceived{
      "G-1", events::ActivityId{"A-CJS"}, "Ville de Clermont-Ferrand", Day("2025-09-14"),
      Money::FromCents(1500'00), "summer season"});
  Replay();
  EXPECT_EQ(EntriesOf(advanced),
            (std::vector<std::string>{
                "AC 2025#1 2025-09-10 E-1: D 606300 AN-A-ENT 100.00 | D 445660 AN-A-ENT 20.00 | "
                "C 425000 M-0001 AN-A-ENT 120.00"}));
  EXPECT_EQ(EntriesOf(paid_cash),
            (std::vector<std::string>{
                "CA 2025#2 2025-09-10 E-2: D 606300 AN-A-ENT 100.00 | D 445660 AN-A-ENT 20.00 | "
                "C 530000 AN-A-ENT 120.00"}));
  EXPECT_EQ(EntriesOf(washed),
            (std::vector<std::string>{
                "CA 2025#3 2025-09-13 S-1: D 530000 AN-A-CJS 250.00 | C 708800 AN-A-CJS 250.00"}));
  EXPECT_EQ(EntriesOf(granted),
            (std::vector<std::string>{
                "BQ 2025#4 2025-09-14 G-1: D 512000 AN-A-CJS 1500.00 | C 740000 AN-A-CJS 1500.00"}));
}

TEST_F(LedgerTest, ReversedExpenseIsReadBackAndPostedWithSidesSwapped) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::Seq expense = AcceptSeq(MemberExpense());
  const events::Seq reversal = AcceptSeq(Reversal(expense));
  Replay();
  EXPECT_EQ(EntriesOf(reversal),
            (std::vector<std::string>{
                "AC 2025#2 2025-09-30 E-1: C 606300 AN-A-ENT 100.00 | C 445660 AN-A-ENT 20.00 | "
                "D 425000 M-0001 AN-A-ENT 120.00"}));
  EXPECT_EQ(entries().back().label, "Annulation Produits d'entretien: entered twice");
}

// Payroll events come from the payroll capability; here they are appended as facts.
TEST_F(LedgerTest, PayslipWageAndContributionsGoToThePayrollAccounts) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::PayslipIssued payslip;
  payslip.payslip_id.value = "PAY-2025-07-M-0001";
  payslip.member_id.value = "M-0001";
  payslip.activity_id.value = "A-CJS";
  payslip.period_start = Day("2025-07-01");
  payslip.period_end = Day("2025-08-01");
  payslip.gross = Money::FromCents(300'00);
  events::PayslipLine csg;
  csg.code = "csg_deductible";
  csg.employee_amount = Money::FromCents(20'00);
  events::PayslipLine pension;
  pension.code = "agirc_arrco_t1";
  pension.employee_amount = Money::FromCents(10'00);
  pension.employer_amount = Money::FromCents(15'00);
  events::PayslipLine health;
  health.code = "maladie";
  health.employer_amount = Money::FromCents(21'00);
  events::PayslipLine reduction;
  reduction.code = "reduction_generale";
  reduction.employer_amount = Money::FromCents(-30'00);
  payslip.lines = {csg, pension, health, reduction};
  payslip.income_tax = Money::FromCents(0);
  payslip.net_paid = Money::FromCents(270'00);
  ASSERT_TRUE(AppendOne("payslip", events::Event{"payslip/PAY-2025-07-M-0001", Day("2025-07-31"), payslip}));
  events::WagePaid wage{payslip.payslip_id, payslip.member_id, Day("2025-08-05"),
                        Money::FromCents(270'00), events::PaymentMethod::kBankTransfer};
  ASSERT_TRUE(AppendOne("wage", events::Event{"payslip/PAY-2025-07-M-0001", Day("2025-08-05"), wage}));
  events::ContributionsPaid urssaf{"urssaf", Day("2025-07-01"), Day("2025-08-15"),
                                   Money::FromCents(11'00), "DSN 2025-07"};
  ASSERT_TRUE(AppendOne("urssaf", events::Event{"books", Day("2025-08-15"), urssaf}));
  Replay();
  ASSERT_EQ(entries().size(), 3u);
  // Employer shares: 15.00 + 21.00 - 30.00 = 6.00; URSSAF gets 20.00 + 21.00 - 30.00 = 11.00.
  EXPECT_EQ(Describe(entries()[0]),
            "SAL 2025#1 2025-07-31 PAY-2025-07-M-0001: D 641100 AN-A-CJS 300.00 | "
            "C 421000 M-0001 AN-A-CJS 270.00 | C 431000 AN-A-CJS 20.00 | C 437000 AN-A-CJS 10.00 | "
            "D 645100 AN-A-CJS 6.00 | D 431000 AN-A-CJS 9.00 | C 437000 AN-A-CJS 15.00");
  EXPECT_EQ(Describe(entries()[1]),
            "BQ 2025#2 2025-08-05 PAY-2025-07-M-0001: D 421000 M-0001 AN-A-CJS 270.00 | "
            "C 512000 AN-A-CJS 270.00");
  EXPECT_EQ(Describe(entries()[2]),
            "BQ 2025#3 2025-08-15 DSN 2025-07: D 431000 CAE 11.00 | C 512000 CAE 11.00");
}

TEST_F(LedgerTest, RefusesAnExpenseAccountTheFecCouldNotCarry) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  events::ExpenseRecorded expense = MemberExpense();
  expense.account = "6O63";  // A letter O among the first three characters.
  ExpectRefused(expense, ErrorCode::kInvalidArgument,
                "account: \"6O63\" is not a PCG account: three digits, then digits or capitals");
  expense.account = "706000";
  ExpectRefused(expense, ErrorCode::kInvalidArgument, "account: an expense goes to a class 6 account");
}

TEST_F(LedgerTest, LateExpenseIsPostedInTheFirstOpenPeriod) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(PeriodClose(Day("2025-01-01"), Day("2025-09-01")));
  events::ExpenseRecorded late = MemberExpense();
  late.spent_on = Day("2025-08-28");
  const events::Seq seq = AcceptSeq(late);
  Replay();
  EXPECT_EQ(EntriesOf(seq),
            (std::vector<std::string>{
                "AC 2025#1 2025-09-01 E-1: D 606300 AN-A-ENT 100.00 | D 445660 AN-A-ENT 20.00 | "
                "C 425000 M-0001 AN-A-ENT 120.00"}));
  EXPECT_EQ(entries()[0].piece_date, Day("2025-08-28"));  // The receipt keeps its own date.
}

TEST_F(LedgerTest, ManualEntryIsPostedAsRecorded) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  const events::Seq seq = AcceptSeq(ManualEntry());
  Replay();
  EXPECT_EQ(EntriesOf(seq),
            (std::vector<std::string>{
                "OD 2025#1 2025-09-15 OD-1: D 627000 AN-A-ENT 12.50 | C 512000 AN-A-ENT 12.50"}));
}

TEST_F(LedgerTest, RefusesAManualEntryThatIsNotSound) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  Accept(PeriodClose(Day("2025-01-01"), Day("2025-09-01")));
  using Entry = events::JournalEntryRecorded;
  using enum ErrorCode;
  ExpectRefusals<Entry>(
      ManualEntry(),
      {
          {[](Entry& e) { e.entry_id.value.clear(); }, kInvalidArgument, "entry_id: required"},
          {[](Entry& e) { e.journal = "AN"; }, kInvalidArgument,
           "journal: \"AN\" is not a journal for manual entries (OD, VE, AC, BQ, CA, SAL)"},
          {[](Entry& e) { e.entry_date = Day("2025-08-31"); }, kPeriodClosed,
           "entry_date: 2025-08-31 lies in a closed period (closed before 2025-09-01)"},
          {[](Entry& e) { e.entry_date = Day("2025-10-01"); }, kInvalidArgument,
           "entry_date: 2025-10-01 is after today (2025-09-30)"},
          {[](Entry& e) { e.label.clear(); }, kInvalidArgument, "label: required"},
          {[](Entry& e) { e.postings.pop_back(); }, kInvalidArgument,
           "postings: an entry needs at least two postings"},
          {[](Entry& e) { e.postings[1].amount = Money::FromCents(12'49); }, kPostingsMustBalance,
           "postings: debits 12.50 and credits 12.49 differ"},
          {[](Entry& e) { e.postings[0].account = "62A000"; }, kInvalidArgument,
           "postings[0].account: \"62A000\" is not a PCG account: three digits of classes 1 to 7, "
           "then digits or capitals"},
          {[](Entry& e) { e.postings[0].account = "801000"; }, kInvalidArgument,
           "postings[0].account: \"801000\" is not a PCG account: three digits of classes 1 to 7, "
           "then digits or capitals"},
          {[](Entry& e) { e.postings[1].side = events::Side::kUnset; }, kInvalidArgument,
           "postings[1].side: debit or credit"},
          {[](Entry& e) { e.postings[0].amount = Money::FromCents(0); }, kInvalidArgument,
           "postings[0].amount: must be more than 0"},
          {[](Entry& e) { e.postings[1] = Post("411000", events::Side::kCredit, 12'50, "C-0404"); },
           kNotFound, "postings[1].auxiliary: no client C-0404"},
      });
  ExpectRefused(ManualEntry(), kAlreadyExists, "entry_id: OD-1 already exists");
}

TEST_F(LedgerTest, EveryEntryBalancesAndNumbersAreContinuousPerYear) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));
  AcceptSeq(MemberExpense());
  AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-20"), 1500'00, {Allocate("2025-0001", 1000'00)}));
  AcceptSeq(Refund("R-1", "C-0001", Day("2025-09-21"), 500'00));
  AcceptSeq(ManualEntry());
  Replay();
  ASSERT_EQ(entries().size(), 6u);
  for (size_t i = 0; i < entries().size(); ++i) {
    EXPECT_TRUE(entries()[i].Balanced()) << Describe(entries()[i]);
    EXPECT_EQ(entries()[i].number, static_cast<int64_t>(i + 1));
    EXPECT_EQ(entries()[i].fiscal_year, 2025);
  }
  // The unallocated 500.00 stays on the client's account until refunded.
  EXPECT_EQ(Describe(entries()[3]),
            "BQ 2025#4 2025-09-20 P-1: D 512000 AN-A-CJS 1000.00 | C 411000 C-0001 AN-A-CJS 1000.00 | "
            "D 445740 AN-A-CJS 166.67 | C 445710 AN-A-CJS 166.67 | D 512000 CAE 500.00 | "
            "C 411000 C-0001 CAE 500.00");
  EXPECT_EQ(Describe(entries()[4]),
            "BQ 2025#5 2025-09-21 R-1: D 411000 C-0001 CAE 500.00 | C 512000 CAE 500.00");

  // A rebuild from event 1 gives the same entries.
  const std::vector<LedgerEntry> first = entries();
  Replay();
  EXPECT_EQ(entries(), first);
}

TEST_F(LedgerTest, ClosingTheYearCarriesBalancesToTheNextOne) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));
  AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-20"), 600'00, {Allocate("2025-0001", 600'00)}));
  AcceptSeq(MemberExpense());
  const events::FiscalYearClosed year{Day("2025-01-01"), Day("2026-01-01")};
  clock_.Set(Timestamp::FromMicros(kNewYearMicros));  // 2026-01-05.
  StartService();
  using enum ErrorCode;
  ExpectRefused(year, kPeriodClosed,
                "year_end: close every accounting period up to 2025-12-31 first (closed before "
                "none)");
  Accept(PeriodClose(Day("2025-01-01"), Day("2026-01-01")));
  ExpectRefusals<events::FiscalYearClosed>(
      year, {
                {[](auto& y) { y.year_end = Day("2025-12-31"); }, kInvalidArgument,
                 "year_end: must be the day after the last day of month 12, the CAE's fiscal "
                 "year end"},
                {[](auto& y) { y.year_start = Day("2025-02-01"); }, kInvalidArgument,
                 "year_start: must be 2025-01-01, twelve months before year_end"},
                {[](auto& y) { y.year_end = Day("2027-01-01"); y.year_start = Day("2026-01-01"); },
                 kPeriodClosed,
                 "year_end: close every accounting period up to 2026-12-31 first (closed before "
                 "2026-01-01)"},
            });
  ExpectRefused(year, kInvalidArgument, "year_end: the fiscal year ending 2025-12-31 is already closed");
  Replay();

  std::vector<std::string> closing;
  for (const LedgerEntry& entry : entries()) {
    if (entry.kind != EntryKind::kOrdinary) closing.push_back(Describe(entry));
  }
  // Sales 1000.00, contribution 100.00 charged to the activity and 100.00 given to the CAE,
  // supplies 100.00: results +900.00 (A-CJS), +100.00 (CAE), -100.00 (A-ENT).
  EXPECT_EQ(closing,
            (std::vector<std::string>{
                "CL 2025#5 2025-12-31 CLOTURE-2025: C 606300 AN-A-ENT 100.00 | "
                "C 658800 AN-A-CJS 100.00 | D 658800 CAE 100.00 | D 706000 AN-A-CJS 1000.00 | "
                "C 120000 AN-A-CJS 900.00 | D 129000 AN-A-ENT 100.00 | C 120000 CAE 100.00",
                "AN 2026#1 2026-01-01 AN-2026: C 120000 AN-A-CJS 900.00 | C 120000 CAE 100.00 | "
                "D 129000 AN-A-ENT 100.00 | D 411000 C-0001 AN-A-CJS 600.00 | "
                "C 425000 M-0001 AN-A-ENT 120.00 | D 445660 AN-A-ENT 20.00 | "
                "C 445710 AN-A-CJS 100.00 | C 445740 AN-A-CJS 100.00 | D 512000 AN-A-CJS 500.00 | "
                "D 512000 CAE 100.00"}));
  EXPECT_EQ(ledger_->LastClosedYear(), 2025);

  // The trial balance of 2025 leaves the closing entry out; that of 2026 holds the opening one.
  projections::TrialBalance balance_2025(2025);
  projections::TrialBalance balance_2026(2026);
  for (const LedgerEntry& entry : entries()) {
    balance_2025.OnEntry(entry);
    balance_2026.OnEntry(entry);
  }
  std::vector<std::string> rows;
  for (const auto& row : balance_2025.Rows(ledger_->chart())) {
    rows.push_back(row.account + " " + row.debit.ToString() + " " + row.credit.ToString());
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "411000 1200.00 600.00", "425000 0.00 120.00", "445660 20.00 0.00",
                      "445710 0.00 100.00", "445740 100.00 200.00", "512000 700.00 100.00",
                      "606300 100.00 0.00", "658800 100.00 100.00", "706000 0.00 1000.00"}));
  rows.clear();
  for (const auto& row : balance_2026.Rows(ledger_->chart())) {
    rows.push_back(row.account + " " + row.debit.ToString() + " " + row.credit.ToString());
  }
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "120000 0.00 1000.00", "129000 100.00 0.00", "411000 600.00 0.00",
                      "425000 0.00 120.00", "445660 20.00 0.00", "445710 0.00 100.00",
                      "445740 0.00 100.00", "512000 600.00 0.00"}));
}

// A ledger whose fetcher reads streams keeps open invoices only and reads settled ones back when
// a credit note or a reversal names them: it makes the same entries and letters as a ledger that
// keeps every invoice, through payments in parts, a credit note on a settled invoice and
// reversals of payments whose invoice was settled; the member balances too.
TEST_F(LedgerTest, KeepingOpenInvoicesOnlyMakesTheSameEntriesAsKeepingEveryInvoice) {
  ASSERT_NO_FATAL_FAILURE(SetUpWorld());
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));  // 2025-0001, 1200.00
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));  // 2025-0002
  AcceptSeq(Invoice("C-0001", "A-CJS", Day("2025-09-10")));  // 2025-0003, left open
  const events::Seq first =
      AcceptSeq(Payment("P-1", "C-0001", Day("2025-09-11"), 333'33, {Allocate("2025-0001", 333'33)}));
  const events::Seq second =
      AcceptSeq(Payment("P-2", "C-0001", Day("2025-09-12"), 866'67, {Allocate("2025-0001", 866'67)}));
  AcceptSeq(Payment("P-3", "C-0001", Day("2025-09-12"), 1200'00, {Allocate("2025-0002", 1200'00)}));
  const events::Seq credit = AcceptSeq(CreditNote("2025-0002", Day("2025-09-13")));
  const events::Seq reversed_first = AcceptSeq(Reversal(first));
  const events::Seq reversed_second = AcceptSeq(Reversal(second));
  AcceptSeq(Payment("P-4", "C-0001", Day("2025-09-14"), 1200'00, {Allocate("2025-0001", 1200'00)}));

  for (const bool lettering : {true, false}) {
    SCOPED_TRACE(lettering ? "lettering" : "no lettering");
    projections::EntryList open_list;
    projections::EntryList every_list;
    // Counts the settled invoices read back.
    int read_back = 0;
    const projections::EventFetcher counting(
        SeqFetcherOf(store_.get()),
        [this, &read_back](std::string_view stream) -> std::optional<events::StoredEvent> {
          ++read_back;
          return FetcherOf(store_.get()).FirstOf(stream);
        });
    projections::Ledger open_only(RepositoryChart(), &open_list, counting,
                                  projections::LedgerOptions{lettering});
    projections::Ledger every(RepositoryChart(), &every_list, SeqFetcherOf(store_.get()),
                              projections::LedgerOptions{lettering});
    projections::MemberBalances open_balances(FetcherOf(store_.get()));
    projections::MemberBalances every_balances(SeqFetcherOf(store_.get()));
    ASSERT_TRUE(engine::ReplayLog(*store_, [&](const events::StoredEvent& event) {
                  open_only.Apply(event);
                  every.Apply(event);
                  open_balances.Apply(event);
                  every_balances.Apply(event);
                }).has_value());
    EXPECT_EQ(open_list.entries(), every_list.entries());
    EXPECT_EQ(read_back, 2);  // 2025-0002 by its credit note, 2025-0001 by the first reversal.
    const auto open_letters = open_only.Lettering();
    const auto every_letters = every.Lettering();
    ASSERT_EQ(open_letters.size(), every_letters.size());
    for (auto a = open_letters.begin(), b = every_letters.begin(); a != open_letters.end(); ++a, ++b) {
      EXPECT_EQ(a->first, b->first);
      EXPECT_EQ(a->second.code, b->second.code);
      EXPECT_EQ(a->second.date, b->second.date);
    }
    EXPECT_EQ(open_balances.ToString(), every_balances.ToString());
    EXPECT_LT(open_balances.Snapshot().size(), every_balances.Snapshot().size());
    EXPECT_LT(open_only.Snapshot().size(), every.Snapshot().size());
    // The snapshot loads back into the same state, which goes on the same way.
    projections::EntryList reloaded_list;
    projections::Ledger reloaded(RepositoryChart(), &reloaded_list, FetcherOf(store_.get()),
                                 projections::LedgerOptions{lettering});
    ASSERT_TRUE(reloaded.LoadSnapshot(open_only.Snapshot()).has_value());
    EXPECT_EQ(reloaded.Snapshot(), open_only.Snapshot());
    // Not into a ledger of the other kind.
    projections::Ledger other(RepositoryChart(), &reloaded_list, SeqFetcherOf(store_.get()),
                              projections::LedgerOptions{lettering});
    EXPECT_FALSE(other.LoadSnapshot(open_only.Snapshot()).has_value());
  }
  Replay();
  // The credit note on the settled invoice: its VAT was all moved at payment, so out of 44571.
  EXPECT_EQ(EntriesOf(credit),
            (std::vector<std::string>{
                "VE 2025#10 2025-09-13 2025-0004: C 411000 C-0001 AN-A-CJS 1200.00 | "
                "D 706000 AN-A-CJS 1000.00 | D 445710 AN-A-CJS 200.00",
                "OD 2025#11 2025-09-13 2025-0004: C 658800 AN-A-CJS 100.00 | "
                "D 512000 AN-A-CJS 100.00 | C 512000 CAE 100.00 | D 658800 CAE 100.00"}));
  EXPECT_EQ(EntriesOf(reversed_first).size(), 1u);
  EXPECT_EQ(EntriesOf(reversed_second).size(), 1u);
}

}  // namespace
}  // namespace coopledger::test
