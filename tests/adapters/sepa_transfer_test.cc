// SEPA credit transfer files (pain.001.001.03), parsed back with xmllint (libxml2-utils).
#include "adapters/sepa_transfer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

#include "tests/test_util/shell.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using adapters::CreditTransferBatch;

// Published example IBANs whose check digits are right (independent of the code under test).
constexpr const char* kCaeIban = "FR76 3000 6000 0112 3456 7890 189";
constexpr const char* kLeaIban = "FR1420041010050500013M02606";
constexpr const char* kYanisIban = "DE89370400440532013000";
constexpr const char* kInesIban = "BE68539007547034";

// July 2025's wages of three members of a CJS.
CreditTransferBatch JulyWages() {
  CreditTransferBatch batch;
  batch.message_id = "SAL-2025-07-001";
  batch.created_at = "2025-08-04T09:30:00";
  batch.debtor_name = "Coopérative Clermontoise";
  batch.debtor_iban = kCaeIban;
  batch.debtor_bic = "AGRIFRPP";
  batch.requested_execution_date = Date::FromYmd(2025, 8, 5).value();
  batch.payments = {
      {"2025-07-M-0001", "Léa Dupré", kLeaIban, std::nullopt, Money::FromCents(22540),
       "Salaire juillet 2025 M-0001"},
      {"2025-07-M-0002", "Yanis Ben Saïd & fils", kYanisIban, std::string("cobadeffxxx"),
       Money::FromCents(31207), "Salaire juillet 2025 M-0002"},
      {"2025-07-M-0003", "Inès L'Héritier", kInesIban, std::nullopt, Money::FromCents(18999),
       "Salaire juillet 2025 M-0003"},
  };
  return batch;
}

class SepaTransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int exit_code = -1;
    Shell("xmllint --version", &exit_code);
    ASSERT_EQ(exit_code, 0) << "xmllint missing: run scripts/install-deps.sh (libxml2-utils)";
  }
  // Writes `xml` to a file; returns its path.
  std::string Save(const std::string& xml) {
    const std::string path = dir_.Sub("pain.xml");
    std::ofstream(path, std::ios::binary) << xml;
    return path;
  }
  // The string value of `xpath` in the file, namespaces ignored: /Document/... is written with
  // local-name() steps.
  std::string XPath(const std::string& path, const std::string& steps) {
    std::string xpath;
    for (size_t start = 0; start < steps.size();) {
      const size_t end = std::min(steps.find('/', start), steps.size());
      xpath += "/*[local-name()='" + steps.substr(start, end - start) + "']";
      start = end + 1;
    }
    return WithoutFinalNewline(Shell("xmllint --xpath \"string(" + xpath + ")\" '" + path + "'"));
  }
  std::string Count(const std::string& path, const std::string& element) {
    return WithoutFinalNewline(
        Shell("xmllint --xpath \"count(//*[local-name()='" + element + "'])\" '" + path + "'"));
  }
  static std::string WithoutFinalNewline(std::string text) {
    if (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  }

  TempDir dir_;
};

TEST_F(SepaTransferTest, ThreeSalariesParseBackWithTheirCountSumAndAmounts) {
  const Result<std::string> xml = adapters::WriteCreditTransferXml(JulyWages());
  ASSERT_TRUE(xml.has_value()) << xml.error().ToString();
  const std::string path = Save(*xml);
  int exit_code = -1;
  Shell("xmllint --noout '" + path + "'", &exit_code);
  ASSERT_EQ(exit_code, 0) << *xml;

  const std::string header = "Document/CstmrCdtTrfInitn/GrpHdr/";
  const std::string block = "Document/CstmrCdtTrfInitn/PmtInf/";
  EXPECT_EQ(XPath(path, header + "MsgId"), "SAL-2025-07-001");
  EXPECT_EQ(XPath(path, header + "CreDtTm"), "2025-08-04T09:30:00");
  EXPECT_EQ(XPath(path, header + "NbOfTxs"), "3");
  EXPECT_EQ(XPath(path, header + "CtrlSum"), "727.46");
  EXPECT_EQ(XPath(path, block + "NbOfTxs"), "3");
  EXPECT_EQ(XPath(path, block + "CtrlSum"), "727.46");
  EXPECT_EQ(XPath(path, block + "PmtMtd"), "TRF");
  EXPECT_EQ(XPath(path, block + "BtchBookg"), "true");
  EXPECT_EQ(XPath(path, block + "PmtTpInf/SvcLvl/Cd"), "SEPA");
  EXPECT_EQ(XPath(path, block + "PmtTpInf/CtgyPurp/Cd"), "SALA");
  EXPECT_EQ(XPath(path, block + "ChrgBr"), "SLEV");
  EXPECT_EQ(XPath(path, block + "ReqdExctnDt"), "2025-08-05");
  EXPECT_EQ(XPath(path, block + "Dbtr/Nm"), "Cooperative Clermontoise");
  EXPECT_EQ(XPath(path, block + "DbtrAcct/Id/IBAN"), "FR7630006000011234567890189");
  EXPECT_EQ(XPath(path, block + "DbtrAgt/FinInstnId/BIC"), "AGRIFRPP");
  EXPECT_EQ(Count(path, "CdtTrfTxInf"), "3");
  EXPECT_EQ(Count(path, "CdtrAgt"), "1");

  const std::string amounts =
      Shell("xmllint --xpath \"//*[local-name()='InstdAmt']/text()\" '" + path + "'");
  EXPECT_EQ(amounts, "225.40\n312.07\n189.99\n");
  const std::string names = Shell(
      "xmllint --xpath \"//*[local-name()='Cdtr']/*[local-name()='Nm']/text()\" '" + path + "'");
  EXPECT_EQ(names, "Lea Dupre\nYanis Ben Said + fils\nInes L'Heritier\n");
  EXPECT_NE(xml->find("<Nm>Ines L&apos;Heritier</Nm>"), std::string::npos);
  EXPECT_NE(xml->find("<InstdAmt Ccy=\"EUR\">225.40</InstdAmt>"), std::string::npos);
  EXPECT_NE(xml->find("<BIC>COBADEFFXXX</BIC>"), std::string::npos);
  EXPECT_NE(xml->find("<Ustrd>Salaire juillet 2025 M-0002</Ustrd>"), std::string::npos);
}

TEST_F(SepaTransferTest, SameBatchGivesTheSameBytesAndAMissingDebtorBicIsNotProvided) {
  CreditTransferBatch batch = JulyWages();
  batch.debtor_bic.clear();
  const Result<std::string> first = adapters::WriteCreditTransferXml(batch);
  const Result<std::string> second = adapters::WriteCreditTransferXml(batch);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(*first, *second);
  EXPECT_NE(first->find("<Othr>\n            <Id>NOTPROVIDED</Id>"), std::string::npos) << *first;
}

struct Rejection {
  const char* name;
  void (*spoil)(CreditTransferBatch&);
  const char* message;
};

TEST(SepaTransferValidationTest, RejectsBadInputNamingTheFieldAndThePayment) {
  const Rejection rejections[] = {
      {"bad IBAN checksum",
       [](CreditTransferBatch& batch) {
         batch.payments[1].creditor_iban = "DE89370400440532013001";
       },
       "payments[1].creditor_iban: 'DE89370400440532013001' fails its checksum (ISO 13616 mod "
       "97)"},
      {"zero amount", [](CreditTransferBatch& batch) { batch.payments[2].amount = Money::Zero(); },
       "payments[2].amount: 0.00 must be > 0 and at most 999999999.99"},
      {"negative amount",
       [](CreditTransferBatch& batch) { batch.payments[0].amount = Money::FromCents(-1); },
       "payments[0].amount: -0.01 must be > 0 and at most 999999999.99"},
      {"too long id",
       [](CreditTransferBatch& batch) {
         batch.payments[0].end_to_end_id = "SALAIRE-2025-07-M-0001-CJS-CLERMONT-ETE";
       },
       "payments[0].end_to_end_id: 39 characters, at most 35"},
      {"id with a forbidden character",
       [](CreditTransferBatch& batch) { batch.message_id = "SAL_2025"; },
       "message_id: character '_' outside a-z A-Z 0-9 / - ? : ( ) . , ' +"},
      {"id with a double slash",
       [](CreditTransferBatch& batch) { batch.payments[2].end_to_end_id = "A//B"; },
       "payments[2].end_to_end_id: must not start or end with '/' nor contain '//'"},
      {"wrong length", [](CreditTransferBatch& batch) { batch.debtor_iban = "FR7630006000011"; },
       "debtor_iban: 'FR7630006000011' has 15 characters; FR IBANs have 27"},
      {"not SEPA",
       [](CreditTransferBatch& batch) { batch.payments[0].creditor_iban = "US12345678901234"; },
       "payments[0].creditor_iban: 'US12345678901234' is not in a SEPA country"},
      {"bad BIC", [](CreditTransferBatch& batch) { batch.payments[1].creditor_bic = "COBADE"; },
       "payments[1].creditor_bic: 'COBADE' is not a BIC (8 or 11 characters, AAAABBCC123)"},
      {"bad time", [](CreditTransferBatch& batch) { batch.created_at = "2025-08-04"; },
       "created_at: '2025-08-04' is not an ISO 8601 date and time (2025-08-01T09:30:00)"},
      {"no name", [](CreditTransferBatch& batch) { batch.payments[2].creditor_name = "  "; },
       "payments[2].creditor_name: empty"},
      {"no payment", [](CreditTransferBatch& batch) { batch.payments.clear(); }, "payments: empty"},
  };
  for (const Rejection& rejection : rejections) {
    SCOPED_TRACE(rejection.name);
    CreditTransferBatch batch = JulyWages();
    rejection.spoil(batch);
    const Result<std::string> xml = adapters::WriteCreditTransferXml(batch);
    ASSERT_FALSE(xml.has_value());
    EXPECT_EQ(xml.error().code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(xml.error().message(), rejection.message);
  }
}

TEST(SepaTransferValidationTest, AcceptsTimesWithFractionAndZoneOrOffset) {
  for (const char* time :
       {"2025-08-04T09:30:00.123Z", "2025-08-04T09:30:00+02:00", "2025-08-04T23:59:59Z"}) {
    CreditTransferBatch batch = JulyWages();
    batch.created_at = time;
    EXPECT_TRUE(adapters::WriteCreditTransferXml(batch).has_value()) << time;
  }
  for (const char* time : {"2025-08-04T24:00:00", "2025-02-30T10:00:00", "2025-08-04T09:30:00.",
                           "2025-08-04T09:30:00+2"}) {
    CreditTransferBatch batch = JulyWages();
    batch.created_at = time;
    EXPECT_FALSE(adapters::WriteCreditTransferXml(batch).has_value()) << time;
  }
}

TEST(SepaTransferValidationTest, NormalizesIbansAndChecksTheirDigits) {
  EXPECT_EQ(adapters::NormalizeIban("fr14 2004 1010 0505 0001 3m02 606").value(),
            "FR1420041010050500013M02606");
  EXPECT_EQ(adapters::NormalizeIban("BE68539007547034").value(), "BE68539007547034");
  EXPECT_FALSE(adapters::NormalizeIban("FR1420041010050500013M02607").has_value());
  EXPECT_FALSE(adapters::NormalizeIban("FR14-2004").has_value());
  EXPECT_FALSE(adapters::NormalizeIban("").has_value());
}

TEST(SepaTextTest, TransliteratesAccentsAndCutsToTheLength) {
  EXPECT_EQ(adapters::ToSepaText("Élodie Çağlar-Lefèvre", 70), "Elodie Ca lar-Lefevre");
  EXPECT_EQ(adapters::ToSepaText("Œuvre & Cœur – Bœuf ’s", 70), "OEuvre + Coeur - Boeuf 's");
  EXPECT_EQ(adapters::ToSepaText("  a\tb <c>  ", 70), "a b c");
  EXPECT_EQ(adapters::ToSepaText(std::string(80, 'x'), 70), std::string(70, 'x'));
  EXPECT_EQ(adapters::ToSepaText("abc def", 4), "abc");
  EXPECT_EQ(adapters::ToSepaText("\xff\xfe ok", 70), "ok");
}

}  // namespace
}  // namespace coopledger::test
