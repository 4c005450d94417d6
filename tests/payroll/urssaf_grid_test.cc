// Accuracy against the public URSSAF model (issue: every line, the net and the employer cost
// within one cent per line). The expected values are committed data generated from
// modele-social 10.0.0 (2024-2025) and 11.1.0 (2026) by tools/payroll-model/ (its README gives
// the versions and how to regenerate); no network here.
//
// Where the law and the model differ, coopledger follows the law and the test says so:
// - students' pay exemption (CGI art. 81, 36°): the model has none; our net taxable is the
//   model's less the exempt part we report, and the withholding is not compared;
// - the short-contract withholding allowance (CGI 204 H, BOI-IR-PAS-20-20-30-10): the model's is a
//   twelfth of the law's (a unit defect); our withholding can only be lower, so it is checked so;
// - "montant net social": the BOSS definition adds back the employer's health-insurance share,
//   the model does not; we compare ours less that share;
// - the model rounds the yearly withholding to the euro and divides by twelve: income tax is
//   compared within five cents.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "adapters/payroll_parameters_json.h"
#include "adapters/payroll_simulate.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;

json ReadGrid() {
  std::ifstream in(std::string(COOPLEDGER_SOURCE_ROOT) + "/tests/data/payroll/urssaf-grid.json");
  return json::parse(in);
}

int64_t Cents(double euros) { return static_cast<int64_t>(std::llround(euros * 100.0)); }

class UrssafGridTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    grid_ = new json(ReadGrid());
    Result<std::vector<PayrollParameterFile>> files =
        LoadPayrollParameterFiles(std::string(COOPLEDGER_SOURCE_ROOT) + "/rules");
    ASSERT_TRUE(files.has_value()) << files.error().message();
    files_ = new std::vector<PayrollParameterFile>(std::move(*files));
  }
  static void TearDownTestSuite() {
    delete grid_;
    delete files_;
  }
  static json* grid_;
  static std::vector<PayrollParameterFile>* files_;
};

json* UrssafGridTest::grid_ = nullptr;
std::vector<PayrollParameterFile>* UrssafGridTest::files_ = nullptr;

TEST_F(UrssafGridTest, CoversTheIssuesGrid) {
  ASSERT_GE(grid_->size(), 200u);
  std::map<std::string, int> years;
  bool minor = false, adult = false, fixed_term = false, permanent = false, indemnity = false;
  for (const json& entry : *grid_) {
    const json& input = entry["input"];
    ++years[input["month"].get<std::string>().substr(0, 4)];
    (input["age"].get<int>() < 18 ? minor : adult) = true;
    (input["contract"] == "CDD" ? fixed_term : permanent) = true;
    if (input.value("paid_leave_indemnity_cents", 0) > 0 || input.value("end_of_contract_indemnity_cents", 0) > 0) {
      indemnity = true;
    }
  }
  EXPECT_GT(years["2024"], 0);
  EXPECT_GT(years["2025"], 0);
  EXPECT_GT(years["2026"], 0);
  EXPECT_TRUE(minor && adult && fixed_term && permanent && indemnity);
}

TEST_F(UrssafGridTest, EveryLineNetAndEmployerCostWithinOneCentPerLine) {
  int compared_lines = 0;
  for (size_t i = 0; i < grid_->size(); ++i) {
    const json& entry = (*grid_)[i];
    const json& expected = entry["expected"];
    SCOPED_TRACE("case " + std::to_string(i) + ": " + entry["input"].dump());
    Result<json> simulated = Simulate(entry["input"], *files_);
    ASSERT_TRUE(simulated.has_value()) << simulated.error().message();
    const json& ours = *simulated;
    std::map<std::string, std::pair<int64_t, int64_t>> lines;
    int64_t health_employer = 0;
    for (const json& line : ours["lines"]) {
      lines[line["code"]] = {line["employee_cents"].get<int64_t>(), line["employer_cents"].get<int64_t>()};
      if (line["code"] == "complementaire_sante") health_employer = line["employer_cents"].get<int64_t>();
    }
    for (const auto& [code, amounts] : expected["lines"].items()) {
      const auto found = lines.find(code);
      const int64_t employee = found == lines.end() ? 0 : found->second.first;
      const int64_t employer = found == lines.end() ? 0 : found->second.second;
      EXPECT_LE(std::llabs(employee - Cents(amounts["employee"].get<double>())), 1) << code << " employee";
      EXPECT_LE(std::llabs(employer - Cents(amounts["employer"].get<double>())), 1) << code << " employer";
      ++compared_lines;
    }
    for (const auto& [code, amounts] : lines) {
      if (!expected["lines"].contains(code)) {
        ADD_FAILURE() << code << ": a line the model does not have (" << amounts.first << ", " << amounts.second << ")";
      }
    }
    const int64_t tolerance = static_cast<int64_t>(lines.size());
    EXPECT_EQ(ours["gross_cents"].get<int64_t>(), Cents(expected["gross"].get<double>()));
    EXPECT_LE(std::llabs(ours["net_before_tax_cents"].get<int64_t>() - Cents(expected["net_before_tax"].get<double>())), tolerance);
    EXPECT_LE(std::llabs(ours["employer_cost_cents"].get<int64_t>() - Cents(expected["employer_cost"].get<double>())), tolerance);
    EXPECT_LE(std::llabs(ours["employee_contributions_cents"].get<int64_t>() -
                         Cents(expected["employee_contributions"].get<double>())), tolerance);
    EXPECT_LE(std::llabs(ours["employer_contributions_cents"].get<int64_t>() -
                         Cents(expected["employer_contributions"].get<double>())), tolerance);
    EXPECT_LE(std::llabs(ours["reduction_cents"].get<int64_t>() - Cents(expected["reduction"].get<double>())), 1);
    // Net social: the law adds back the employer's health share, the model does not.
    EXPECT_LE(std::llabs(ours["net_social_cents"].get<int64_t>() - health_employer -
                         Cents(expected["net_social"].get<double>())), tolerance);
    // Net taxable: less the students' exempt part, which the model lacks.
    const int64_t exempt = ours["student_exempt_cents"].get<int64_t>();
    EXPECT_LE(std::llabs(ours["net_taxable_cents"].get<int64_t>() + exempt - Cents(expected["net_taxable"].get<double>())),
              tolerance);
    const std::string differs = entry.value("law_differs", "");
    const int64_t tax = ours["income_tax_cents"].get<int64_t>();
    const int64_t model_tax = Cents(expected["income_tax"].get<double>());
    if (exempt > 0) {
      // Exempt pay: less tax than the model, never more.
      EXPECT_LE(tax, model_tax + 5);
    } else if (differs.find("short-contract allowance") != std::string::npos) {
      EXPECT_LE(tax, model_tax + 5);
    } else {
      EXPECT_LE(std::llabs(tax - model_tax), 5);
      EXPECT_LE(std::llabs(ours["net_paid_cents"].get<int64_t>() - Cents(expected["net_paid"].get<double>())),
                tolerance + 5);
    }
  }
  EXPECT_GT(compared_lines, 200 * 15);
}

}  // namespace
}  // namespace coopledger::adapters
