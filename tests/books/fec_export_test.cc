// RenderFec on entries made by hand: the exact bytes of each column, cleaning, encoding, lettering.
#include "adapters/fec_export.h"

#include <gtest/gtest.h>

#include "adapters/rules_loader.h"
#include "tests/test_util/stored_events.h"

namespace coopledger::test {
namespace {

using projections::LedgerEntry;
using projections::LedgerLine;

LedgerLine Line(const std::string& account, int64_t debit, int64_t credit,
                const std::string& auxiliary = "", const std::string& auxiliary_label = "") {
  LedgerLine line;
  line.account = account;
  line.auxiliary = auxiliary;
  line.auxiliary_label = auxiliary_label;
  line.analytic = "CAE";
  line.debit = Money::FromCents(debit);
  line.credit = Money::FromCents(credit);
  return line;
}

LedgerEntry Entry(int64_t number, const std::string& label, std::vector<LedgerLine> lines) {
  LedgerEntry entry;
  entry.fiscal_year = 2025;
  entry.number = number;
  entry.journal = "VE";
  entry.date = Day("2025-03-04");
  entry.piece_reference = "2025-0007";
  entry.piece_date = Day("2025-03-03");
  entry.label = label;
  entry.valid_date = Day("2025-03-05");
  entry.lines = std::move(lines);
  return entry;
}

// The lines of a rendered FEC, header excluded.
std::vector<std::string> Lines(const std::string& fec) {
  std::vector<std::string> lines;
  size_t from = fec.find("\r\n");
  while (from != std::string::npos) {
    const size_t next = fec.find("\r\n", from + 2);
    lines.push_back(fec.substr(from + 2, next == std::string::npos ? std::string::npos : next - from - 2));
    from = next;
  }
  return lines;
}

class FecExportTest : public ::testing::Test {
 protected:
  projections::Chart chart_ = adapters::LoadChart(COOPLEDGER_SOURCE_ROOT "/rules").value();
};

TEST_F(FecExportTest, WritesEachColumnAsTheArreteAsks) {
  const std::vector<LedgerEntry> entries = {
      Entry(1, "Facture 2025-0007 Caf\u00e9 de la Gare \u2014 10 \u20ac",
            {Line("411000", 1234567, 0, "C-0001", "Caf\u00e9 de la Gare"),
             Line("706000", 0, 1234567)})};
  std::map<projections::LineRef, projections::Letter> lettering;
  lettering[projections::LineRef{2025, 1, 0}] = projections::Letter{"AB", Day("2025-04-30")};
  const std::string fec = adapters::RenderFec(entries, lettering, chart_, {}).value();
  ASSERT_EQ(Lines(fec).size(), 2u);
  // ISO-8859-15: e acute is 0xE9, the euro sign 0xA4; the em dash has no equivalent: "--".
  EXPECT_EQ(Lines(fec)[0],
            "VE\tVentes\t1\t20250304\t411000\tClients\tC-0001\tCaf\xE9 de la Gare\t2025-0007\t"
            "20250303\tFacture 2025-0007 Caf\xE9 de la Gare -- 10 \xA4\t12345,67\t0,00\tAB\t20250430\t"
            "20250305\t\t");
  EXPECT_EQ(Lines(fec)[1],
            "VE\tVentes\t1\t20250304\t706000\tPrestations de services\t\t\t2025-0007\t20250303\t"
            "Facture 2025-0007 Caf\xE9 de la Gare -- 10 \xA4\t0,00\t12345,67\t\t\t20250305\t\t");
  EXPECT_NE(fec.substr(fec.size() - 2), "\r\n");
}

TEST_F(FecExportTest, CleansSeparatorsAndFillsEmptyLabels) {
  const std::vector<LedgerEntry> entries = {
      Entry(1, "  Menage\tbureaux | 2e etage\r\n", {Line("411000", 500, 0, "C-0002", ""),
                                                   Line("706000", 0, 500)}),
      Entry(2, "", {Line("512000", 1, 0), Line("706000", 0, 1)})};
  adapters::FecOptions pipe;
  pipe.separator = '|';
  const std::vector<std::string> lines = Lines(adapters::RenderFec(entries, {}, chart_, pipe).value());
  ASSERT_EQ(lines.size(), 4u);
  // Separators and line breaks become spaces, the ends are trimmed; an auxiliary account without
  // a label is named by its number; an entry without a label by its piece.
  EXPECT_EQ(lines[0],
            "VE|Ventes|1|20250304|411000|Clients|C-0002|C-0002|2025-0007|20250303|"
            "Menage bureaux   2e etage|5,00|0,00|||20250305||");
  EXPECT_EQ(lines[2],
            "VE|Ventes|2|20250304|512000|Banques|||2025-0007|20250303|2025-0007|0,01|0,00|||20250305||");
}

TEST_F(FecExportTest, RefusesAnEntryThatDoesNotBalance) {
  const std::vector<LedgerEntry> entries = {
      Entry(3, "x", {Line("411000", 500, 0), Line("706000", 0, 499)})};
  const Result<std::string> fec = adapters::RenderFec(entries, {}, chart_, {});
  ASSERT_FALSE(fec.has_value());
  EXPECT_EQ(fec.error().code(), ErrorCode::kPostingsMustBalance);
  EXPECT_EQ(fec.error().message(), "entry 3 of fiscal year 2025 (seq 0) does not balance");
}

TEST_F(FecExportTest, FileNameIsSirenFecClosingDate) {
  EXPECT_EQ(adapters::FecFileName("443061841", Day("2025-12-31")), "443061841FEC20251231.txt");
}

}  // namespace
}  // namespace coopledger::test
