#include "adapters/dsn_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace coopledger::adapters {
namespace {

const std::string kRules = std::string(COOPLEDGER_SOURCE_ROOT) + "/rules";

class DsnCheckTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    Result<std::map<std::string, DsnNorm>> norms = LoadDsnNorms(kRules + "/dsn-norm");
    ASSERT_TRUE(norms.has_value()) << norms.error().ToString();
    norms_ = new std::map<std::string, DsnNorm>(std::move(*norms));
    Result<DsnCtpTable> table = LoadDsnCtpTable(kRules);
    ASSERT_TRUE(table.has_value()) << table.error().ToString();
    table_ = new DsnCtpTable(std::move(*table));
  }
  static void TearDownTestSuite() {
    delete norms_;
    delete table_;
  }

  // A small valid monthly DSN: the URSSAF paid and its bordereau (named by a valid SIRET), one
  // employee with the complementary pension block of the contract, CTP 100 and the reduction
  // (CTP 668), counted.
  static std::vector<std::string> ValidLines() {
    return {
        "S10.G00.00.001,'coopledger'",   "S10.G00.00.002,'coopledger'",
        "S10.G00.00.003,'0.1'",          "S10.G00.00.005,'01'",
        "S10.G00.00.006,'P25V01'",       "S10.G00.00.007,'01'",
        "S10.G00.00.008,'01'",           "S10.G00.01.001,'900000001'",
        "S10.G00.01.002,'00017'",        "S10.G00.01.003,'CAE Cl\xe9rmont'",
        "S10.G00.02.002,'Service paie'", "S20.G00.05.001,'01'",
        "S20.G00.05.002,'01'",           "S20.G00.05.005,'01072025'",
        "S20.G00.05.010,'01'",           "S21.G00.06.001,'900000001'",
        "S21.G00.11.001,'00017'",        "S21.G00.20.001,'70000000100011'",
        "S21.G00.20.005,'100.00'",       "S21.G00.22.001,'70000000100011'",
        "S21.G00.22.005,'100.00'",       "S21.G00.23.001,'100'",
        "S21.G00.23.002,'920'",          "S21.G00.23.004,'1000.00'",
        "S21.G00.23.005,'130.00'",       "S21.G00.23.001,'668'",
        "S21.G00.23.002,'920'",          "S21.G00.23.004,'1000.00'",
        "S21.G00.23.005,'30.00'",        "S21.G00.30.002,'MARTIN'",
        "S21.G00.40.001,'01072025'",     "S21.G00.40.007,'02'",
        "S21.G00.71.002,'RUAA'",
        "S21.G00.50.001,'03082025'",     "S21.G00.50.002,'800.00'",
        "S21.G00.78.001,'03'",           "S21.G00.78.004,'1000.00'",
        "S21.G00.81.001,'075'",          "S21.G00.81.004,'70.00'",
        "S21.G00.81.001,'074'",          "S21.G00.81.004,'60.00'",
        "S21.G00.81.001,'018'",          "S21.G00.81.004,'-30.00'",
        "S90.G00.90.001,'45'",           "S90.G00.90.002,'1'",
    };
  }

  static std::string Join(const std::vector<std::string>& lines) {
    std::string text;
    for (const std::string& line : lines) text += line + "\n";
    return text;
  }

  static DsnReport Check(const std::vector<std::string>& lines) {
    return CheckDsn(Join(lines), *norms_, *table_);
  }

  // The report's findings, one a line, for failure messages.
  static std::string Findings(const DsnReport& report) {
    std::string text;
    for (const DsnFinding& finding : report.findings) text += FormatDsnFinding(finding) + "\n";
    return text;
  }

  // Expects exactly one finding, on `line` and `rubric`, whose message contains `words`.
  static void ExpectOneFinding(const std::vector<std::string>& lines, int64_t line,
                               const std::string& rubric, const std::string& words) {
    const DsnReport report = Check(lines);
    ASSERT_EQ(report.findings.size(), 1u) << Findings(report);
    EXPECT_EQ(report.findings[0].line, line) << Findings(report);
    EXPECT_EQ(report.findings[0].rubric, rubric) << Findings(report);
    EXPECT_NE(report.findings[0].message.find(words), std::string::npos) << Findings(report);
  }

  static inline std::map<std::string, DsnNorm>* norms_ = nullptr;
  static inline DsnCtpTable* table_ = nullptr;
};

TEST_F(DsnCheckTest, LoadsBothYearsNormsWithTheirNatures) {
  ASSERT_EQ(norms_->count("P25V01"), 1u);
  ASSERT_EQ(norms_->count("P26V01"), 1u);
  const DsnNorm& norm = norms_->at("P26V01");
  EXPECT_EQ(norm.rubrics.at("S21.G00.40.007").type, 'X');
  EXPECT_EQ(norm.rubrics.at("S21.G00.40.007").options.count("32"), 1u);
  EXPECT_EQ(norm.rubrics.at("S21.G00.20.005").type, 'N');
  EXPECT_EQ(norm.structures.at("01").at("S21.G00.81").parent, "S21.G00.78");
  EXPECT_EQ(norm.structures.at("07").at("S21.G00.62").parent, "S21.G00.40");
}

TEST_F(DsnCheckTest, AcceptsAValidDeclaration) {
  const DsnReport report = Check(ValidLines());
  EXPECT_TRUE(report.Passed()) << Findings(report);
  EXPECT_EQ(report.version, "P25V01");
  EXPECT_EQ(report.individuals, 1);
  EXPECT_EQ(report.urssaf_cents_by_ctp.at("100"), 130'00);
  EXPECT_EQ(report.urssaf_cents_by_ctp.at("668"), -30'00);
}

TEST_F(DsnCheckTest, NamesAnUnknownRubric) {
  std::vector<std::string> lines = ValidLines();
  lines[31] = "S21.G00.40.999,'02'";
  ExpectOneFinding(lines, 32, "S21.G00.40.999", "no such rubric in norm P25V01");
}

TEST_F(DsnCheckTest, NamesAValueLongerThanTheNormAllows) {
  std::vector<std::string> lines = ValidLines();
  lines[7] = "S10.G00.01.001,'9000000012'";
  ExpectOneFinding(lines, 8, "S10.G00.01.001", "the norm allows 9");
}

TEST_F(DsnCheckTest, NamesACodeOutsideTheNormsList) {
  std::vector<std::string> lines = ValidLines();
  lines[31] = "S21.G00.40.007,'77'";
  ExpectOneFinding(lines, 32, "S21.G00.40.007", "not a code of the norm's list");
}

TEST_F(DsnCheckTest, NamesBadNumbersAndDates) {
  std::vector<std::string> lines = ValidLines();
  lines[34] = "S21.G00.50.002,'800,00'";
  ExpectOneFinding(lines, 35, "S21.G00.50.002", "not a number");
  lines = ValidLines();
  lines[30] = "S21.G00.40.001,'31022025'";
  ExpectOneFinding(lines, 31, "S21.G00.40.001", "not a date DDMMYYYY");
}

TEST_F(DsnCheckTest, NamesABlockOutOfOrder) {
  std::vector<std::string> lines = ValidLines();
  // The individual before the contributions' slip: block 22 then comes after block 30.
  std::rotate(lines.begin() + 19, lines.begin() + 29, lines.begin() + 43);
  const DsnReport report = Check(lines);
  ASSERT_FALSE(report.Passed());
  EXPECT_EQ(report.findings[0].rubric, "S21.G00.22.001") << Findings(report);
  EXPECT_EQ(report.findings[0].line, 34) << Findings(report);
  EXPECT_NE(report.findings[0].message.find("comes after block S21.G00.30"), std::string::npos)
      << Findings(report);
}

TEST_F(DsnCheckTest, NamesABlockOutsideItsParent) {
  std::vector<std::string> lines = ValidLines();
  lines.erase(lines.begin() + 35, lines.begin() + 37);  // The base S21.G00.78 of the S81 lines.
  lines[lines.size() - 2] = "S90.G00.90.001,'43'";
  const DsnReport report = Check(lines);
  ASSERT_FALSE(report.Passed());
  EXPECT_EQ(report.findings[0].line, 36) << Findings(report);
  EXPECT_EQ(report.findings[0].rubric, "S21.G00.81.001") << Findings(report);
  EXPECT_NE(report.findings[0].message.find("not inside its parent block S21.G00.78"),
            std::string::npos);
}

TEST_F(DsnCheckTest, NamesAWrongRubricCount) {
  std::vector<std::string> lines = ValidLines();
  lines[43] = "S90.G00.90.001,'44'";
  ExpectOneFinding(lines, 44, "S90.G00.90.001", "declares 44 rubrics, the envoi has 45");
  lines = ValidLines();
  lines[44] = "S90.G00.90.002,'2'";
  ExpectOneFinding(lines, 45, "S90.G00.90.002", "declares 2 declarations, the envoi has 1");
}

TEST_F(DsnCheckTest, NamesABlock23ThatDiffersFromTheIndividualContributions) {
  std::vector<std::string> lines = ValidLines();
  lines[24] = "S21.G00.23.005,'130.01'";
  ExpectOneFinding(lines, 22, "S21.G00.23.005",
                   "CTP 100: block 23 declares 130.01, the individual contributions (blocks 78/81) "
                   "sum to 130.00");
  lines = ValidLines();
  lines[42] = "S21.G00.81.004,'-29.00'";
  ExpectOneFinding(lines, 26, "S21.G00.23.005", "CTP 668: block 23 declares -30.00");
}

TEST_F(DsnCheckTest, NamesAnUnknownNormVersionAndBadSyntax) {
  std::vector<std::string> lines = ValidLines();
  lines[4] = "S10.G00.00.006,'P19V01'";
  const DsnReport report = Check(lines);
  ASSERT_FALSE(report.Passed());
  EXPECT_EQ(report.findings[0].rubric, "S10.G00.00.006");
  lines = ValidLines();
  lines[29] = "S21.G00.30.002,MARTIN";
  const DsnReport syntax = Check(lines);
  ASSERT_FALSE(syntax.Passed());
  EXPECT_EQ(syntax.findings[0].line, 30) << Findings(syntax);
  EXPECT_NE(syntax.findings[0].message.find("not a rubric line"), std::string::npos);
}

TEST_F(DsnCheckTest, RefusesUtf8Text) {
  std::vector<std::string> lines = ValidLines();
  lines[9] = "S10.G00.01.003,'CAE Cl\xc3\xa9rmont'";
  ExpectOneFinding(lines, 10, "S10.G00.01.003", "ISO-8859-1");
}

TEST_F(DsnCheckTest, NamesTheBodiesByTheirIdentifiers) {
  std::vector<std::string> lines = ValidLines();
  lines[19] = "S21.G00.22.001,'URSSAF'";  // A placeholder, not the URSSAF's SIRET.
  DsnReport report = Check(lines);
  ASSERT_EQ(report.findings.size(), 2u) << Findings(report);
  EXPECT_EQ(FormatDsnFinding(report.findings[0]),
            "20: S21.G00.22.001: the URSSAF of the bordereau 'URSSAF' is not a SIRET: 14 digits")
      << Findings(report);
  EXPECT_EQ(FormatDsnFinding(report.findings[1]),
            "20: S21.G00.22.001: bordereau of 'URSSAF' with no payment S21.G00.20 to that body");
  lines = ValidLines();
  lines[17] = "S21.G00.20.001,'Agirc-Arrco'";
  report = Check(lines);
  ASSERT_FALSE(report.Passed());
  EXPECT_EQ(FormatDsnFinding(report.findings[0]),
            "18: S21.G00.20.001: the body paid 'Agirc-Arrco' is not an identifier of a social "
            "protection body: a SIRET or a code of 1 to 14 capital letters and digits")
      << Findings(report);
  lines = ValidLines();
  lines[17] = "S21.G00.20.001,'70000000100012'";
  lines[19] = "S21.G00.22.001,'70000000100012'";
  report = Check(lines);
  ASSERT_EQ(report.findings.size(), 2u) << Findings(report);
  EXPECT_NE(report.findings[0].message.find("its Luhn check digit is wrong"), std::string::npos);
  EXPECT_EQ(report.findings[1].line, 20);
  lines = ValidLines();
  lines[17] = "S21.G00.20.001,'DGFIP'";  // The URSSAF's bordereau without its payment.
  ExpectOneFinding(lines, 20, "S21.G00.22.001", "no payment S21.G00.20 to that body");
}

TEST_F(DsnCheckTest, NamesAContractWithoutItsComplementaryPensionBlock) {
  std::vector<std::string> lines = ValidLines();
  lines.erase(lines.begin() + 32);  // S21.G00.71.002.
  lines[lines.size() - 2] = "S90.G00.90.001,'44'";
  ExpectOneFinding(lines, 31, "S21.G00.71.002", "contract without its complementary pension");
}

TEST_F(DsnCheckTest, NamesAnAffiliationToNoDeclaredContract) {
  std::vector<std::string> lines = ValidLines();
  // The adhesion after the establishment, the affiliation under the contract, the base under the
  // payment: all linked, the file passes.
  lines.insert(lines.begin() + 17, {"S21.G00.15.001,'CONTRAT-1'", "S21.G00.15.002,'P0901'",
                                    "S21.G00.15.005,'1'"});
  lines.insert(lines.begin() + 35, {"S21.G00.70.012,'1'", "S21.G00.70.013,'1'"});
  lines.insert(lines.begin() + 39, {"S21.G00.78.001,'31'", "S21.G00.78.004,'0.00'",
                                    "S21.G00.78.005,'1'", "S21.G00.81.001,'059'",
                                    "S21.G00.81.004,'12.00'"});
  lines[lines.size() - 2] = "S90.G00.90.001,'55'";
  DsnReport report = Check(lines);
  EXPECT_TRUE(report.Passed()) << Findings(report) << Join(lines);
  std::vector<std::string> broken = lines;
  broken[36] = "S21.G00.70.013,'2'";
  ExpectOneFinding(broken, 37, "S21.G00.70.013",
                   "affiliation to adhesion '2', which no S21.G00.15.005 of the establishment "
                   "declares");
  broken = lines;
  broken[41] = "S21.G00.78.005,'3'";
  ExpectOneFinding(broken, 42, "S21.G00.78.005",
                   "base of affiliation '3', which no S21.G00.70.012 of the individual declares");
  broken = lines;
  broken[18] = "S21.G00.15.002,'p0901'";
  ExpectOneFinding(broken, 19, "S21.G00.15.002", "is not an organism code");
}

}  // namespace
}  // namespace coopledger::adapters
