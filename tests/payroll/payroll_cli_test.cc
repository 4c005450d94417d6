// The payroll through the real binary on the demo's store: July and August 2025 payslips of the
// CJS, the ledger's payroll accounts equal to the payslips, a payslip PDF that renders, simulate's
// refusals, and a run refused below the minimum wage with nothing written.
#include <gtest/gtest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/books/demo_store_fixture.h"
#include "tests/test_util/shell.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

class PayrollCliTest : public DemoStoreTest {
 protected:
  static json Payslips(const std::string& month) {
    const RunOutput shown = Run({"payroll", "show", "--month", month, "--format", "json"});
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    return json::parse(shown.out);
  }
};

TEST_F(PayrollCliTest, TheSeasonsYouthsArePaidEveryMonthAtLeastTheMinimum) {
  for (const char* month : {"2025-07", "2025-08"}) {
    SCOPED_TRACE(month);
    int64_t net = 0;
    int youths = 0;
    for (const json& payslip : Payslips(month)) {
      if (payslip["regime"] != "cjsYouth") continue;
      ++youths;
      net += payslip["net_paid_cents"].get<int64_t>();
      // Gross to net adds up, and the minors' minimum was checked: at least 9.504 EUR an hour.
      EXPECT_EQ(payslip["net_before_tax_cents"].get<int64_t>(),
                payslip["gross_cents"].get<int64_t>() - payslip["employee_contributions_cents"].get<int64_t>());
      EXPECT_GE(payslip["gross_cents"].get<int64_t>() * 60, payslip["paid_minutes"].get<int64_t>() * 950);
      EXPECT_EQ(payslip["income_tax_cents"].get<int64_t>(), 0);  // Students' exempt pay.
    }
    EXPECT_EQ(youths, 15);
    // About 225 EUR net a month on average (DOMAIN 2.1).
    EXPECT_GT(net / youths, 200'00);
    EXPECT_LT(net / youths, 250'00);
  }
  // The contract ends in August: the paid-leave indemnity, a tenth of the season's pay.
  for (const json& payslip : Payslips("2025-08")) {
    if (payslip["regime"] == "cjsYouth") {
      EXPECT_GT(payslip["paid_leave_indemnity_cents"].get<int64_t>(), 0);
    }
  }
}

TEST_F(PayrollCliTest, HoursRecordedAfterTheirMonthsPayslipArePaidByTheNextOne) {
  // The demo records one youth's hours of 29 July on 6 August, after July's payslips.
  int regularised = 0;
  for (const json& payslip : Payslips("2025-08")) {
    if (payslip["regularisation_cents"].get<int64_t>() == 0) continue;
    ++regularised;
    EXPECT_GT(payslip["regularisation_cents"].get<int64_t>(), 0);
    ASSERT_FALSE(payslip["corrects"].empty());
    EXPECT_EQ(payslip["corrects"][0].get<std::string>().rfind("hours:", 0), 0u);
  }
  EXPECT_EQ(regularised, 1);
  for (const json& payslip : Payslips("2025-07")) EXPECT_EQ(payslip["regularisation_cents"], 0);
}

TEST_F(PayrollCliTest, CapeAndCesaMembersHaveAPayslipEveryMonth) {
  for (const char* month : {"2025-01", "2025-06", "2025-12", "2026-06"}) {
    SCOPED_TRACE(month);
    int cape = 0, cesa = 0;
    for (const json& payslip : Payslips(month)) {
      if (payslip["regime"] == "cape") {
        ++cape;
        EXPECT_EQ(payslip["gross_cents"].get<int64_t>(), 0);
        EXPECT_GT(payslip["employer_cost_cents"].get<int64_t>(), 0);  // AT/MP on the flat base.
      }
      if (payslip["regime"] == "cesa") ++cesa;
    }
    EXPECT_EQ(cesa, 3);
    EXPECT_EQ(cape > 0, std::string(month) < "2026");
  }
}

TEST_F(PayrollCliTest, GrossWagesInTheLedgerEqualThePayslips) {
  int64_t gross = 0;
  for (int month = 1; month <= 12; ++month) {
    char key[8];
    std::snprintf(key, sizeof key, "2025-%02d", month);
    for (const json& payslip : Payslips(key)) gross += payslip["gross_cents"].get<int64_t>();
  }
  const RunOutput balance = Run({"report", "trial-balance", "--year", "2025", "--format", "csv"});
  ASSERT_EQ(balance.exit_code, 0) << balance.err;
  std::istringstream lines(balance.out);
  std::string line;
  bool found = false;
  while (std::getline(lines, line)) {
    if (line.rfind("641100,", 0) != 0) continue;
    found = true;
    // 641100,label,debit,credit
    const size_t last = line.rfind(',');
    const size_t before = line.rfind(',', last - 1);
    const std::string debit = line.substr(before + 1, last - before - 1);
    const size_t dot = debit.find('.');
    const int64_t cents = std::stoll(debit.substr(0, dot)) * 100 + std::stoll(debit.substr(dot + 1));
    EXPECT_EQ(cents, gross);
  }
  EXPECT_TRUE(found) << balance.out;
}

TEST_F(PayrollCliTest, APayslipPdfRendersWithItsFigures) {
  const std::string pdf = dir_->Sub("payslip.pdf");
  const RunOutput written = Run({"payroll", "pdf", "--month", "2025-08", "--member", "Y-0001", "--out", pdf});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const std::string text = PdfText(pdf);
  EXPECT_NE(text.find("Net pay"), std::string::npos) << text;
  EXPECT_NE(text.find("Coût total employeur"), std::string::npos);
  // The net paid of the payslip, in French format (less than 1,000 EUR: no grouping).
  const RunOutput shown = Run({"payroll", "show", "--month", "2025-08", "--member", "Y-0001", "--format", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const int64_t net = json::parse(shown.out)[0]["net_paid_cents"].get<int64_t>();
  ASSERT_LT(net, 1000'00);
  char euros[32];
  std::snprintf(euros, sizeof euros, "%lld,%02lld", static_cast<long long>(net / 100), static_cast<long long>(net % 100));
  EXPECT_NE(text.find(euros), std::string::npos) << euros << " in " << text;
  int exit_code = -1;
  Shell("pdftoppm -png -r 40 -singlefile '" + pdf + "' '" + dir_->Sub("payslip") + "'", &exit_code);
  ASSERT_EQ(exit_code, 0);
  const PngSize size = ReadPngSize(ReadWholeFile(dir_->Sub("payslip.png")));
  EXPECT_GT(size.width, 0u);
  EXPECT_GT(size.height, size.width);  // A4, portrait.
}

TEST_F(PayrollCliTest, TheTransferFilePaysEveryNetWageOfTheMonthToTheMembersIbans) {
  const std::string xml = dir_->Sub("salaires-2025-07.xml");
  const RunOutput written = Run({"payroll", "transfer", "--month", "2025-07", "--out", xml, "--on", "2025-08-04"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  int64_t net = 0;
  size_t paid = 0;
  for (const json& payslip : Payslips("2025-07")) {
    if (payslip["net_paid_cents"].get<int64_t>() <= 0) continue;
    net += payslip["net_paid_cents"].get<int64_t>();
    ++paid;
  }
  ASSERT_GT(paid, 15u);  // The youths, and the entrepreneurs; CAPE members earn no wage.
  auto xpath = [&xml](const std::string& path) {
    std::string text = Shell("xmllint --xpath \"" + path + "\" '" + xml + "'");
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text;
  };
  EXPECT_EQ(xpath("count(//*[local-name()='CdtTrfTxInf'])"), std::to_string(paid));
  char total[32];
  std::snprintf(total, sizeof total, "%lld.%02lld", static_cast<long long>(net / 100), static_cast<long long>(net % 100));
  EXPECT_EQ(xpath("string(//*[local-name()='GrpHdr']/*[local-name()='CtrlSum'])"), total);
  EXPECT_EQ(xpath("string(//*[local-name()='ReqdExctnDt'])"), "2025-08-04");
  EXPECT_EQ(xpath("string(//*[local-name()='CtgyPurp']/*[local-name()='Cd'])"), "SALA");
  // Each transfer names its payslip: the payout is traced back to it.
  EXPECT_EQ(xpath("count(//*[local-name()='EndToEndId'][starts-with(., '2025-07-')])"), std::to_string(paid));
}

TEST_F(PayrollCliTest, AYouthGetsTheirCertificateAndReceiptAtTheEndOfTheSeason) {
  const std::string out = dir_->Sub("fin-de-contrat");
  const RunOutput written = Run({"payroll", "end-of-contract", "--member", "Y-0001", "--out", out});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  const std::string certificate = PdfText(out + "/certificat-de-travail-Y-0001.pdf");
  EXPECT_NE(certificate.find("Certificat de travail"), std::string::npos) << certificate;
  EXPECT_NE(certificate.find("coopérative jeunesse de services"), std::string::npos) << certificate;
  const std::string receipt = PdfText(out + "/solde-de-tout-compte-Y-0001.pdf");
  EXPECT_NE(receipt.find("solde de tout compte"), std::string::npos) << receipt;
  // The inventory is August's net pay, paid-leave indemnity included.
  const RunOutput shown = Run({"payroll", "show", "--month", "2025-08", "--member", "Y-0001", "--format", "json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const int64_t net = json::parse(shown.out)[0]["net_paid_cents"].get<int64_t>();
  char euros[32];
  std::snprintf(euros, sizeof euros, "%lld,%02lld", static_cast<long long>(net / 100), static_cast<long long>(net % 100));
  EXPECT_NE(receipt.find(euros), std::string::npos) << euros << " in " << receipt;
  EXPECT_NE(receipt.find("congés payés"), std::string::npos) << receipt;

  // The whole season at once: two documents per youth.
  const RunOutput season = Run({"payroll", "end-of-contract", "--activity", "CJS-CLERMONT-2025", "--out", out});
  EXPECT_EQ(season.exit_code, 0) << season.err;
}

TEST_F(PayrollCliTest, EndOfContractDocumentsAreRefusedForACapeOrARunningContract) {
  const RunOutput cape = Run({"payroll", "end-of-contract", "--member", "KM-0001", "--out", dir_->Sub("x")});
  EXPECT_EQ(cape.exit_code, 2) << cape.err;
  EXPECT_NE(cape.err.find("CAPE"), std::string::npos) << cape.err;
  const RunOutput neither = Run({"payroll", "end-of-contract", "--out", dir_->Sub("x")});
  EXPECT_EQ(neither.exit_code, 2) << neither.err;
  EXPECT_NE(neither.err.find("--member"), std::string::npos) << neither.err;
}

TEST_F(PayrollCliTest, TheWholeResultOfACapeActivityIsProvisionedEachMonth) {
  // The KPA-Cite group (analytic KPA25) is under CAPE all 2025: each month's run brings the
  // provision (158000, charged to 681500, released to 781500) to the result so far, so the
  // activity's income statement ends at zero and the provision holds what it earned.
  const RunOutput report = Run({"report", "activities", "--year", "2025"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::istringstream lines(report.out);
  std::string line;
  int64_t provisions = 0;      // 681500 less 781500.
  int64_t before = 0;          // The result without them: revenue less the other charges.
  std::string result;
  auto cents = [](const std::string& amount) {
    const size_t dot = amount.find('.');
    const int64_t units = std::stoll(amount.substr(0, dot));
    const int64_t fraction = std::stoll(amount.substr(dot + 1));
    return amount[0] == '-' ? units * 100 - fraction : units * 100 + fraction;
  };
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string analytic, section, account;
    fields >> analytic >> section;
    if (analytic != "KPA25") continue;
    const std::string amount = line.substr(line.find_last_of(' ') + 1);
    if (section == "result") result = amount;
    if (section != "revenue" && section != "charges") continue;
    fields >> account;
    const int64_t value = cents(amount);
    if (account == "681500") {
      provisions += value;
    } else if (account == "781500") {
      provisions -= value;
    } else {
      before += section == "revenue" ? value : -value;
    }
  }
  EXPECT_EQ(result, "0.00") << report.out;
  EXPECT_GT(before, 0) << report.out;
  EXPECT_EQ(provisions, before) << report.out;
}

TEST_F(PayrollCliTest, AClosedMonthRefusesAnotherRunAndChangesNothing) {
  const RunOutput before = Run({"verify"});
  const RunOutput again = Run({"payroll", "run", "--month", "2025-07"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("closed"), std::string::npos) << again.err;
  EXPECT_EQ(Run({"verify"}).out, before.out);
}

TEST(PayrollSimulateCliTest, RefusesUnknownMissingAndOutOfRangeFieldsWithExitCode2) {
  const struct {
    const char* input;
    const char* message;
  } kCases[] = {
      {R"({"month":"2025-07","contract":"CDD","age":16,"base_gross_cents":1000,"hours":5,"bonus":1})", "bonus: unknown field"},
      {R"({"month":"2025-07","contract":"CDD","base_gross_cents":1000,"hours":5})", "age: required"},
      {R"({"month":"2025-07","contract":"CDD","age":16,"base_gross_cents":1000})", "hours: required"},
      {R"({"month":"2025-13","contract":"CDD","age":16,"base_gross_cents":1000,"hours":5})", "month:"},
      {R"({"month":"2025-07","contract":"CDX","age":16,"base_gross_cents":1000,"hours":5})", "contract:"},
      {R"([{"month":"2025-07","contract":"CDD","age":16,"base_gross_cents":1000,"hours":5},{"month":"2025-07","contract":"CDD","age":16,"base_gross_cents":-1,"hours":5}])",
       "[1].base_gross_cents"},
      {R"({"month":"2023-07","contract":"CDD","age":16,"base_gross_cents":1000,"hours":5})", "no payroll parameters"},
  };
  for (const auto& test_case : kCases) {
    SCOPED_TRACE(test_case.input);
    const RunOutput simulated = RunCoopledger({"payroll", "simulate"}, test_case.input);
    EXPECT_EQ(simulated.exit_code, 2) << simulated.err;
    EXPECT_NE(simulated.err.find(test_case.message), std::string::npos) << simulated.err;
  }
}

TEST(PayrollSimulateCliTest, AnArrayInGivesAnArrayOutInTheSameOrder) {
  const RunOutput simulated = RunCoopledger(
      {"payroll", "simulate"},
      R"([{"month":"2025-07","contract":"CDD","age":16,"base_gross_cents":95000,"hours":80,"school_holiday_job":true},
          {"month":"2026-03","contract":"CDI","age":30,"base_gross_cents":182303,"time_fraction":1,"income_tax":{"rate_bp":500}}])");
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const json out = json::parse(simulated.out);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0]["gross_cents"], 95000);
  EXPECT_EQ(out[0]["income_tax_cents"], 0);
  EXPECT_EQ(out[1]["gross_cents"], 182303);
  // A full-time SMIC in 2026 gets the RGDU's maximum coefficient, 0.3981 below 50 employees.
  bool reduction = false;
  for (const json& line : out[1]["lines"]) {
    if (line["code"] == "reduction_generale") {
      reduction = true;
      EXPECT_EQ(line["employer_rate"], "0.3981");
    }
  }
  EXPECT_TRUE(reduction);
  EXPECT_EQ(out[1]["income_tax_cents"].get<int64_t>(), (out[1]["net_taxable_cents"].get<int64_t>() * 5 + 50) / 100);
}

}  // namespace
}  // namespace coopledger::test
