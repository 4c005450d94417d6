// End to end on the demo's store: the real binary exports the FEC (which our validator accepts),
// the ledger-format journal (whose balances Debian's ledger-cli computes equal to our trial
// balance, to the cent) and the trial balance.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// Runs a shell command; returns its standard output.
std::string Shell(const std::string& command, int* status) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buffer[4096];
  size_t read = 0;
  while ((read = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, read);
  *status = pclose(pipe);
  return out;
}

// "12.34" or "-0.50" -> cents.
int64_t Cents(const std::string& text) {
  const bool negative = !text.empty() && text[0] == '-';
  const std::string digits = negative ? text.substr(1) : text;
  const size_t dot = digits.find('.');
  const int64_t units = std::stoll(digits.substr(0, dot));
  const int64_t cents = dot == std::string::npos ? 0 : std::stoll((digits.substr(dot + 1) + "00").substr(0, 2));
  return (negative ? -1 : 1) * (units * 100 + cents);
}

// account -> debit - credit, from `report trial-balance --format csv`. Labels are quoted when they
// hold a comma; the amounts are the last two fields.
std::map<std::string, int64_t> TrialBalanceBalances(const std::string& csv) {
  std::map<std::string, int64_t> balances;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);  // Header.
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const size_t last = line.rfind(',');
    const size_t before = line.rfind(',', last - 1);
    balances[line.substr(0, line.find(','))] =
        Cents(line.substr(before + 1, last - before - 1)) - Cents(line.substr(last + 1));
  }
  return balances;
}

// account -> balance, from `ledger bal --depth 1 --no-total --empty`: "  1234.56 EUR  411000" or
// "  0  658800".
std::map<std::string, int64_t> LedgerCliBalances(const std::string& out) {
  std::map<std::string, int64_t> balances;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string amount, second, third;
    fields >> amount >> second >> third;
    if (amount.empty()) continue;
    const std::string account = third.empty() ? second : third;
    balances[account] = Cents(amount);
  }
  return balances;
}

using BooksCliTest = DemoStoreTest;

TEST_F(BooksCliTest, DemoFecOfEachFiscalYearPassesCheckFec) {
  for (const std::string year : {"2025", "2026"}) {
    SCOPED_TRACE(year);
    const RunOutput exported = Run({"export", "fec", "--year", year, "--out", dir_->Sub("fec")});
    ASSERT_EQ(exported.exit_code, 0) << exported.err;
    const std::string path = dir_->Sub("fec") + "/900000001FEC" + year + "1231.txt";
    EXPECT_EQ(exported.out, path + "\n");
    const RunOutput checked = RunCoopledger({"check-fec", path});
    EXPECT_EQ(checked.exit_code, 0) << checked.out;
    EXPECT_NE(checked.out.find("OK"), std::string::npos) << checked.out;
    EXPECT_TRUE(std::ifstream(dir_->Sub("fec") + "/900000001FEC" + year + "1231-description.txt").good());
  }
  // Fiscal year 2025 is closed by the demo; 2026 is still open and said to be so.
  EXPECT_EQ(Run({"export", "fec", "--year", "2025", "--out", dir_->Sub("fec")}).err, "");
  EXPECT_EQ(Run({"export", "fec", "--year", "2026", "--out", dir_->Sub("fec")}).err,
            "coopledger: fiscal year 2026 is not closed: this FEC is provisional\n");

  const RunOutput piped = Run({"export", "fec", "--year", "2025", "--out", dir_->Sub("pipe"),
                               "--separator", "pipe"});
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  const RunOutput checked = RunCoopledger({"check-fec", dir_->Sub("pipe") + "/900000001FEC20251231.txt"});
  EXPECT_EQ(checked.exit_code, 0) << checked.out;
}

TEST_F(BooksCliTest, FecBytesFollowTheArrete) {
  ASSERT_EQ(Run({"export", "fec", "--year", "2025", "--out", dir_->Sub("bytes")}).exit_code, 0);
  const std::string fec = ReadFile(dir_->Sub("bytes") + "/900000001FEC20251231.txt");
  const std::string header =
      "JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\t"
      "CompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\t"
      "ValidDate\tMontantdevise\tIdevise\r\n";
  EXPECT_EQ(fec.substr(0, header.size()), header);
  EXPECT_NE(fec.substr(fec.size() - 2), "\r\n");  // No terminator after the last line.
  // ISO-8859-15: "é" of "équipement" is the single byte 0xE9, never UTF-8's 0xC3 0xA9.
  EXPECT_NE(fec.find("petit \xE9quipement"), std::string::npos);
  EXPECT_EQ(fec.find('\xC3'), std::string::npos);
  // The bank's fees booked by the accountant: an OD entry, decimal comma, AAAAMMJJ dates.
  EXPECT_NE(fec.find("\t627000\tServices bancaires et assimil\xE9s\t\t\tBANK-FEES-2025-01\t20250128\t"
                     "Frais de tenue de compte 2025-01\t12,50\t0,00\t\t\t20250128\t\t"),
            std::string::npos);
  // Lettering: a client line carries a code and its date.
  EXPECT_NE(fec.find("\tA\t2025"), std::string::npos);
}

TEST_F(BooksCliTest, LedgerCliBalancesEqualOurTrialBalanceToTheCent) {
  for (const std::string year : {"2025", "2026"}) {
    SCOPED_TRACE(year);
    const RunOutput journal = Run({"export", "ledger", "--year", year});
    ASSERT_EQ(journal.exit_code, 0) << journal.err;
    const std::string path = dir_->Sub("journal-" + year + ".ledger");
    std::ofstream(path) << journal.out;
    int status = -1;
    const std::string out =
        Shell("ledger -f '" + path + "' bal --depth 1 --no-total --empty 2>&1", &status);
    ASSERT_EQ(status, 0) << out;
    const RunOutput balance = Run({"report", "trial-balance", "--year", year, "--format", "csv"});
    ASSERT_EQ(balance.exit_code, 0) << balance.err;
    const std::map<std::string, int64_t> ours = TrialBalanceBalances(balance.out);
    EXPECT_GT(ours.size(), 8u);
    EXPECT_EQ(LedgerCliBalances(out), ours);
  }
}

TEST_F(BooksCliTest, TrialBalanceCsvIsRfc4180WithDotDecimals) {
  const RunOutput balance = Run({"report", "trial-balance", "--year", "2025", "--format", "csv"});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  EXPECT_EQ(balance.out.substr(0, 28), "account,label,debit,credit\r\n");
  EXPECT_NE(balance.out.find("627000,Services bancaires et assimil\u00e9s,150.00,0.00\r\n"),
            std::string::npos)
      << balance.out;
  // Opening entries count in 2026, closing entries never: 120000 appears in 2026 only.
  EXPECT_EQ(balance.out.find("\n120000,"), std::string::npos);
  EXPECT_NE(Run({"report", "trial-balance", "--year", "2026", "--format", "csv"}).out.find("\n120000,"),
            std::string::npos);
}

TEST_F(BooksCliTest, KnownAtShowsTheBooksAsTheyWereKnown) {
  // Before the first event, nothing; before the 2025 close, no opening entry in 2026 yet.
  EXPECT_EQ(Run({"report", "trial-balance", "--year", "2025", "--format", "csv", "--known-at", "0"}).out,
            "account,label,debit,credit\r\n");
  const RunOutput log = Run({"log", "--stream", "books"});
  const size_t close = log.out.find("\"FiscalYearClosed\"");
  ASSERT_NE(close, std::string::npos);
  const size_t seq_at = log.out.rfind("\"seq\":", close);
  const long seq = std::stol(log.out.substr(seq_at + 6));
  const std::string before = std::to_string(seq - 1);
  const std::string csv = Run({"report", "trial-balance", "--year", "2026", "--format", "csv",
                               "--known-at", before}).out;
  EXPECT_EQ(csv.find("\n120000,"), std::string::npos) << csv;
  EXPECT_NE(Run({"report", "trial-balance", "--year", "2026", "--format", "csv", "--known-at",
                 std::to_string(seq)}).out.find("\n120000,"),
            std::string::npos);
  // By recorded time: the demo closed 2025 on 2026-03-31 at 09:00 UTC.
  EXPECT_EQ(Run({"report", "trial-balance", "--year", "2026", "--format", "csv", "--known-at",
                 "2026-03-31T08:59:59Z"}).out,
            csv);
  EXPECT_NE(Run({"report", "trial-balance", "--year", "2026", "--format", "csv", "--known-at",
                 "2026-03-31T09:00:00Z"}).out.find("\n120000,"),
            std::string::npos);
}

TEST_F(BooksCliTest, BadOptionsAreRefusedWithTheirName) {
  const RunOutput year = Run({"report", "trial-balance", "--year", "1800", "--format", "csv"});
  EXPECT_EQ(year.exit_code, 2);
  EXPECT_EQ(year.err, "coopledger: invalid_argument: --year: 1800 is not a fiscal year (1900 to 2099)\n");
  const RunOutput separator =
      Run({"export", "fec", "--year", "2025", "--out", dir_->Sub("x"), "--separator", "comma"});
  EXPECT_EQ(separator.exit_code, 2);
  EXPECT_EQ(separator.err, "coopledger: invalid_argument: --separator: \"comma\" is not tab or pipe\n");
  const RunOutput known = Run({"report", "trial-balance", "--year", "2025", "--known-at", "ten"});
  EXPECT_EQ(known.exit_code, 2);
  EXPECT_EQ(known.err,
            "coopledger: invalid_argument: --known-at: \"ten\" is neither a seq (a whole number) nor "
            "an ISO-8601 UTC time (2025-08-05T18:00:00Z)\n");
  const RunOutput format = Run({"report", "trial-balance", "--year", "2025", "--format", "xml"});
  EXPECT_EQ(format.exit_code, 2);
  EXPECT_NE(format.err.find("--format"), std::string::npos);

  TempDir empty;
  ASSERT_EQ(RunCoopledger({"init", "--data", empty.Sub("data")}).exit_code, 0);
  const RunOutput unconfigured =
      RunCoopledger({"export", "fec", "--year", "2025", "--out", empty.Sub("fec"), "--data", empty.Sub("data")});
  EXPECT_NE(unconfigured.exit_code, 0);
  EXPECT_NE(unconfigured.err.find("the CAE is not configured"), std::string::npos) << unconfigured.err;
}

TEST_F(BooksCliTest, ManualEntryRecordedOnTheCommandLineReachesTheExports) {
  TempDir dir;
  const std::string data = dir.Sub("data");
  ASSERT_EQ(RunCoopledger({"demo", "--data", data}).exit_code, 0);
  const std::string entry = R"({"entry_id": "OD-AUDIT-1", "entry_date": "2026-07-09",
      "label": "Electricite du local 2025-2026",
      "postings": [
        {"account": "606100", "analytic": "CAE", "side": "debit", "amount_cents": 90000},
        {"account": "512000", "analytic": "CAE", "side": "credit", "amount_cents": 90000}]})";
  const RunOutput recorded =
      RunCoopledger({"record", "journal-entry", "--data", data, "--role", "accountant"}, entry);
  ASSERT_EQ(recorded.exit_code, 0) << recorded.err;
  const RunOutput journal = RunCoopledger({"export", "ledger", "--year", "2026", "--data", data});
  EXPECT_NE(journal.out.find("Electricite du local 2025-2026\n    ; piece: OD-AUDIT-1"),
            std::string::npos);
  EXPECT_NE(journal.out.find("    606100  900.00 EUR  ; analytic: CAE\n"), std::string::npos);
  // In the trial balance, its label holds a comma: quoted (RFC 4180).
  const RunOutput balance =
      RunCoopledger({"report", "trial-balance", "--year", "2026", "--format", "csv", "--data", data});
  EXPECT_NE(balance.out.find("\r\n606100,\"Fournitures non stockables (eau, \u00e9nergie)\",900.00,0.00\r\n"),
            std::string::npos)
      << balance.out;

  const std::string unbalanced = R"({"entry_id": "OD-AUDIT-2", "entry_date": "2026-07-09",
      "label": "x", "postings": [
        {"account": "606100", "side": "debit", "amount_cents": 90000},
        {"account": "512000", "side": "credit", "amount_cents": 80000}]})";
  const RunOutput refused =
      RunCoopledger({"record", "journal-entry", "--data", data, "--role", "accountant"}, unbalanced);
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("postings: debits 900.00 and credits 800.00 differ"), std::string::npos)
      << refused.err;
}

}  // namespace
}  // namespace coopledger::test
