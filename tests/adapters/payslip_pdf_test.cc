// Payslips: the content composed from a PayslipIssued (groups by risk, totals, net figures), and
// the PDF read back with poppler-utils (pdftotext, pdfinfo, pdftoppm).
#include "adapters/payslip_pdf.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "adapters/payslip_content.h"
#include "tests/test_util/shell.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using adapters::PayslipContent;
using adapters::PayslipRow;
using adapters::PayslipSource;

Date Day(int year, int month, int day) { return Date::FromYmd(year, month, day).value(); }
Money Cents(int64_t cents) { return Money::FromCents(cents); }

events::PayslipLine Line(const std::string& code, const std::string& label, int64_t base,
                         int64_t employee_rate_ppm, int64_t employer_rate_ppm,
                         int64_t employee_cents, int64_t employer_cents) {
  return events::PayslipLine{code,
                             label,
                             Cents(base),
                             employee_rate_ppm,
                             employer_rate_ppm,
                             Cents(employee_cents),
                             Cents(employer_cents)};
}

// Léa, 19, a student in a CJS in July 2025: 21 h 12 min at 12,21 €, plus the tenth of paid
// leave, gross 284,74 €. The 2025 rates, each line rounded half-up to the cent. Employee
// contributions 59,34 €, employer's 10,09 € after the réduction générale (-90,95 €); net paid
// 225,40 €. Her pay is exempt from income tax (CGI 81 bis), so the net taxable is zero.
events::PayslipIssued CjsPayslip() {
  events::PayslipIssued payslip;
  payslip.payslip_id.value = "2025-07-M-0001";
  payslip.member_id.value = "M-0001";
  payslip.activity_id.value = "CJS-2025";
  payslip.period_start = Day(2025, 7, 1);
  payslip.period_end = Day(2025, 8, 1);
  payslip.paid_minutes = 1272;
  payslip.gross = Cents(28474);
  payslip.lines = {
      Line("maladie", "Sécurité sociale - Maladie Maternité Invalidité Décès", 28474, 0, 70000, 0,
           1993),
      Line("accident_travail", "Accidents du travail", 28474, 0, 12000, 0, 342),
      Line("vieillesse_plafonnee", "Sécurité sociale plafonnée", 28474, 69000, 85500, 1965, 2435),
      Line("vieillesse_deplafonnee", "Sécurité sociale déplafonnée", 28474, 4000, 20200, 114, 575),
      Line("retraite_complementaire_t1", "Complémentaire Tranche 1", 28474, 31500, 47200, 897,
           1344),
      Line("ceg_t1", "Contribution d'équilibre général T1", 28474, 8600, 12900, 245, 367),
      Line("allocations_familiales", "Allocations familiales", 28474, 0, 34500, 0, 982),
      Line("chomage", "Assurance chômage", 28474, 0, 40000, 0, 1139),
      Line("ags", "AGS", 28474, 0, 2500, 0, 71),
      Line("csa", "Contribution solidarité autonomie", 28474, 0, 3000, 0, 85),
      Line("fnal", "FNAL", 28474, 0, 1000, 0, 28),
      Line("formation_professionnelle", "Formation professionnelle", 28474, 0, 10000, 0, 285),
      Line("taxe_apprentissage", "Taxe d'apprentissage", 28474, 0, 5900, 0, 168),
      Line("cpf_cdd", "Contribution CPF CDD", 28474, 0, 10000, 0, 285),
      Line("dialogue_social", "Contribution au dialogue social", 28474, 0, 160, 0, 5),
      Line("csg_deductible", "CSG déductible", 27976, 68000, 0, 1902, 0),
      Line("csg_non_deductible", "CSG non déductible", 27976, 24000, 0, 671, 0),
      Line("crds", "CRDS", 27976, 5000, 0, 140, 0),
      Line("reduction_generale", "Réduction générale", 28474, 0, 319400, 0, -9095),
  };
  payslip.net_before_tax = Cents(22540);
  payslip.net_taxable = Cents(0);
  payslip.net_social = Cents(22540);
  payslip.income_tax = Cents(0);
  payslip.net_paid = Cents(22540);
  payslip.employer_cost = Cents(29483);
  payslip.parameters_version = "2025-07";
  return payslip;
}

PayslipSource CjsSource() {
  PayslipSource source;
  source.cae.name = "Coopérative Clermontoise";
  source.cae.siren = "732829320";
  source.cae.nic = "00074";
  source.cae.ape_code = "8299Z";
  source.cae.address = "12 place de Jaude, 63000 Clermont-Ferrand";
  source.cae.atmp_rate_ppm = 12000;
  source.activity_name = "CJS Clermont été 2025";
  source.member.member_id.value = "M-0001";
  source.member.activity_id.value = "CJS-2025";
  source.member.regime = events::Regime::kCjsYouth;
  source.member.contract = events::ContractKind::kFixedTerm;
  source.member.contract_start = Day(2025, 7, 1);
  source.member.contract_end = Day(2025, 8, 29);
  source.member.hourly_rate = Cents(1221);
  source.member.birth_year = 2006;
  source.person.given_name = "Léa";
  source.person.family_name = "Dupré";
  source.person.address = "4 rue des Gras, 63000 Clermont-Ferrand";
  source.person.social_security_number = "2 06 03 63 113 042 17";
  source.payslip = CjsPayslip();
  source.year_to_date = {Cents(28474), Cents(0), Cents(0), Cents(22540), Cents(29483), Cents(9095)};
  source.paid_on = Day(2025, 8, 5);
  source.students_exempt_income = Cents(23351);
  source.urssaf = "URSSAF Auvergne";
  return source;
}

// A CESA entrepreneur's month, with withholding at 7,5 %.
PayslipSource CesaSource() {
  PayslipSource source = CjsSource();
  source.activity_name = "Jardins d'Hélène";
  source.member.regime = events::Regime::kCesa;
  source.member.contract = events::ContractKind::kPermanent;
  source.member.contract_start = Day(2024, 1, 15);
  source.member.contract_end.reset();
  source.member.hourly_rate = Money::Zero();
  events::PayslipIssued& payslip = source.payslip;
  payslip.paid_minutes = 9100;
  payslip.gross = Cents(200000);
  payslip.lines = {
      Line("vieillesse_plafonnee", "Sécurité sociale plafonnée", 200000, 69000, 85500, 13800,
           17100),
      Line("csg_deductible", "CSG déductible", 196500, 68000, 0, 13362, 0),
      Line("csg_non_deductible", "CSG non déductible", 196500, 24000, 0, 4716, 0),
      Line("crds", "CRDS", 196500, 5000, 0, 983, 0),
  };
  payslip.net_before_tax = Cents(167139);
  payslip.net_taxable = Cents(172838);
  payslip.net_social = Cents(167139);
  payslip.income_tax = Cents(12963);  // 7,5 % of 1 728,38 €.
  payslip.net_paid = Cents(154176);
  payslip.employer_cost = Cents(217100);
  source.students_exempt_income = Money::Zero();
  return source;
}

std::string RowsToString(const std::vector<PayslipRow>& rows) {
  std::string text;
  for (const PayslipRow& row : rows) {
    const char* kind = row.kind == PayslipRow::Kind::kGroup     ? "group"
                       : row.kind == PayslipRow::Kind::kHeading ? "heading"
                       : row.kind == PayslipRow::Kind::kLine    ? "  line"
                                                                : "total";
    text += std::string(kind) + " " + row.label + " | " + row.base + " | " + row.employee_rate +
            " | " + row.employee_amount + " | " + row.employer_rate + " | " + row.employer_amount +
            "\n";
  }
  return text;
}

void ExpectContainsAll(const std::string& text, const std::vector<std::string>& expected) {
  for (const std::string& part : expected) {
    EXPECT_NE(text.find(part), std::string::npos) << "missing: " << part << "\nin:\n" << text;
  }
}

TEST(ComposePayslipTest, GroupsTheLinesByRiskInTheOrderOfTheArrete) {
  const Result<PayslipContent> content = adapters::ComposePayslip(CjsSource());
  ASSERT_TRUE(content.has_value()) << content.error().ToString();
  EXPECT_EQ(RowsToString(content->contributions),
            "group Santé | 284,74 € |  |  | 7 % | 19,93 €\n"
            "group Accidents du travail - maladies professionnelles | 284,74 € |  |  | 1,2 % | "
            "3,42 €\n"
            "group Retraite | 284,74 € | 11,31 % | 32,21 € | 16,58 % | 47,21 €\n"
            "group Famille | 284,74 € |  |  | 3,45 % | 9,82 €\n"
            "group Assurance chômage | 284,74 € |  |  | 4,25 % | 12,10 €\n"
            "group Autres contributions dues par l'employeur | 284,74 € |  |  | 3,006 % | 8,56 €\n"
            "group CSG déductible de l'impôt sur le revenu | 279,76 € | 6,8 % | 19,02 € |  | \n"
            "group CSG/CRDS non déductible de l'impôt sur le revenu | 279,76 € | 2,9 % | 8,11 € "
            "|  | \n"
            "group Exonérations, écrêtements et allègements de cotisations | 284,74 € |  |  | "
            "31,94 % | -90,95 €\n"
            "total Total des cotisations et contributions |  |  | 59,34 € |  | 10,09 €\n");
}

TEST(ComposePayslipTest, GroupWithSeveralBasesListsItsLinesAndUnknownCodesGoToOthers) {
  PayslipSource source = CjsSource();
  source.payslip.lines = {
      Line("maladie", "Sécurité sociale - Maladie", 28474, 0, 70000, 0, 1993),
      Line("complementaire_sante", "Complémentaire santé", 4000, 500000, 500000, 2000, 2000),
      Line("fnal", "FNAL", 28474, 0, 1000, 0, 28),
      Line("versement_mobilite", "Versement mobilité", 28474, 0, 20000, 0, 569),
      Line("forfait_social", "Forfait social", 2000, 0, 80000, 0, 160),
  };
  const Result<PayslipContent> content = adapters::ComposePayslip(source);
  ASSERT_TRUE(content.has_value()) << content.error().ToString();
  EXPECT_EQ(RowsToString(content->contributions),
            "heading Santé |  |  |  |  | \n"
            "  line Sécurité sociale - Maladie | 284,74 € |  |  | 7 % | 19,93 €\n"
            "  line Complémentaire santé | 40,00 € | 50 % | 20,00 € | 50 % | 20,00 €\n"
            "group Autres contributions dues par l'employeur |  |  |  |  | 7,57 €\n"
            "total Total des cotisations et contributions |  |  | 20,00 € |  | 47,50 €\n");
}

TEST(ComposePayslipTest, StatesTheNetFiguresTheExemptPartAndTheYearToDate) {
  const Result<PayslipContent> content = adapters::ComposePayslip(CjsSource());
  ASSERT_TRUE(content.has_value()) << content.error().ToString();
  std::string net;
  for (const adapters::LabelledValue& value : content->net) {
    net += value.label + ": " + value.value + "\n";
  }
  EXPECT_EQ(net,
            "Net à payer avant impôt sur le revenu: 225,40 €\n"
            "Net imposable: 0,00 €\n"
            "Rémunération exonérée d'impôt sur le revenu (étudiant, CGI art. 81 bis): 233,51 €\n");
  EXPECT_EQ(content->net_paid.label, "Net payé");
  EXPECT_EQ(content->net_paid.value, "225,40 €");
  EXPECT_EQ(content->withholding.employee_rate, "0 %");
  ASSERT_EQ(content->after_net.size(), 3u);
  EXPECT_EQ(content->after_net[2].value, "90,95 €");
  EXPECT_EQ(content->year_to_date.back().value, "90,95 €");
}

TEST(ComposePayslipTest, RecoversTheWithholdingRateAndHidesAZeroExemptPart) {
  const Result<PayslipContent> content = adapters::ComposePayslip(CesaSource());
  ASSERT_TRUE(content.has_value()) << content.error().ToString();
  EXPECT_EQ(content->withholding.base, "1 728,38 €");
  EXPECT_EQ(content->withholding.employee_rate, "7,5 %");
  EXPECT_EQ(content->withholding.employee_amount, "129,63 €");
  EXPECT_EQ(content->net.size(), 2u);
  // No hourly rate for an entrepreneur: the gross is solved from the activity's envelope.
  ASSERT_EQ(content->pay.size(), 2u);
  EXPECT_EQ(content->pay[0].value, "151,67");
}

TEST(ComposePayslipTest, ErasedPersonPrintsThePlaceholder) {
  PayslipSource source = CjsSource();
  source.person = events::PersonalData{};
  const Result<PayslipContent> content = adapters::ComposePayslip(source);
  ASSERT_TRUE(content.has_value());
  EXPECT_EQ(content->employee.front(), "[données personnelles effacées]");
}

TEST(PayslipFormatTest, WritesMinutesAsHoursWithTwoDecimalsAndRegimesInFull) {
  EXPECT_EQ(adapters::FormatHours(9100), "151,67");
  EXPECT_EQ(adapters::FormatHours(1272), "21,20");
  EXPECT_EQ(adapters::FormatHours(60), "1,00");
  EXPECT_EQ(adapters::FormatHours(1), "0,02");
  EXPECT_EQ(adapters::FormatHours(0), "0,00");
  EXPECT_EQ(adapters::RegimeLabel(events::Regime::kCjsYouth),
            "Coopérant(e) CJS - CDD vacances scolaires");
  EXPECT_EQ(adapters::RegimeLabel(events::Regime::kCape),
            "Contrat d'appui au projet d'entreprise (CAPE)");
  EXPECT_EQ(adapters::RegimeLabel(events::Regime::kCesa), "Entrepreneur(e)-salarié(e) (CESA)");
}

class PayslipPdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    int exit_code = -1;
    Shell("pdftotext -v", &exit_code);
    ASSERT_EQ(exit_code, 0) << "pdftotext missing: run scripts/install-deps.sh (poppler-utils)";
  }
  std::string Write(const PayslipSource& source, const std::string& file) {
    const std::string path = dir_.Sub(file);
    const Status written = adapters::WritePayslipPdf(source, path);
    EXPECT_TRUE(written.has_value()) << written.error().ToString();
    return path;
  }

  TempDir dir_;
};

TEST_F(PayslipPdfTest, CjsPayslipShowsEveryMentionOnOneA4Page) {
  const std::string pdf = Write(CjsSource(), "payslip.pdf");
  EXPECT_EQ(PdfPageCount(pdf), 1);
  ExpectContainsAll(
      PdfText(pdf),
      {"Bulletin de paie", "Période : du 01/07/2025 au 31/07/2025", "Date de paiement : 05/08/2025",
       "Coopérative Clermontoise", "12 place de Jaude, 63000 Clermont-Ferrand",
       "SIRET 732 829 320 00074 · APE 8299Z", "Convention collective : aucune",
       "Cotisations versées à : URSSAF Auvergne", "Léa Dupré",
       "N° de sécurité sociale : 2 06 03 63 113 042 17",
       "Emploi : Coopérant(e) CJS - CDD vacances scolaires", "Activité : CJS Clermont été 2025",
       "Date d'entrée : 01/07/2025", "Fin du contrat : 29/08/2025",
       "Heures payées Taux horaire brut Salaire brut", "21,20 12,21 € 284,74 €",
       // pdftotext drops the space of a one-digit rate ("7%"): rows are checked where it does not.
       "Santé 284,74 €", "19,93 €", "Retraite 284,74 € 11,31 % 32,21 € 16,58 % 47,21 €",
       "Assurance chômage 284,74 € 4,25 % 12,10 €", "31,94 % -90,95 €",
       "Total des cotisations et contributions 59,34 € 10,09 €",
       "Net à payer avant impôt sur le revenu 225,40 €", "Net imposable 0,00 €",
       "(étudiant, CGI art. 81 bis) 233,51 €", "Impôt sur le revenu prélevé à la source 0,00 €",
       "Net payé 225,40 €", "Montant net social 225,40 €", "Coût total employeur 294,83 €",
       "Total des allègements de cotisations employeur 90,95 €", "Cumuls de l'année civile",
       "Dans votre intérêt et pour vous aider à faire valoir vos droits, conservez ce bulletin de "
       "paie sans limitation de durée.",
       "https://www.service-public.fr/particuliers/vosdroits/F559", "page 1 / 1"});
}

TEST_F(PayslipPdfTest, CesaPayslipShowsTheWithholdingRate) {
  const std::string text = PdfText(Write(CesaSource(), "cesa.pdf"));
  ExpectContainsAll(
      text,
      {"Entrepreneur(e)-salarié(e) (CESA)", "Jardins d'Hélène", "Contrat : CDI", "151,67",
       "Impôt sur le revenu prélevé à la source 1 728,38 € 7,5 % 129,63 €", "Net payé 1 541,76 €"});
  EXPECT_EQ(text.find("exonérée"), std::string::npos);
  EXPECT_EQ(text.find("Fin du contrat"), std::string::npos);
}

TEST_F(PayslipPdfTest, RendersAsAnA4Image) {
  const std::string pdf = Write(CjsSource(), "render.pdf");
  int exit_code = -1;
  Shell("pdftoppm -png -r 50 -f 1 -l 1 '" + pdf + "' '" + dir_.Sub("page") + "'", &exit_code);
  ASSERT_EQ(exit_code, 0);
  const std::string png = ReadWholeFile(dir_.Sub("page-1.png"));
  ASSERT_GT(png.size(), 5'000u);
  const PngSize size = ReadPngSize(png);
  EXPECT_EQ(size.width, 414u);  // A4, 595 x 842 points, at 50 dpi.
  EXPECT_EQ(size.height, 585u);
}

TEST_F(PayslipPdfTest, SameSourceGivesTheSameBytes) {
  const std::string first = ReadWholeFile(Write(CjsSource(), "first.pdf"));
  const std::string second = ReadWholeFile(Write(CjsSource(), "second.pdf"));
  EXPECT_FALSE(first.empty());
  EXPECT_TRUE(first == second);
}

TEST_F(PayslipPdfTest, ManyLinesContinueOnASecondPageWithTheHeaderRepeated) {
  PayslipSource source = CjsSource();
  for (int i = 1; i <= 35; ++i) {
    source.payslip.lines.push_back(Line("vieillesse_plafonnee", "Tranche n° " + std::to_string(i),
                                        1000 + i, 1000, 1000, 1, 1));
  }
  const std::string pdf = Write(source, "long.pdf");
  ASSERT_EQ(PdfPageCount(pdf), 2);
  const std::string second = CollapseSpaces(Shell("pdftotext -layout -f 2 -l 2 '" + pdf + "' -"));
  ExpectContainsAll(second, {"Bulletin de paie 2025-07 M-0001 (suite)",
                             "Cotisations et contributions sociales Base Taux Part salarié",
                             "Tranche n° 35", "Net payé 225,40 €", "page 2 / 2"});
}

TEST_F(PayslipPdfTest, UnwritableDestinationIsAStorageError) {
  const Status written = adapters::WritePayslipPdf(CjsSource(), dir_.Sub("missing/x.pdf"));
  ASSERT_FALSE(written.has_value());
  EXPECT_EQ(written.error().code(), ErrorCode::kStorageIo);
  EXPECT_NE(written.error().message().find("No such file or directory"), std::string::npos)
      << written.error().message();
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("missing/x.pdf.tmp")));
}

}  // namespace
}  // namespace coopledger::test
