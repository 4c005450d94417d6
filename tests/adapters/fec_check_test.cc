// CheckFec on files built here: a valid FEC passes, and each single fault is reported with
// exactly its code, line and column.
#include "adapters/fec_check.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "adapters/fec_fields.h"

namespace coopledger::adapters {
namespace {

constexpr const char* kFileName = "/tmp/fec/123456789FEC20251231.txt";

using Rows = std::vector<std::vector<std::string>>;

// A 2025 exercise, ISO-8859-15 ("\351" is e-acute, "\350" e-grave): the opening entry (AN,
// number 1), a sale to an auxiliary client account lettered "A" with its payment, a purchase with
// a currency amount, bank fees. Line n of the file is element n - 1.
std::vector<std::string> ValidLines() {
  return {
      "JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|"
      "PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|"
      "Idevise",
      "AN|A nouveaux|1|20250101|512000|Banque|||AN2025|20250101|Reprise des soldes|1500,00|0,00|||"
      "20250105||",
      "AN|A nouveaux|1|20250101|411000|Clients|C001|Soci\351t\351 G\351n\351rale|AN2025|20250101|"
      "Reprise des soldes|300,00|0,00|A|20250210|20250105||",
      "AN|A nouveaux|1|20250101|101300|Capital souscrit appel\351 vers\351|||AN2025|20250101|"
      "Reprise des soldes|0,00|1800,00|||20250105||",
      "VT|Ventes|2|20250115|411000|Clients|C001|Soci\351t\351 G\351n\351rale|F2025-001|20250115|"
      "Facture F2025-001|1200,00|0,00|A|20250210|20250120||",
      "VT|Ventes|2|20250115|706000|Prestations de services|||F2025-001|20250115|Facture F2025-001|"
      "0,00|1000,00|||20250120||",
      "VT|Ventes|2|20250115|445710|TVA collect\351e|||F2025-001|20250115|Facture F2025-001|0,00|"
      "200,00|||20250120||",
      "BQ|Banque|3|20250210|512000|Banque|||REL-02|20250210|R\350glement F2025-001|1500,00|0,00|||"
      "20250212||",
      "BQ|Banque|3|20250210|411000|Clients|C001|Soci\351t\351 G\351n\351rale|REL-02|20250210|"
      "R\350glement F2025-001|0,00|1500,00|A|20250210|20250212||",
      "AC|Achats|4|20250301|606400|Fournitures administratives|||FA-88|20250228|Papier|50,00|0,00|"
      "||20250305|55,00|USD",
      "AC|Achats|4|20250301|445660|TVA d\351ductible|||FA-88|20250228|Papier|10,00|0,00|||"
      "20250305||",
      "AC|Achats|4|20250301|401000|Fournisseurs|F001|Bureau Vall\351e|FA-88|20250228|Papier|0,00|"
      "60,00|||20250305||",
      "BQ|Banque|5|20251231|627000|Frais bancaires|||REL-12|20251231|Frais de tenue de compte|"
      "12,34|0,00|||20251231||",
      "BQ|Banque|5|20251231|512000|Banque|||REL-12|20251231|Frais de tenue de compte|0,00|12,34|"
      "||20251231||",
  };
}

Rows ValidRows() {
  Rows rows;
  for (const std::string& line : ValidLines()) {
    std::vector<std::string>& fields = rows.emplace_back();
    size_t start = 0;
    for (size_t end; (end = line.find('|', start)) != std::string::npos; start = end + 1) {
      fields.push_back(line.substr(start, end - start));
    }
    fields.push_back(line.substr(start));
  }
  return rows;
}

std::string Join(const Rows& rows, const std::string& separator = "\t",
                 const std::string& line_end = "\n") {
  std::string text;
  for (const std::vector<std::string>& fields : rows) {
    for (size_t i = 0; i < fields.size(); ++i) text += (i ? separator : "") + fields[i];
    text += line_end;
  }
  return text;
}

// Sets `column` of file line `line` (the header is line 1).
void Set(Rows& rows, int line, const std::string& column, const std::string& value) {
  const std::vector<std::string>& header = rows[0];
  const auto found = std::find(header.begin(), header.end(), column);
  ASSERT_NE(found, header.end()) << column;
  rows[static_cast<size_t>(line - 1)][static_cast<size_t>(found - header.begin())] = value;
}

std::string Mutated(const std::function<void(Rows&)>& mutate) {
  Rows rows = ValidRows();
  mutate(rows);
  return Join(rows);
}

// Latin-9 bytes of the valid file re-encoded as UTF-8 (e-acute and e-grave share latin-1's code
// points).
std::string ToUtf8(const std::string& latin9) {
  std::string text;
  for (const char c : latin9) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      text += c;
    } else {
      text += static_cast<char>(0xC0 | (byte >> 6));
      text += static_cast<char>(0x80 | (byte & 0x3F));
    }
  }
  return text;
}

// "LINE:COLUMN: code\n" per finding: what the fault tests compare.
std::string Codes(const FecReport& report) {
  std::string text;
  for (const FecFinding& finding : report.findings) {
    text += std::to_string(finding.line) + (finding.column.empty() ? "" : ":" + finding.column) +
            ": " + finding.code + "\n";
  }
  return text;
}

FecCheckOptions StartingOn(int year, int month, int day) {
  FecCheckOptions options;
  options.exercise_start = *Date::FromYmd(year, month, day);
  return options;
}

FecCheckOptions BytesAtMost(size_t bytes_max) {
  FecCheckOptions options;
  options.bytes_max = bytes_max;
  return options;
}

TEST(FecCheckTest, ValidFilePasses) {
  const FecReport report = CheckFec(kFileName, Join(ValidRows()), {});
  EXPECT_EQ(Codes(report), "");
  EXPECT_TRUE(report.Passed());
  EXPECT_EQ(report.lines, 14);
  EXPECT_EQ(report.entries, 5);
  EXPECT_EQ(report.debit_total_cents, 4572'34);
  EXPECT_EQ(report.credit_total_cents, 4572'34);
  EXPECT_EQ(report.exercise_start->ToString(), "2025-01-01");
  EXPECT_EQ(report.exercise_end->ToString(), "2025-12-31");
}

TEST(FecCheckTest, AcceptsPipesCrLfAndNoFinalNewline) {
  const Rows rows = ValidRows();
  for (const std::string& text :
       {Join(rows, "|"), Join(rows, "\t", "\r\n"),
        Join(rows, "|", "\r\n").substr(0, Join(rows, "|", "\r\n").size() - 2),
        Join(rows).substr(0, Join(rows).size() - 1)}) {
    const FecReport report = CheckFec(kFileName, text, {});
    EXPECT_EQ(Codes(report), "");
    EXPECT_EQ(report.lines, 14);
  }
}

TEST(FecCheckTest, AcceptsPrefixedZeroPaddedEntryNumbers) {
  const std::string text = Mutated([](Rows& rows) {
    for (size_t i = 1; i < rows.size(); ++i) {
      Set(rows, static_cast<int>(i + 1), "EcritureNum", "E2025-000" + rows[i][2]);
    }
  });
  EXPECT_EQ(Codes(CheckFec(kFileName, text, {})), "");
}

TEST(FecCheckTest, Utf8IsAcceptedOnlyWhenAsked) {
  const std::string utf8 = ToUtf8(Join(ValidRows()));
  FecCheckOptions options;
  options.accept_utf8 = true;
  EXPECT_EQ(Codes(CheckFec(kFileName, utf8, options)), "");
  EXPECT_EQ(Codes(CheckFec(kFileName, utf8, {})), "3:CompAuxLib: encoding\n");
  EXPECT_EQ(Codes(CheckFec(kFileName, Join(ValidRows()), options)), "3:CompAuxLib: encoding\n");
}

TEST(FecCheckTest, ByteOrderMarkIsOnlyAWarning) {
  const FecReport report = CheckFec(kFileName, "\xEF\xBB\xBF" + Join(ValidRows()), {});
  EXPECT_EQ(Codes(report), "1: byte-order-mark\n");
  EXPECT_TRUE(report.Passed());
  EXPECT_EQ(report.warnings, 1);
}

TEST(FecCheckTest, DefaultExerciseIsTwelveMonthsAndStartCanBeGiven) {
  EXPECT_EQ(CheckFec("123456789FEC20250630", "", {}).exercise_start->ToString(), "2024-07-01");
  EXPECT_EQ(CheckFec("123456789FEC20240229", "", {}).exercise_start->ToString(), "2023-03-01");
  EXPECT_EQ(Codes(CheckFec(kFileName, Join(ValidRows()), StartingOn(2025, 1, 2))),
            "2:EcritureDate: date-outside-exercise\n"
            "3:EcritureDate: date-outside-exercise\n"
            "4:EcritureDate: date-outside-exercise\n");
}

struct Fault {
  std::string name;
  std::string bytes;
  std::string expected;  // Codes() of the report.
  std::string file_name = kFileName;
  FecCheckOptions options = {};
};

std::vector<Fault> SingleFaults() {
  const std::string valid = Join(ValidRows());
  std::vector<Fault> faults = {
      {"no FEC in the name", valid, "0: bad-file-name\n", "123456789-2025.txt"},
      {"closing date 31 Nov", valid, "0: bad-file-name\n", "123456789FEC20251131.txt"},
      {"start after closing", valid, "0: exercise-dates\n", kFileName, StartingOn(2026, 1, 1)},
      {"too large", valid, "0: file-size\n", kFileName, BytesAtMost(100)},
      {"semicolons", Join(ValidRows(), ";"), "1: separator\n"},
      {"commas", Join(ValidRows(), ","), "1: separator\n"},
      {"empty file", "", "1: header\n"},
      {"misspelt column", Mutated([](Rows& r) { r[0][4] = "Comptenum"; }), "1:CompteNum: header\n"},
      {"17 columns", Mutated([](Rows& r) { r[0].pop_back(); }), "1: header\n"},
      {"17 fields", Mutated([](Rows& r) { r[5].pop_back(); }), "6: field-count\n"},
      {"blank line", Mutated([](Rows& r) { r.insert(r.begin() + 6, std::vector<std::string>()); }),
       "7: empty-line\n"},
      {"two final newlines", valid + "\n", "15: empty-line\n"},
      {"account", Mutated([](Rows& r) { Set(r, 6, "CompteNum", "70A000"); }),
       "6:CompteNum: account-number\n"},
      {"amount with space", Mutated([](Rows& r) { Set(r, 6, "Credit", "1 000,00"); }),
       "6:Credit: amount-format\n"},
      {"amount with dot", Mutated([](Rows& r) { Set(r, 6, "Credit", "1000.00"); }),
       "6:Credit: amount-format\n"},
      {"amount 3 decimals", Mutated([](Rows& r) { Set(r, 6, "Credit", "1000,000"); }),
       "6:Credit: amount-format\n"},
      {"amount with currency", Mutated([](Rows& r) { Set(r, 6, "Credit", "1000,00 EUR"); }),
       "6:Credit: amount-format\n"},
      {"currency amount", Mutated([](Rows& r) { Set(r, 10, "Montantdevise", "55.00"); }),
       "10:Montantdevise: amount-format\n"},
      {"ISO date", Mutated([](Rows& r) { Set(r, 6, "PieceDate", "2025-01-15"); }),
       "6:PieceDate: date-format\n"},
      {"30 February", Mutated([](Rows& r) { Set(r, 6, "EcritureDate", "20250230"); }),
       "6:EcritureDate: date-format\n"},
      {"year 2100", Mutated([](Rows& r) { Set(r, 6, "ValidDate", "21000101"); }),
       "6:ValidDate: date-format\n"},
      {"month 13", Mutated([](Rows& r) { Set(r, 5, "DateLet", "20251301"); }),
       "5:DateLet: date-format\n"},
      {"next year", Mutated([](Rows& r) {
         for (const int line : {13, 14}) Set(r, line, "EcritureDate", "20260102");
       }),
       "13:EcritureDate: date-outside-exercise\n14:EcritureDate: date-outside-exercise\n"},
      {"debit and credit", Mutated([](Rows& r) {
         Set(r, 6, "Debit", "5,00");
         Set(r, 6, "Credit", "1005,00");
       }),
       "6: debit-and-credit\n"},
      {"zero line", Mutated([](Rows& r) {
         r.insert(r.begin() + 7, r[6]);
         Set(r, 8, "Credit", "0,00");
       }),
       "8: zero-line\n"},
      {"auxiliary number only", Mutated([](Rows& r) { Set(r, 3, "CompAuxLib", ""); }),
       "3:CompAuxLib: auxiliary-account\n"},
      {"auxiliary label only", Mutated([](Rows& r) { Set(r, 3, "CompAuxNum", ""); }),
       "3:CompAuxNum: auxiliary-account\n"},
      {"lettering without date", Mutated([](Rows& r) { Set(r, 3, "DateLet", ""); }),
       "3:DateLet: lettering\n"},
      {"unbalanced", Mutated([](Rows& r) { Set(r, 14, "Credit", "12,35"); }),
       "13: unbalanced-entry\n"},
      {"gap", Mutated([](Rows& r) {
         for (const int line : {13, 14}) Set(r, line, "EcritureNum", "6");
       }),
       "13:EcritureNum: entry-number-gap\n"},
      {"not a number", Mutated([](Rows& r) {
         for (const int line : {13, 14}) Set(r, line, "EcritureNum", "5.1");
       }),
       "13:EcritureNum: entry-number-format\n"},
      {"other prefix", Mutated([](Rows& r) {
         for (const int line : {13, 14}) Set(r, line, "EcritureNum", "X5");
       }),
       "13:EcritureNum: entry-number-format\n"},
      {"entry split", Mutated([](Rows& r) {
         std::vector<std::string> moved = r[3];
         r.erase(r.begin() + 3);
         r.insert(r.begin() + 6, moved);
         Set(r, 7, "ValidDate", "20250120");
       }),
       "7:EcritureNum: entry-not-contiguous\n"},
      {"validation order", Mutated([](Rows& r) {
         for (const int line : {10, 11, 12}) Set(r, line, "ValidDate", "20250211");
       }),
       "10:ValidDate: valid-date-order\n"},
      {"validated last year", Mutated([](Rows& r) { Set(r, 2, "ValidDate", "20241231"); }),
       "2:ValidDate: valid-date-before-exercise\n"},
      {"two journals", Mutated([](Rows& r) { Set(r, 6, "JournalCode", "OD"); }),
       "6:JournalCode: entry-journal\n"},
      {"two dates", Mutated([](Rows& r) { Set(r, 6, "EcritureDate", "20250116"); }),
       "6:EcritureDate: entry-date\n"},
      {"control byte", Mutated([](Rows& r) { Set(r, 6, "EcritureLib", "Facture\x01"); }),
       "6:EcritureLib: control-character\n"},
      {"bare CR", Mutated([](Rows& r) { Set(r, 6, "EcritureLib", "Facture\rF2025-001"); }),
       "6: line-ending\n"},
  };
  for (const char* column :
       {"JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", "CompteLib",
        "PieceRef", "PieceDate", "EcritureLib", "Debit", "Credit", "ValidDate"}) {
    faults.push_back({std::string("empty ") + column,
                      Mutated([column](Rows& r) { Set(r, 6, column, ""); }),
                      std::string("6:") + column + ": missing-field\n"});
  }
  return faults;
}

TEST(FecCheckTest, EachFaultIsReportedAloneWithItsCodeAndLine) {
  for (const Fault& fault : SingleFaults()) {
    SCOPED_TRACE(fault.name);
    const FecReport report = CheckFec(fault.file_name, fault.bytes, fault.options);
    EXPECT_EQ(Codes(report), fault.expected);
    EXPECT_FALSE(report.Passed());
  }
}

TEST(FecCheckTest, MessagesNameTheFieldAndTheReason) {
  const std::string unbalanced = Mutated([](Rows& r) { Set(r, 14, "Credit", "12,35"); });
  EXPECT_EQ(FormatFinding(CheckFec(kFileName, unbalanced, {}).findings.at(0)),
            "13: unbalanced-entry: entry \"5\" (lines 13-14) is unbalanced: debit 12,34, "
            "credit 12,35, difference -0,01");
  const std::string dot = Mutated([](Rows& r) { Set(r, 6, "Credit", "1000.00"); });
  EXPECT_EQ(FormatFinding(CheckFec(kFileName, dot, {}).findings.at(0)),
            "6:Credit: amount-format: Credit \"1000.00\" is not an FEC amount: the decimal "
            "separator must be a comma");
  const std::string gap = Mutated([](Rows& r) {
    for (const int line : {13, 14}) Set(r, line, "EcritureNum", "6");
  });
  EXPECT_EQ(FormatFinding(CheckFec(kFileName, gap, {}).findings.at(0)),
            "13:EcritureNum: entry-number-gap: EcritureNum \"6\" is entry number 6, expected 5: "
            "entries are numbered 1, 2, 3... in order of first appearance");
  EXPECT_EQ(FormatFinding(CheckFec(kFileName, ToUtf8(Join(ValidRows())), {}).findings.at(0)),
            "3:CompAuxLib: encoding: CompAuxLib \"Soci\\xC3\\xA9t\\xC3\\xA9 "
            "G\\xC3\\xA9n\\xC3\\xA9rale\": "
            "the file is UTF-8, expected ISO-8859-15 (accept it with --encoding utf-8)");
}

TEST(FecCheckTest, KeepsAtMostTheFindingsLimitButCountsThemAll) {
  const std::string text = Join(ValidRows()) + std::string(1'100, '\n');
  const FecReport report = CheckFec(kFileName, text, {});
  EXPECT_EQ(report.findings.size(), kFecFindingsMax);
  EXPECT_EQ(report.errors, 1'100);
  EXPECT_EQ(report.OmittedFindings(), 100);
}

TEST(FecFieldsTest, ParsesAmounts) {
  EXPECT_EQ(*ParseFecAmount("1200"), 1200'00);
  EXPECT_EQ(*ParseFecAmount("-3,5"), -3'50);
  EXPECT_EQ(*ParseFecAmount("+0,07"), 7);
  EXPECT_EQ(*ParseFecAmount("000000000012,34"), 12'34);
  EXPECT_EQ(*ParseFecAmount("1000000000,00"), 1'000'000'000'00);
  for (const char* bad : {"", "-", ",50", "12,", "1,234", "1.234,56", "12.5", " 12", "1e3", "--1",
                          "1000000000,01", "99999999999999999999"}) {
    EXPECT_FALSE(ParseFecAmount(bad).has_value()) << bad;
  }
  EXPECT_EQ(ParseFecAmount("1.234,56").error().message(),
            "\"1.234,56\" is not an FEC amount: no thousands separator is allowed");
}

TEST(FecFieldsTest, ParsesDatesOfTheSupportedYears) {
  EXPECT_EQ(ParseFecDate("20240229")->ToString(), "2024-02-29");
  EXPECT_EQ(ParseFecDate("19000101")->ToString(), "1900-01-01");
  for (const char* bad :
       {"20250229", "18991231", "21000101", "2025-01-01", "2025011", "20250100"}) {
    EXPECT_FALSE(ParseFecDate(bad).has_value()) << bad;
  }
}

TEST(FecFieldsTest, ReadsTheTrailingIntegerOfEntryNumbers) {
  EXPECT_EQ(ParseFecEntryNumber("VT000012")->value, 12);
  EXPECT_EQ(ParseFecEntryNumber("VT000012")->prefix, "VT");
  EXPECT_EQ(ParseFecEntryNumber("2025-7")->prefix, "2025-");
  EXPECT_EQ(ParseFecEntryNumber("42")->prefix, "");
  for (const char* bad : {"", "VT", "12A", "V T1", "1.2", "1234567890123456789"}) {
    EXPECT_FALSE(ParseFecEntryNumber(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace coopledger::adapters
