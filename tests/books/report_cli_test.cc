// End-to-end tests of the report verbs and `export sage`: the real binary on the demo store, the
// reports reconciled with the trial balance.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "tests/books/demo_store_fixture.h"

namespace coopledger::test {
namespace {

using nlohmann::json;

class ReportCliTest : public DemoStoreTest {
 protected:
  static json Json(std::vector<std::string> arguments) {
    arguments.push_back("--format");
    arguments.push_back("json");
    const RunOutput run = Run(arguments);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
  }

  // Debit minus credit per account in the trial balance of `year`.
  static std::map<std::string, int64_t> TrialBalance(int32_t year) {
    std::map<std::string, int64_t> balances;
    for (const json& row : Json({"report", "trial-balance", "--year", std::to_string(year)})) {
      balances[row["account"]] =
          row["debit_cents"].get<int64_t>() - row["credit_cents"].get<int64_t>();
    }
    return balances;
  }

  static int64_t SumOfClass(const std::map<std::string, int64_t>& balances, char account_class) {
    int64_t sum = 0;
    for (const auto& [account, balance] : balances) {
      if (account[0] == account_class) sum += balance;
    }
    return sum;
  }
};

std::string FirstLine(const std::string& text) { return text.substr(0, text.find('\n')); }

TEST_F(ReportCliTest, EveryVerbPrintsItsHeader) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"general-ledger", "--year", "2025"},
       "account,date,journal,entry,piece,label,auxiliary,analytic,debit,credit,balance\r"},
      {{"journal", "--year", "2025", "--journal", "VE"},
       "entry,date,piece,label,account,auxiliary,analytic,debit,credit\r"},
      {{"vat", "--month", "2025-07"}, "section,rate_percent,base_excl_vat,vat\r"},
      {{"activities", "--year", "2025"}, "analytic,section,account,label,amount\r"},
      {{"treasury", "--on", "2025-12-31"},
       "analytic,cash,taxes_and_social,suppliers,reference,wages_due,clients,expense_sheets,"
       "future\r"},
  };
  for (const auto& [arguments, header] : cases) {
    std::vector<std::string> command = {"report"};
    command.insert(command.end(), arguments.begin(), arguments.end());
    SCOPED_TRACE(command[1]);
    command.insert(command.end(), {"--format", "csv"});
    const RunOutput csv = Run(command);
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    EXPECT_EQ(FirstLine(csv.out), header);
    EXPECT_GT(std::count(csv.out.begin(), csv.out.end(), '\n'), 1);
    command.resize(command.size() - 2);
    const RunOutput table = Run(command);
    ASSERT_EQ(table.exit_code, 0) << table.err;
    EXPECT_EQ(FirstLine(table.out).substr(0, 5), FirstLine(csv.out).substr(0, 5));
  }
}

TEST_F(ReportCliTest, GeneralLedgerAndJournalsAddUpToTheTrialBalance) {
  for (const int32_t year : {2025, 2026}) {
    SCOPED_TRACE(year);
    std::map<std::string, std::pair<int64_t, int64_t>> trial;
    int64_t trial_debit = 0;
    for (const json& row : Json({"report", "trial-balance", "--year", std::to_string(year)})) {
      trial[row["account"]] = {row["debit_cents"], row["credit_cents"]};
      trial_debit += row["debit_cents"].get<int64_t>();
    }
    std::map<std::string, std::pair<int64_t, int64_t>> general;
    for (const json& account : Json({"report", "general-ledger", "--year", std::to_string(year)})) {
      general[account["account"]] = {account["total_debit_cents"], account["total_credit_cents"]};
      int64_t balance = 0;
      for (const json& line : account["lines"]) {
        balance += line["debit_cents"].get<int64_t>() - line["credit_cents"].get<int64_t>();
        ASSERT_EQ(line["balance_cents"].get<int64_t>(), balance);
      }
    }
    EXPECT_EQ(general, trial);
    int64_t journals_debit = 0;
    for (const char* journal : {"AN", "VE", "AC", "BQ", "CA", "SAL", "OD"}) {
      const json report =
          Json({"report", "journal", "--year", std::to_string(year), "--journal", journal});
      EXPECT_EQ(report["total_debit_cents"], report["total_credit_cents"]) << journal;
      journals_debit += report["total_debit_cents"].get<int64_t>();
    }
    EXPECT_EQ(journals_debit, trial_debit);
  }
  const json banks = Json({"report", "general-ledger", "--year", "2025", "--account", "51"});
  ASSERT_EQ(banks.size(), 1u);
  EXPECT_EQ(banks[0]["account"], "512000");
}

TEST_F(ReportCliTest, ActivityResultsAddUpToTheYearsResult) {
  for (const int32_t year : {2025, 2026}) {
    SCOPED_TRACE(year);
    const std::map<std::string, int64_t> trial = TrialBalance(year);
    int64_t results = 0;
    bool cae_contribution_negative = false;
    for (const json& activity : Json({"report", "activities", "--year", std::to_string(year)})) {
      results += activity["result_cents"].get<int64_t>();
      EXPECT_EQ(activity["result_cents"].get<int64_t>(),
                activity["revenue_total_cents"].get<int64_t>() -
                    activity["charges_total_cents"].get<int64_t>());
      for (const json& charge : activity["charges"]) {
        if (activity["analytic"] == "CAE" && charge["account"] == "658800") {
          cae_contribution_negative = charge["amount_cents"].get<int64_t>() < 0;
        }
      }
    }
    // Class 7 credit minus debit, less class 6 debit minus credit.
    EXPECT_EQ(results, -SumOfClass(trial, '7') - SumOfClass(trial, '6'));
    if (year == 2025) {
      EXPECT_TRUE(cae_contribution_negative);
    }
  }
}

TEST_F(ReportCliTest, TreasuryOfAllActivitiesIsTheCashOfTheTrialBalance) {
  // The 2026 trial balance starts from the AN entry; the treasury takes every year's entries
  // without it: both give the same cash when the balances are carried once.
  for (const auto& [year, day] : {std::pair{2025, "2025-12-31"}, std::pair{2026, "2026-12-31"}}) {
    SCOPED_TRACE(day);
    const std::map<std::string, int64_t> trial = TrialBalance(year);
    int64_t cash = 0;
    int64_t clients = 0;
    for (const json& position : Json({"report", "treasury", "--on", day})) {
      cash += position["cash_cents"].get<int64_t>();
      clients += position["clients_cents"].get<int64_t>();
      EXPECT_EQ(position["reference_cents"].get<int64_t>(),
                position["cash_cents"].get<int64_t>() +
                    position["taxes_and_social_cents"].get<int64_t>() +
                    position["suppliers_cents"].get<int64_t>());
      EXPECT_EQ(position["future_cents"].get<int64_t>(),
                position["reference_cents"].get<int64_t>() +
                    position["wages_due_cents"].get<int64_t>() +
                    position["clients_cents"].get<int64_t>() +
                    position["expense_sheets_cents"].get<int64_t>());
    }
    EXPECT_EQ(cash, SumOfClass(trial, '5'));
    int64_t trial_clients = 0;
    for (const auto& [account, balance] : trial) {
      if (account.rfind("41", 0) == 0) trial_clients += balance;
    }
    EXPECT_EQ(clients, trial_clients);
  }
}

TEST_F(ReportCliTest, VatOfTheMonthsAddsUpToTheCollectedVatOfTheYear) {
  const std::map<std::string, int64_t> trial = TrialBalance(2025);  // The first year: no AN.
  int64_t collected = 0;
  int64_t deductible = 0;
  for (int month = 1; month <= 12; ++month) {
    const std::string text = "2025-" + std::string(month < 10 ? "0" : "") + std::to_string(month);
    const json vat = Json({"report", "vat", "--month", text});
    collected +=
        vat["collected_total_cents"].get<int64_t>() + vat["collected_unrated_cents"].get<int64_t>();
    deductible += vat["deductible_total_cents"].get<int64_t>() +
                  vat["deductible_unrated_cents"].get<int64_t>();
    EXPECT_EQ(
        vat["vat_due_cents"].get<int64_t>() - vat["vat_credit_cents"].get<int64_t>(),
        vat["collected_total_cents"].get<int64_t>() - vat["deductible_total_cents"].get<int64_t>());
  }
  EXPECT_GT(collected, 0);
  EXPECT_EQ(collected, trial.count("445710") ? -trial.at("445710") : 0);
  EXPECT_EQ(deductible, trial.count("445660") ? trial.at("445660") : 0);
}

TEST_F(ReportCliTest, KnownAtReplaysOnlyTheEventsUpToThatSeq) {
  EXPECT_EQ(Json({"report", "treasury", "--on", "2026-12-31", "--known-at", "0"}), json::array());
  const json early = Json({"report", "activities", "--year", "2025", "--known-at", "200"});
  const json all = Json({"report", "activities", "--year", "2025"});
  EXPECT_NE(early, all);
}

TEST_F(ReportCliTest, BadOptionsExitTwoNamingTheOption) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"report", "general-ledger", "--year", "1800"}, "--year"},
      {{"report", "general-ledger", "--year", "2025", "--account", "5x"}, "--account"},
      {{"report", "general-ledger", "--year", "2025", "--format", "xml"}, "--format"},
      {{"report", "journal", "--year", "2025", "--journal", "XX"}, "--journal"},
      {{"report", "journal", "--year", "2025"}, "--journal"},
      {{"report", "vat", "--month", "2025-13"}, "--month"},
      {{"report", "vat", "--month", "2025-7"}, "--month"},
      {{"report", "activities", "--year", "2025", "--known-at", "yesterday"}, "--known-at"},
      {{"report", "activities"}, "--year"},
      {{"report", "treasury", "--on", "2025-02-30"}, "--on"},
      {{"export", "sage", "--year", "2025", "--out", dir_->Sub("x.txt"), "--label-length", "0"},
       "--label-length"},
      {{"export", "sage", "--year", "2025"}, "--out"},
  };
  for (const auto& [arguments, option] : cases) {
    SCOPED_TRACE(arguments[1] + " " + option);
    const RunOutput run = Run(arguments);
    EXPECT_EQ(run.exit_code, 2);
    EXPECT_NE(FirstLine(run.err).find(option), std::string::npos) << run.err;
    EXPECT_EQ(run.out, "");
  }
}

TEST_F(ReportCliTest, EveryVerbHasHelp) {
  for (const char* verb : {"general-ledger", "journal", "vat", "activities", "treasury"}) {
    const RunOutput help = RunCoopledger({"report", verb, "--help"});
    EXPECT_EQ(help.exit_code, 0) << verb;
    for (const char* option : {"--data", "--rules", "--format", "--known-at"}) {
      EXPECT_NE(help.out.find(option), std::string::npos) << verb << " " << option;
    }
  }
  const RunOutput sage = RunCoopledger({"export", "sage", "--help"});
  EXPECT_EQ(sage.exit_code, 0);
  EXPECT_NE(sage.out.find("--label-length"), std::string::npos);
}

// Splits one line of the Sage file at ';', quotes as Python's csv.
std::vector<std::string> SageFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ';' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

int64_t CommaCents(const std::string& amount) {
  const size_t comma = amount.find(',');
  EXPECT_NE(comma, std::string::npos) << amount;
  EXPECT_EQ(amount.size() - comma, 3u) << amount;
  return std::stoll(amount.substr(0, comma)) * 100 + std::stoll(amount.substr(comma + 1));
}

TEST_F(ReportCliTest, SageExportPairsEveryGeneralLineWithItsAnalyticTwin) {
  const std::string path = dir_->Sub("sage-2025.txt");
  const RunOutput run =
      Run({"export", "sage", "--year", "2025", "--out", path, "--label-length", "30"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(run.out, path + "\n");
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  std::istringstream lines(content.str());
  std::string line;
  ASSERT_TRUE(std::getline(lines, line));
  EXPECT_EQ(SageFields(line.substr(0, line.size() - 1)).size(), 10u);
  int64_t debit = 0;
  int64_t credit = 0;
  size_t count = 0;
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.back(), '\r');
    const std::vector<std::string> general = SageFields(line.substr(0, line.size() - 1));
    ASSERT_TRUE(std::getline(lines, line)) << "a G line without its A twin";
    const std::vector<std::string> analytic = SageFields(line.substr(0, line.size() - 1));
    ASSERT_EQ(general.size(), 10u);
    ASSERT_EQ(analytic.size(), 10u);
    EXPECT_EQ(general[4], "G");
    EXPECT_EQ(general[5], "");
    EXPECT_EQ(analytic[4], "A");
    EXPECT_NE(analytic[5], "");
    for (const size_t i : {0u, 1u, 2u, 3u, 6u, 7u, 8u, 9u}) EXPECT_EQ(general[i], analytic[i]);
    EXPECT_EQ(general[1].size(), 6u);  // DDMMYY.
    EXPECT_LE(general[7].size(), 30u);
    debit += CommaCents(general[8]);
    credit += CommaCents(general[9]);
    ++count;
  }
  EXPECT_GT(count, 100u);
  EXPECT_EQ(debit, credit);
  int64_t trial_debit = 0;
  for (const json& row : Json({"report", "trial-balance", "--year", "2025"})) {
    trial_debit += row["debit_cents"].get<int64_t>();
  }
  EXPECT_EQ(debit, trial_debit);  // 2025 is the first year: no AN to leave out.
}

TEST_F(ReportCliTest, SageExportCutsLabelsAt35ByDefault) {
  const std::string path = dir_->Sub("sage-2026.txt");
  ASSERT_EQ(Run({"export", "sage", "--year", "2026", "--out", path}).exit_code, 0);
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  size_t longest = 0;
  while (std::getline(in, line)) {
    const std::vector<std::string> fields = SageFields(line.substr(0, line.size() - 1));
    ASSERT_EQ(fields.size(), 10u);
    EXPECT_NE(fields[0], "AN");  // The opening entry stays in the accounting software.
    longest = std::max(longest, fields[7].size());
  }
  EXPECT_EQ(longest, 35u);
}

}  // namespace
}  // namespace coopledger::test
