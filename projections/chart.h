// The chart of accounts the ledger posts to: account labels, the account of each kind of fact and
// the journals. Loaded by the adapters from rules/chart-of-accounts.json; plain values here.
#ifndef COOPLEDGER_PROJECTIONS_CHART_H_
#define COOPLEDGER_PROJECTIONS_CHART_H_

#include <map>
#include <string>
#include <string_view>

namespace coopledger::projections {

// The accounts each kind of fact is posted to (DOMAIN section 6), from the chart file.
struct PostingAccounts {
  std::string client;
  std::string supplier;
  std::string wages_due;
  std::string member_advances;
  std::string social_security;
  std::string other_social_bodies;
  std::string income_tax_withheld;
  std::string vat_deductible;
  std::string vat_collected;
  std::string vat_pending;
  std::string bank;
  std::string cash;
  std::string gross_wages;
  std::string employer_contributions;
  std::string contribution;
  std::string sales_services;
  std::string sales_other;
  std::string grants;
  std::string result_profit;
  std::string result_loss;
};

struct Chart {
  std::string version;
  std::string cae_analytic_code;  // The CAE structure's own analytic code.
  PostingAccounts posting;
  std::map<std::string, std::string> journal_labels;  // "VE" -> "Ventes".
  std::map<std::string, std::string> account_labels;  // Account number prefix -> label.

  // The label of the longest number that starts `account`; "Compte <account>" if none.
  std::string AccountLabel(std::string_view account) const;
  std::string JournalLabel(std::string_view journal) const;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_CHART_H_
