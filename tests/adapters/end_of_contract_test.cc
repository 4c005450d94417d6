// The certificat de travail and the reçu pour solde de tout compte, read back with poppler-utils.
#include "adapters/end_of_contract.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/test_util/shell.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using adapters::EndOfContractContent;
using adapters::EndOfContractSource;

Date Day(int year, int month, int day) { return Date::FromYmd(year, month, day).value(); }

// Léa's CJS contract of summer 2025, ended on 29 August: her last wages, the tenth of paid leave,
// no end-of-contract bonus (a holiday job of a student, C. trav. L1243-10).
EndOfContractSource LeaSource() {
  EndOfContractSource source;
  source.cae.name = "Coopérative Clermontoise";
  source.cae.siren = "732829320";
  source.cae.nic = "00074";
  source.cae.ape_code = "8299Z";
  source.cae.address = "12 place de Jaude, 63000 Clermont-Ferrand";
  source.person.given_name = "Léa";
  source.person.family_name = "Dupré";
  source.person.address = "4 rue des Gras, 63000 Clermont-Ferrand";
  source.contract_start = Day(2025, 7, 1);
  source.contract_end = Day(2025, 8, 29);
  source.job_title = "Coopérante de la CJS Clermont été 2025 (services de proximité)";
  source.delivered_on = Day(2025, 8, 29);
  source.sums = {{"Salaire d'août 2025 (net)", Money::FromCents(31250)},
                 {"Indemnité compensatrice de congés payés (net)", Money::FromCents(2841)},
                 {"Indemnité de fin de contrat", Money::Zero()}};
  return source;
}

void ExpectContainsAll(const std::string& text, const std::vector<std::string>& expected) {
  for (const std::string& part : expected) {
    EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
  }
}

class EndOfContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int exit_code = -1;
    Shell("pdftotext -v", &exit_code);
    ASSERT_EQ(exit_code, 0) << "pdftotext missing: run scripts/install-deps.sh (poppler-utils)";
  }
  // Renders page 1 of `pdf` at 50 dpi; true if it gave an A4 PNG.
  bool RendersAsA4(const std::string& pdf, const std::string& prefix) {
    int exit_code = -1;
    Shell("pdftoppm -png -r 50 -f 1 -l 1 '" + pdf + "' '" + dir_.Sub(prefix) + "'", &exit_code);
    const std::string png = ReadWholeFile(dir_.Sub(prefix + "-1.png"));
    const PngSize size = ReadPngSize(png);
    return exit_code == 0 && png.size() > 5'000 && size.width == 414 && size.height == 585;
  }

  TempDir dir_;
};

TEST_F(EndOfContractTest, CertificateHasTheMentionsOfD12346AndNothingAboutWhyItEnded) {
  const std::string pdf = dir_.Sub("certificat.pdf");
  const Status written = adapters::WriteWorkCertificatePdf(LeaSource(), pdf);
  ASSERT_TRUE(written.has_value()) << written.error().ToString();
  EXPECT_EQ(PdfPageCount(pdf), 1);
  const std::string text = PdfText(pdf);
  ExpectContainsAll(
      text,
      {"Certificat de travail", "Coopérative Clermontoise",
       "L'employeur soussigné, Coopérative Clermontoise, 12 place de Jaude, 63000 "
       "Clermont-Ferrand, SIRET 732 829 320 00074, certifie avoir employé Léa Dupré, demeurant 4 "
       "rue des Gras, 63000 Clermont-Ferrand :",
       "Date d'entrée : 01/07/2025", "Date de sortie : 29/08/2025",
       "Emploi occupé : Coopérante de la CJS Clermont été 2025 (services de proximité), du "
       "01/07/2025 au 29/08/2025.",
       "garanties de frais de santé et de prévoyance", "dans la limite de douze mois",
       "L911-8 du Code de la sécurité sociale", "L1234-19 et D1234-6",
       "Fait à Clermont-Ferrand, le 29/08/2025.", "L'employeur (nom, qualité et signature)",
       "page 1 / 1"});
  EXPECT_EQ(text.find("solde de tout compte"), std::string::npos);
  EXPECT_TRUE(RendersAsA4(pdf, "certificat"));
}

TEST_F(EndOfContractTest, ReceiptListsEverySumTheTotalAndTheSixMonths) {
  const std::string pdf = dir_.Sub("solde.pdf");
  const Status written = adapters::WriteFinalSettlementReceiptPdf(LeaSource(), pdf);
  ASSERT_TRUE(written.has_value()) << written.error().ToString();
  EXPECT_EQ(PdfPageCount(pdf), 1);
  ExpectContainsAll(
      PdfText(pdf),
      {"Reçu pour solde de tout compte",
       "Je soussigné(e), Léa Dupré, demeurant 4 rue des Gras, 63000 Clermont-Ferrand, reconnais "
       "avoir reçu de Coopérative Clermontoise",
       "pour solde de tout compte, la somme de 340,91 €", "Salaire d'août 2025 (net) 312,50 €",
       "Indemnité compensatrice de congés payés (net) 28,41 €",
       "Indemnité de fin de contrat 0,00 €", "Total 340,91 €",
       "peut être dénoncé dans les six mois qui suivent sa signature",
       "article L1234-20 du Code du travail", "Établi en double exemplaire", "article D1234-7",
       "Fait à Clermont-Ferrand, le 29/08/2025.", "L'employeur (nom, qualité et signature)",
       "Le salarié : signature précédée de la mention manuscrite « pour solde de tout compte »"});
  EXPECT_TRUE(RendersAsA4(pdf, "solde"));
}

TEST_F(EndOfContractTest, ExplicitPlaceWinsAndTheSameSourceGivesTheSameBytes) {
  EndOfContractSource source = LeaSource();
  source.delivered_at = "Aubière";
  const std::string first = dir_.Sub("first.pdf");
  const std::string second = dir_.Sub("second.pdf");
  ASSERT_TRUE(adapters::WriteWorkCertificatePdf(source, first).has_value());
  ASSERT_TRUE(adapters::WriteWorkCertificatePdf(source, second).has_value());
  EXPECT_NE(PdfText(first).find("Fait à Aubière, le 29/08/2025."), std::string::npos);
  EXPECT_TRUE(ReadWholeFile(first) == ReadWholeFile(second));
}

TEST(EndOfContractComposeTest, RejectsAContractEndingBeforeItStarts) {
  EndOfContractSource source = LeaSource();
  source.contract_end = Day(2025, 6, 30);
  const Result<EndOfContractContent> content = adapters::ComposeWorkCertificate(source);
  ASSERT_FALSE(content.has_value());
  EXPECT_EQ(content.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(content.error().message(),
            "contract_end: 2025-06-30 is before contract_start 2025-07-01");
}

TEST(EndOfContractComposeTest, RejectsAReceiptWithoutSumsOrWithAnUnlabelledSum) {
  EndOfContractSource source = LeaSource();
  source.sums[1].label.clear();
  Result<EndOfContractContent> content = adapters::ComposeFinalSettlementReceipt(source);
  ASSERT_FALSE(content.has_value());
  EXPECT_EQ(content.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(content.error().message(), "sums[1].label: empty");
  source.sums.clear();
  content = adapters::ComposeFinalSettlementReceipt(source);
  ASSERT_FALSE(content.has_value());
  EXPECT_EQ(content.error().message().substr(0, 12), "sums: empty ");
}

TEST(EndOfContractComposeTest, RejectsAnEmptyJobTitleAndPrintsAnErasedPerson) {
  EndOfContractSource source = LeaSource();
  source.person = events::PersonalData{};
  const Result<EndOfContractContent> content = adapters::ComposeWorkCertificate(source);
  ASSERT_TRUE(content.has_value());
  EXPECT_NE(content->paragraphs.front().find("[données personnelles effacées] :"),
            std::string::npos)
      << content->paragraphs.front();
  source.job_title.clear();
  const Result<EndOfContractContent> refused = adapters::ComposeWorkCertificate(source);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().message().substr(0, 17), "job_title: empty ");
}

}  // namespace
}  // namespace coopledger::test
