// The reports of projections/reports.h and the Sage export over entries made from a real store:
// commands through the real CommandService, then the log replayed into a Ledger with the
// repository's chart of accounts.
#include "projections/reports.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "adapters/ledger_export.h"
#include "adapters/rules_loader.h"
#include "adapters/sage_export.h"
#include "projections/trial_balance.h"
#include "tests/books/ledger_fixture.h"

namespace coopledger::test {
namespace {

using adapters::DotAmount;

std::string Amount(Money money) { return DotAmount(money.cents()); }

// Feeds every entry to each of `sinks`.
class Tee final : public projections::EntrySink {
 public:
  explicit Tee(std::vector<projections::EntrySink*> sinks) : sinks_(std::move(sinks)) {}
  void OnEntry(const projections::LedgerEntry& entry) override {
    for (projections::EntrySink* sink : sinks_) sink->OnEntry(entry);
  }

 private:
  std::vector<projections::EntrySink*> sinks_;
};

std::string Render(const std::vector<projections::GeneralLedgerAccount>& accounts) {
  std::ostringstream out;
  for (const projections::GeneralLedgerAccount& account : accounts) {
    out << account.account << " " << account.label << "\n";
    for (const projections::GeneralLedgerLine& line : account.lines) {
      out << "  " << line.date.ToString() << " " << line.journal << "-" << line.entry_number
          << (line.opening ? " opening" : "") << " " << line.analytic << " D " << Amount(line.debit)
          << " C " << Amount(line.credit) << " = " << Amount(line.balance) << "\n";
    }
    out << "  total D " << Amount(account.total_debit) << " C " << Amount(account.total_credit)
        << " = " << Amount(account.balance) << "\n";
  }
  return out.str();
}

std::string Render(const projections::VatReturnFigures& figures) {
  std::ostringstream out;
  for (const projections::VatReturnLine& line : figures.collected) {
    out << "collected " << projections::RatePercent(line.vat_rate_ppm) << "% base "
        << Amount(line.base_excl_vat) << " vat " << Amount(line.vat) << "\n";
  }
  for (const projections::VatReturnLine& line : figures.deductible) {
    out << "deductible " << projections::RatePercent(line.vat_rate_ppm) << "% base "
        << Amount(line.base_excl_vat) << " vat " << Amount(line.vat) << "\n";
  }
  out << "totals " << Amount(figures.collected_total) << " - " << Amount(figures.deductible_total)
      << " due " << Amount(figures.vat_due) << " credit " << Amount(figures.vat_credit)
      << " unrated " << Amount(figures.collected_unrated) << " "
      << Amount(figures.deductible_unrated) << "\n";
  return out.str();
}

std::string Render(const std::vector<projections::ActivityStatement>& statements) {
  std::ostringstream out;
  for (const projections::ActivityStatement& statement : statements) {
    out << statement.analytic << "\n";
    for (const projections::ActivityAccountAmount& amount : statement.revenue) {
      out << "  revenue " << amount.account << " " << Amount(amount.amount) << "\n";
    }
    for (const projections::ActivityAccountAmount& amount : statement.charges) {
      out << "  charges " << amount.account << " " << Amount(amount.amount) << "\n";
    }
    out << "  " << Amount(statement.revenue_total) << " - " << Amount(statement.charges_total)
        << " = " << Amount(statement.result) << "\n";
  }
  return out.str();
}

std::string Render(const std::vector<projections::TreasuryPosition>& positions) {
  std::ostringstream out;
  for (const projections::TreasuryPosition& p : positions) {
    out << p.analytic << ": cash " << Amount(p.cash) << " taxes " << Amount(p.taxes_and_social)
        << " suppliers " << Amount(p.suppliers) << " reference " << Amount(p.reference)
        << " | wages " << Amount(p.wages_due) << " clients " << Amount(p.clients)
        << " expense sheets " << Amount(p.expense_sheets) << " future " << Amount(p.future) << "\n";
  }
  return out.str();
}

class ReportsTest : public CommandHandlerTest {
 protected:
  // The world of SetUpWorld (contribution 10 %), then: invoice 2025-0001 to C-0001 for A-ENT on
  // 2025-07-15, 1000.00 + 20 % VAT; paid 600.00 on 2025-08-10 and 600.00 on 2025-09-10; member
  // M-0001 advances 100.00 + 20.00 VAT of cleaning products for A-ENT on 2025-09-10.
  void SetUp() override {
    CommandHandlerTest::SetUp();
    ASSERT_NO_FATAL_FAILURE(SetUpWorld());
    Accept(Invoice("C-0001", "A-ENT", Day("2025-07-15")));
    Accept(Payment("P-1", "C-0001", Day("2025-08-10"), 600'00, {Allocate("2025-0001", 600'00)}));
    Accept(Payment("P-2", "C-0001", Day("2025-09-10"), 600'00, {Allocate("2025-0001", 600'00)}));
    events::ExpenseRecorded expense = MemberExpense();
    expense.description = "Produits d'entretien pour la boulangerie de la place de Jaude";
    Accept(expense);
    ASSERT_EQ(store_->head().seq, 10u);
  }

  // 2026-01-05: the whole of 2025 closed as one accounting period, a self-financing of 250.00 paid
  // by transfer for A-CJS dated 2026-01-01, then fiscal year 2025 closed (its AN entry is the
  // second of 2026, dated 2026-01-01 too).
  void CloseYear2025() {
    clock_.Set(Timestamp::FromMicros(kNewYearMicros));
    StartService();
    Accept(PeriodClose(Day("2025-01-01"), Day("2026-01-01")));
    Accept(events::SelfFinancingRecorded{"S-1", events::ActivityId{"A-CJS"}, Day("2026-01-01"),
                                         "car wash", Money::FromCents(250'00),
                                         events::PaymentMethod::kBankTransfer});
    events::FiscalYearClosed closed;
    closed.year_start = Day("2025-01-01");
    closed.year_end = Day("2026-01-01");
    Accept(closed);
  }

  // The log replayed up to `last` into a ledger feeding `sink`.
  std::unique_ptr<projections::Ledger> Replay(projections::EntrySink* sink,
                                              events::Seq last = 1'000'000) {
    Result<projections::Chart> chart = adapters::LoadChart(COOPLEDGER_SOURCE_ROOT "/rules");
    EXPECT_TRUE(chart.has_value());
    auto ledger = std::make_unique<projections::Ledger>(std::move(*chart), sink, FetcherOf(store_.get()));
    const Status replayed = engine::ReplayLog(
        *store_, last, [&ledger](const events::StoredEvent& event) { ledger->Apply(event); });
    EXPECT_TRUE(replayed.has_value());
    return ledger;
  }

  std::string VatOf(const char* month_start, const char* next_month_start) {
    projections::VatReturn vat(Day(month_start), Day(next_month_start), "445710", "445660");
    Replay(&vat);
    return Render(vat.Figures());
  }

  std::string TreasuryOn(const char* day) {
    projections::Treasury treasury(Day(day));
    Replay(&treasury);
    return Render(treasury.Positions());
  }
};

TEST_F(ReportsTest, VatOnReceiptsIsCollectedInTheMonthsTheClientPaid) {
  // The invoice month moves VAT to 44574 only: nothing is collected yet.
  EXPECT_EQ(VatOf("2025-07-01", "2025-08-01"),
            "totals 0.00 - 0.00 due 0.00 credit 0.00 unrated 0.00 0.00\n");
  EXPECT_EQ(VatOf("2025-08-01", "2025-09-01"),
            "collected 20% base 500.00 vat 100.00\n"
            "totals 100.00 - 0.00 due 100.00 credit 0.00 unrated 0.00 0.00\n");
  EXPECT_EQ(VatOf("2025-09-01", "2025-10-01"),
            "collected 20% base 500.00 vat 100.00\n"
            "deductible 20% base 100.00 vat 20.00\n"
            "totals 100.00 - 20.00 due 80.00 credit 0.00 unrated 0.00 0.00\n");
}

TEST_F(ReportsTest, VatCreditWhenDeductibleExceedsCollectedAndReversalsCountInTheirMonth) {
  clock_.Set(Timestamp::FromMicros(kNewYearMicros));
  StartService();
  // P-2 (seq 9) reversed in January 2026: its VAT goes back to 44574, so January collects -100.
  Accept(Reversal(9));
  EXPECT_EQ(VatOf("2026-01-01", "2026-02-01"),
            "collected 20% base -500.00 vat -100.00\n"
            "totals -100.00 - 0.00 due 0.00 credit 100.00 unrated 0.00 0.00\n");
  // A manual settlement of the return, without a rate, is shown apart.
  events::JournalEntryRecorded settlement;
  settlement.entry_id.value = "OD-1";
  settlement.journal = "OD";
  settlement.entry_date = Day("2026-01-04");
  settlement.label = "TVA aout 2025";
  settlement.postings = {
      events::Posting{"445710", "", "", events::Side::kDebit, Money::FromCents(100'00), ""},
      events::Posting{"445510", "", "", events::Side::kCredit, Money::FromCents(100'00), ""}};
  Accept(settlement);
  EXPECT_EQ(VatOf("2026-01-01", "2026-02-01"),
            "collected 20% base -500.00 vat -100.00\n"
            "totals -100.00 - 0.00 due 0.00 credit 100.00 unrated -100.00 0.00\n");
}

TEST_F(ReportsTest, GeneralLedgerListsLinesByDateThenEntryWithRunningBalances) {
  projections::GeneralLedger report(2025, "512");
  const auto ledger = Replay(&report);
  EXPECT_EQ(Render(report.Accounts(ledger->chart())),
            "512000 Banques\n"
            "  2025-07-15 OD-2 AN-A-ENT D 0.00 C 100.00 = -100.00\n"
            "  2025-07-15 OD-2 CAE D 100.00 C 0.00 = 0.00\n"
            "  2025-08-10 BQ-3 AN-A-ENT D 600.00 C 0.00 = 600.00\n"
            "  2025-09-10 BQ-4 AN-A-ENT D 600.00 C 0.00 = 1200.00\n"
            "  total D 1300.00 C 100.00 = 1200.00\n");
  projections::GeneralLedger everything(2025, "");
  Replay(&everything);
  std::vector<std::string> accounts;
  for (const auto& account : everything.Accounts(ledger->chart()))
    accounts.push_back(account.account);
  EXPECT_EQ(accounts, (std::vector<std::string>{"411000", "425000", "445660", "445710", "445740",
                                                "512000", "606300", "658800", "706000"}));
}

TEST_F(ReportsTest, GeneralLedgerPutsTheOpeningEntryFirst) {
  ASSERT_NO_FATAL_FAILURE(CloseYear2025());
  projections::GeneralLedger report(2026, "5");
  const auto ledger = Replay(&report);
  EXPECT_EQ(Render(report.Accounts(ledger->chart())),
            "512000 Banques\n"
            "  2026-01-01 AN-2 opening AN-A-ENT D 1100.00 C 0.00 = 1100.00\n"
            "  2026-01-01 AN-2 opening CAE D 100.00 C 0.00 = 1200.00\n"
            "  2026-01-01 BQ-1 AN-A-CJS D 250.00 C 0.00 = 1450.00\n"
            "  total D 1450.00 C 0.00 = 1450.00\n");
}

TEST_F(ReportsTest, JournalHoldsTheEntriesOfItsCodeInNumberOrder) {
  projections::JournalEntries bank(2025, "BQ");
  projections::JournalEntries purchases(2025, "AC");
  Tee both({&bank, &purchases});
  Replay(&both);
  ASSERT_EQ(bank.entries().size(), 2u);
  EXPECT_EQ(bank.entries()[0].number, 3);
  EXPECT_EQ(bank.entries()[0].piece_reference, "P-1");
  EXPECT_EQ(bank.entries()[1].number, 4);
  EXPECT_EQ(bank.entries()[1].TotalDebit(), Money::FromCents(700'00));  // 600 + 100 VAT moved.
  ASSERT_EQ(purchases.entries().size(), 1u);
  EXPECT_EQ(purchases.entries()[0].number, 5);
  EXPECT_EQ(purchases.entries()[0].TotalCredit(), Money::FromCents(120'00));
}

TEST_F(ReportsTest, JournalOfTheCloseHoldsTheClosingEntry) {
  ASSERT_NO_FATAL_FAILURE(CloseYear2025());
  projections::JournalEntries closing(2025, "CL");
  projections::JournalEntries opening(2026, "AN");
  Tee both({&closing, &opening});
  Replay(&both);
  ASSERT_EQ(closing.entries().size(), 1u);
  EXPECT_EQ(closing.entries()[0].kind, projections::EntryKind::kClosing);
  EXPECT_EQ(closing.entries()[0].number, 6);
  ASSERT_EQ(opening.entries().size(), 1u);
  EXPECT_EQ(opening.entries()[0].number, 2);
}

TEST_F(ReportsTest, ActivitiesShowTheContributionAsAChargeOfTheActivityAndANegativeOneOfTheCae) {
  projections::ActivityStatements report(2025);
  projections::TrialBalance balance(2025);
  Tee both({&report, &balance});
  const auto ledger = Replay(&both);
  const std::vector<projections::ActivityStatement> statements = report.Statements(ledger->chart());
  EXPECT_EQ(Render(statements),
            "AN-A-ENT\n"
            "  revenue 706000 1000.00\n"
            "  charges 606300 100.00\n"
            "  charges 658800 100.00\n"
            "  1000.00 - 200.00 = 800.00\n"
            "CAE\n"
            "  charges 658800 -100.00\n"
            "  0.00 - -100.00 = 100.00\n");
  // The results add up to the trial balance's class 7 minus class 6.
  int64_t results = 0;
  for (const auto& statement : statements) results += statement.result.cents();
  int64_t trial = 0;
  for (const projections::TrialBalanceRow& row : balance.Rows(ledger->chart())) {
    if (row.account[0] == '7') trial += row.credit.cents() - row.debit.cents();
    if (row.account[0] == '6') trial -= row.debit.cents() - row.credit.cents();
  }
  EXPECT_EQ(results, trial);
  EXPECT_EQ(results, 900'00);
}

TEST_F(ReportsTest, TreasuryFollowsTheDaysOfTheInvoiceItsPaymentsAndTheExpense) {
  EXPECT_EQ(TreasuryOn("2025-07-14"), "");
  EXPECT_EQ(TreasuryOn("2025-07-31"),
            "AN-A-ENT: cash -100.00 taxes -200.00 suppliers 0.00 reference -300.00 | wages 0.00 "
            "clients 1200.00 expense sheets 0.00 future 900.00\n"
            "CAE: cash 100.00 taxes 0.00 suppliers 0.00 reference 100.00 | wages 0.00 clients 0.00 "
            "expense sheets 0.00 future 100.00\n");
  EXPECT_EQ(TreasuryOn("2025-09-30"),
            "AN-A-ENT: cash 1100.00 taxes -180.00 suppliers 0.00 reference 920.00 | wages 0.00 "
            "clients 0.00 expense sheets -120.00 future 800.00\n"
            "CAE: cash 100.00 taxes 0.00 suppliers 0.00 reference 100.00 | wages 0.00 clients 0.00 "
            "expense sheets 0.00 future 100.00\n");
}

TEST_F(ReportsTest, TreasuryAcrossYearsCountsTheCarriedBalancesOnce) {
  ASSERT_NO_FATAL_FAILURE(CloseYear2025());
  EXPECT_EQ(TreasuryOn("2026-01-05"),
            "AN-A-CJS: cash 250.00 taxes 0.00 suppliers 0.00 reference 250.00 | wages 0.00 "
            "clients 0.00 expense sheets 0.00 future 250.00\n"
            "AN-A-ENT: cash 1100.00 taxes -180.00 suppliers 0.00 reference 920.00 | wages 0.00 "
            "clients 0.00 expense sheets -120.00 future 800.00\n"
            "CAE: cash 100.00 taxes 0.00 suppliers 0.00 reference 100.00 | wages 0.00 clients 0.00 "
            "expense sheets 0.00 future 100.00\n");
}

TEST_F(ReportsTest, KnownAtReplaysTheBooksAsTheyWereThen) {
  projections::VatReturn vat(Day("2025-09-01"), Day("2025-10-01"), "445710", "445660");
  Replay(&vat, /*last=*/9);  // Before the expense.
  EXPECT_EQ(Render(vat.Figures()),
            "collected 20% base 500.00 vat 100.00\n"
            "totals 100.00 - 0.00 due 100.00 credit 0.00 unrated 0.00 0.00\n");
}

TEST_F(ReportsTest, SageExportWritesEveryLineTwiceWithCutLabels) {
  projections::YearEntries entries(2025);
  Replay(&entries);
  adapters::SageOptions options;
  options.label_length = 25;
  Result<std::string> file = adapters::RenderSage(entries.entries(), options);
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  std::vector<std::string> lines;
  std::istringstream in(*file);
  for (std::string line; std::getline(in, line);) {
    ASSERT_FALSE(line.empty());
    EXPECT_EQ(line.back(), '\r');
    line.pop_back();
    lines.push_back(line);
  }
  ASSERT_EQ(lines.size(), 1u + 2u * (3 + 4 + 4 + 4 + 3));  // Header, then G and A per line.
  EXPECT_EQ(lines[0],
            "Code journal;Date;Compte general;Compte tiers;Type;Code analytique;Numero de piece;"
            "Libelle;Debit;Credit");
  EXPECT_EQ(lines[1],
            "VE;150725;411000;C-0001;G;;2025-0001;Facture 2025-0001 Boulang;1200,00;0,00");
  EXPECT_EQ(lines[2],
            "VE;150725;411000;C-0001;A;AN-A-ENT;2025-0001;Facture 2025-0001 Boulang;1200,00;0,00");
  EXPECT_EQ(lines.back(),
            "AC;100925;425000;M-0001;A;AN-A-ENT;E-1;Produits d'entretien pour;0,00;120,00");
}

TEST_F(ReportsTest, SageExportLeavesTheOpeningEntryOut) {
  ASSERT_NO_FATAL_FAILURE(CloseYear2025());
  projections::YearEntries entries(2026);
  Replay(&entries);
  ASSERT_EQ(entries.entries().size(), 2u);  // The self-financing and the AN.
  Result<std::string> file = adapters::RenderSage(entries.entries(), adapters::SageOptions{});
  ASSERT_TRUE(file.has_value());
  EXPECT_EQ(std::count(file->begin(), file->end(), '\n'), 1 + 2 * 2);
  EXPECT_EQ(file->find("\nAN;"), std::string::npos);
}

TEST(RatePercentTest, WritesRatesWithoutTrailingZeros) {
  EXPECT_EQ(projections::RatePercent(200'000), "20");
  EXPECT_EQ(projections::RatePercent(55'000), "5.5");
  EXPECT_EQ(projections::RatePercent(21'000), "2.1");
  EXPECT_EQ(projections::RatePercent(0), "0");
  EXPECT_EQ(projections::RatePercent(160), "0.016");
}

}  // namespace
}  // namespace coopledger::test
