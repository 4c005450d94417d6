// End-to-end tests of `coopledger invoice pdf`: a store set up with `record` verbs, the real
// binary, and the PDF read back with poppler-utils (pdftotext, pdfinfo, pdftoppm).
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "adapters/document_content.h"
#include "tests/test_util/run_binary.h"
#include "tests/test_util/shell.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

void ExpectContainsAll(const std::string& text, const std::vector<std::string>& expected) {
  for (const std::string& part : expected) {
    EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
  }
}

constexpr const char* kHouseholdPersonalData =
    R"({"person_id":"C-0002","clear":{"family_name":"Lefèvre","given_name":"Hélène","address":"3 rue de l'Été, 63000 Clermont-Ferrand"}})";

class DocumentPdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int exit_code = -1;
    Shell("pdftotext -v", &exit_code);
    ASSERT_EQ(exit_code, 0) << "pdftotext missing: run scripts/install-deps.sh (poppler-utils)";
    ASSERT_EQ(Run({"init"}).exit_code, 0);
  }

  RunOutput Run(std::vector<std::string> arguments, const std::string& input = "") {
    arguments.push_back("--data");
    arguments.push_back(data_);
    return RunCoopledger(arguments, input);
  }
  void Record(const std::string& verb, const std::string& body) {
    const RunOutput out = Run({"record", verb}, body);
    ASSERT_EQ(out.exit_code, 0) << verb << ": " << out.err;
  }
  void ConfigureCae(const std::string& vat_regime, const std::string& address) {
    Record("configure-cae",
           R"({"name":"Coopérative Clermontoise","siren":"732829320","nic":"00074",)"
           R"("ape_code":"8299Z","vat_number":"FR44732829320","address":")" +
               address + R"(","vat_regime":")" + vat_regime + R"("})");
  }
  // 2025-0001 to a household (20 % and 10 %), 2025-0002 to a company, 2025-0003 credits it.
  void SetUpBooks() {
    ConfigureCae("normal", "12 place de Jaude, 63000 Clermont-Ferrand");
    Record("open-activity",
           R"({"activity_id":"CJS-2025","kind":"cjsSeason","name":"CJS Clermont été 2025",)"
           R"("analytic_code":"CJS25","opened_on":"2025-06-15"})");
    Record("register-client",
           R"({"client_id":"C-0001","kind":"company","name":"Boulangerie Épi d'Or SARL",)"
           R"("siret":"73282932000074","vat_number":"FR44732829320",)"
           R"("address":"5 avenue de la République, 63100 Clermont-Ferrand"})");
    Record("register-client",
           std::string(R"({"client_id":"C-0002","kind":"household","personal":)") +
               kHouseholdPersonalData + "}");
    Record(
        "agree-job",
        R"({"job_id":"J-0001","client_id":"C-0001","activity_id":"CJS-2025","service":"cleaning",)"
        R"("description":"Vitrine","scheduled_on":"2025-07-03","agreed_price_cents":12250})");
    Record("validate-invoice",
           R"({"client_id":"C-0002","activity_id":"CJS-2025","issued_on":"2025-07-10","lines":[)"
           R"({"description":"Ménage et repassage à domicile","quantity_milli":4000,)"
           R"("unit_price_cents":2500,"vat_rate_ppm":100000},)"
           R"({"description":"Transport de meubles","quantity_milli":1000,)"
           R"("unit_price_cents":123450,"vat_rate_ppm":200000}]})");
    Record("validate-invoice",
           R"({"client_id":"C-0001","activity_id":"CJS-2025","job_ids":["J-0001"],)"
           R"("issued_on":"2025-07-11","lines":[{"description":"Nettoyage de la vitrine",)"
           R"("quantity_milli":3500,"unit_price_cents":3500,"vat_rate_ppm":200000}]})");
    Record(
        "credit-note",
        R"({"invoice_number":"2025-0002","issued_on":"2025-07-12","reason":"Une heure de moins",)"
        R"("lines":[{"description":"Nettoyage de la vitrine","quantity_milli":1000,)"
        R"("unit_price_cents":3500,"vat_rate_ppm":200000}]})");
  }
  // An invoice to the company with `count` lines, validated on `issued_on`.
  void ValidateInvoiceWithLines(int count, const std::string& issued_on) {
    std::string lines;
    for (int i = 1; i <= count; ++i) {
      if (i > 1) lines += ",";
      lines += R"({"description":"Intervention n° )" + std::to_string(i) +
               R"(","quantity_milli":1000,"unit_price_cents":1000,"vat_rate_ppm":200000})";
    }
    Record("validate-invoice", R"({"client_id":"C-0001","activity_id":"CJS-2025","issued_on":")" +
                                   issued_on + R"(","lines":[)" + lines + "]}");
  }

  // Writes document `number` to dir_/<file> and returns its path.
  std::string Pdf(const std::string& number, const std::string& file = "") {
    const std::string path = dir_.Sub(file.empty() ? number + ".pdf" : file);
    const RunOutput out = Run({"invoice", "pdf", number, "--out", path});
    EXPECT_EQ(out.exit_code, 0) << out.err;
    EXPECT_EQ(out.out, path + "\n");
    return path;
  }
  std::string Text(const std::string& path, int page = 0) {
    const std::string pages =
        page == 0 ? "" : " -f " + std::to_string(page) + " -l " + std::to_string(page);
    return Shell("pdftotext -layout" + pages + " '" + path + "' -");
  }
  int PageCount(const std::string& path) {
    const std::string info = Shell("pdfinfo '" + path + "'");
    const size_t at = info.find("Pages:");
    return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
  }

  TempDir dir_;
  std::string data_ = dir_.Sub("data");
};

TEST_F(DocumentPdfTest, HouseholdInvoiceShowsTheDecryptedBuyerVatPerRateAndTotals) {
  SetUpBooks();
  const std::string text = Text(Pdf("2025-0001"));
  ExpectContainsAll(text, {"Facture",
                           "n° 2025-0001",
                           "Date d'émission : 10/07/2025",
                           "Date de la prestation : 10/07/2025",
                           "Échéance : 09/08/2025",
                           "CJS Clermont été 2025",
                           "Activité portée par Coopérative Clermontoise",
                           "12 place de Jaude, 63000 Clermont-Ferrand",
                           "SIRET 732 829 320 00074",
                           "N° TVA intracommunautaire FR44732829320",
                           "Hélène Lefèvre",
                           "3 rue de l'Été",
                           "63000 Clermont-Ferrand",
                           "Ménage et repassage à domicile",
                           "Transport de meubles",
                           "TVA 10 % sur 100,00 €",
                           "10,00 €",
                           "TVA 20 % sur 1 234,50 €",
                           "246,90 €",
                           "Total HT",
                           "1 334,50 €",
                           "Total TVA",
                           "256,90 €",
                           "Total TTC, net à payer",
                           "1 591,40 €",
                           "Paiement à 30 jours, au plus tard le 09/08/2025"});
  // Late penalties and the indemnity are for business clients only.
  EXPECT_EQ(text.find("recouvrement"), std::string::npos);
  EXPECT_EQ(text.find("293 B"), std::string::npos);
}

TEST_F(DocumentPdfTest, CompanyInvoiceStatesLatePenaltiesAndTheFortyEuroIndemnity) {
  SetUpBooks();
  const std::string text = Text(Pdf("2025-0002"));
  ExpectContainsAll(
      text, {"n° 2025-0002", "Date de la prestation : 03/07/2025", "Échéance : 10/08/2025",
             "Boulangerie Épi d'Or SARL", "5 avenue de la République", "63100 Clermont-Ferrand",
             "Nettoyage de la vitrine", "3,5", "35,00 €", "122,50 €", "TVA 20 % sur 122,50 €",
             "24,50 €", "147,00 €", "majoré de 10 points (soit 12,15 % l'an)",
             "indemnité forfaitaire pour frais de recouvrement de 40,00 €", "L441-10 et D441-5"});
}

TEST_F(DocumentPdfTest, CreditNoteNamesTheInvoiceItCredits) {
  SetUpBooks();
  const std::string text = Text(Pdf("2025-0003"));
  ExpectContainsAll(text, {"Avoir", "n° 2025-0003", "Date d'émission : 12/07/2025",
                           "Facture d'origine : n° 2025-0002 du 11/07/2025",
                           "Motif : Une heure de moins", "Boulangerie Épi d'Or SARL",
                           "TVA 20 % sur 35,00 €", "7,00 €", "Total TTC de l'avoir", "42,00 €"});
  EXPECT_EQ(text.find("Échéance"), std::string::npos);
}

TEST_F(DocumentPdfTest, ErasedHouseholdReadsAsErased) {
  SetUpBooks();
  Record("erase-personal-data", R"({"person_id":"C-0002","reason":"retention over"})");
  const std::string text = Text(Pdf("2025-0001"));
  EXPECT_NE(text.find("[données personnelles effacées]"), std::string::npos) << text;
  EXPECT_EQ(text.find("Lefèvre"), std::string::npos);
  EXPECT_NE(text.find("1 591,40 €"), std::string::npos);
}

TEST_F(DocumentPdfTest, FirstPageRendersAsAnA4Image) {
  SetUpBooks();
  const std::string pdf = Pdf("2025-0002");
  EXPECT_EQ(PageCount(pdf), 1);
  int exit_code = -1;
  Shell("pdftoppm -png -r 60 -f 1 -l 1 '" + pdf + "' '" + dir_.Sub("page") + "'", &exit_code);
  ASSERT_EQ(exit_code, 0);
  const std::string png = ReadWholeFile(dir_.Sub("page-1.png"));
  ASSERT_GT(png.size(), 10'000u);
  EXPECT_EQ(png.substr(1, 3), "PNG");
  // IHDR: width and height, big-endian, at bytes 16 and 20. A4 at 60 dpi.
  const auto be32 = [&png](size_t at) {
    return (static_cast<uint32_t>(static_cast<uint8_t>(png[at])) << 24) |
           (static_cast<uint32_t>(static_cast<uint8_t>(png[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<uint8_t>(png[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<uint8_t>(png[at + 3]));
  };
  EXPECT_EQ(be32(16), 497u);
  EXPECT_EQ(be32(20), 702u);
}

TEST_F(DocumentPdfTest, TwentyFiveLinesFitOnOnePageAndFortyContinueOnAnother) {
  SetUpBooks();
  ValidateInvoiceWithLines(25, "2025-07-13");
  ValidateInvoiceWithLines(40, "2025-07-14");
  EXPECT_EQ(PageCount(Pdf("2025-0004")), 1);
  const std::string long_invoice = Pdf("2025-0005");
  ASSERT_EQ(PageCount(long_invoice), 2);
  const std::string second = Text(long_invoice, 2);
  ExpectContainsAll(second, {"Facture n° 2025-0005 (suite)", "Désignation", "Intervention n° 40",
                             "Total TTC, net à payer", "480,00 €", "page 2 / 2"});
  EXPECT_NE(Text(long_invoice, 1).find("page 1 / 2"), std::string::npos);
}

TEST_F(DocumentPdfTest, ReRenderingGivesTheSameBytesEvenAfterTheCaeChanges) {
  SetUpBooks();
  const std::string before = ReadWholeFile(Pdf("2025-0002", "before.pdf"));
  ConfigureCae("normal", "99 rue Nouvelle, 75001 Paris");
  const std::string after = ReadWholeFile(Pdf("2025-0002", "after.pdf"));
  EXPECT_FALSE(before.empty());
  EXPECT_TRUE(before == after) << "the issued document changed with the CAE's new address";
}

TEST_F(DocumentPdfTest, FranchiseInvoiceToAPublicBodyCarriesChorusProAndTheExemption) {
  ConfigureCae("franchise", "12 place de Jaude, 63000 Clermont-Ferrand");
  Record("open-activity", R"({"activity_id":"A-1","kind":"entrepreneur","name":"Jardins d'Hélène",)"
                          R"("analytic_code":"A1","opened_on":"2025-01-15"})");
  Record(
      "register-client",
      R"({"client_id":"P-1","kind":"publicBody","name":"Mairie de Clermont-Ferrand",)"
      R"("siret":"73282932000074","address":"10 rue Philippe Marcombes, 63000 Clermont-Ferrand",)"
      R"("chorus_service_code":"SERV-42","chorus_commitment_number":"EJ-2025-000123"})");
  Record("validate-invoice",
         R"({"client_id":"P-1","activity_id":"A-1","issued_on":"2025-07-10","lines":[)"
         R"({"description":"Entretien des espaces verts","quantity_milli":1000,)"
         R"("unit_price_cents":50000,"vat_rate_ppm":0}]})");
  const std::string text = Text(Pdf("2025-0001"));
  ExpectContainsAll(text,
                    {"Jardins d'Hélène", "Mairie de Clermont-Ferrand", "SIRET 732 829 320 00074",
                     "Code service : SERV-42", "N° d'engagement : EJ-2025-000123", "Net à payer",
                     "500,00 €", "intérêts moratoires", "Code de la commande publique",
                     "TVA non applicable, art. 293 B du CGI"});
  EXPECT_EQ(text.find("TVA par taux"), std::string::npos);
}

TEST_F(DocumentPdfTest, UnknownNumberFailsAndWritesNothing) {
  SetUpBooks();
  const std::string path = dir_.Sub("none.pdf");
  const RunOutput out = Run({"invoice", "pdf", "2025-0099", "--out", path});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_EQ(out.err,
            "coopledger: not_found: 2025-0099: no validated invoice or credit note has this "
            "number\n");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(DocumentPdfTest, KnownAtBeforeTheCreditNoteDoesNotFindIt) {
  SetUpBooks();  // The credit note 2025-0003 is the last event recorded.
  const RunOutput stats = Run({"stats", "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  const size_t at = stats.out.find("\"head_seq\":");
  ASSERT_NE(at, std::string::npos) << stats.out;
  const uint64_t head = std::stoull(stats.out.substr(stats.out.find_first_of("0123456789", at)));
  const std::string path = dir_.Sub("before.pdf");
  const RunOutput before = Run({"invoice", "pdf", "2025-0003", "--out", path, "--known-at",
                                std::to_string(head - 1)});
  EXPECT_EQ(before.exit_code, 1);
  EXPECT_NE(before.err.find("not_found: 2025-0003"), std::string::npos) << before.err;
  EXPECT_FALSE(std::filesystem::exists(path));
  // The invoice it credits was known then; the credit note is, at the head.
  const RunOutput invoice = Run({"invoice", "pdf", "2025-0002", "--out", dir_.Sub("inv.pdf"),
                                 "--known-at", std::to_string(head - 1)});
  EXPECT_EQ(invoice.exit_code, 0) << invoice.err;
  const RunOutput after = Run({"invoice", "pdf", "2025-0003", "--out", path, "--known-at",
                               std::to_string(head)});
  EXPECT_EQ(after.exit_code, 0) << after.err;
  EXPECT_NE(Text(path).find("2025-0003"), std::string::npos);
}

TEST_F(DocumentPdfTest, UnwritableDestinationIsAnErrorNotACrash) {
  SetUpBooks();
  const RunOutput out = Run({"invoice", "pdf", "2025-0001", "--out", dir_.Sub("missing/x.pdf")});
  EXPECT_EQ(out.exit_code, 1);
  EXPECT_NE(out.err.find("coopledger: storage_io: "), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("libhpdf error"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("No such file or directory"), std::string::npos) << out.err;
}

TEST(DocumentFormatTest, WritesAmountsRatesQuantitiesAndDatesTheFrenchWay) {
  EXPECT_EQ(adapters::FormatEuros(Money::FromCents(0)), "0,00 €");
  EXPECT_EQ(adapters::FormatEuros(Money::FromCents(5)), "0,05 €");
  EXPECT_EQ(adapters::FormatEuros(Money::FromCents(123450)), "1 234,50 €");
  EXPECT_EQ(adapters::FormatEuros(Money::FromCents(-700)), "-7,00 €");
  EXPECT_EQ(adapters::FormatEuros(Money::FromCents(kAmountCentsMax)), "1 000 000 000,00 €");
  EXPECT_EQ(adapters::FormatRate(200000), "20 %");
  EXPECT_EQ(adapters::FormatRate(55000), "5,5 %");
  EXPECT_EQ(adapters::FormatRate(121500), "12,15 %");
  EXPECT_EQ(adapters::FormatQuantity(3500), "3,5");
  EXPECT_EQ(adapters::FormatQuantity(1000), "1");
  EXPECT_EQ(adapters::FormatQuantity(1250), "1,25");
  EXPECT_EQ(adapters::FormatDate(Date::FromYmd(2025, 7, 3).value()), "03/07/2025");
  EXPECT_EQ(adapters::FormatSiret("73282932000074"), "732 829 320 00074");
  EXPECT_EQ(adapters::FormatSiret("732829320"), "732 829 320");
}

}  // namespace
}  // namespace coopledger::test
