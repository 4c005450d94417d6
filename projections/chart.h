// The chart of accounts the ledger posts to: account labels, the account of each kind of fact and
// the journals. Loaded by the adapters from rules/chart-of-accounts.json; plain values here.
#ifndef COOPLEDGER_PROJECTIONS_CHART_H_
#define COOPLEDGER_PROJECTIONS_CHART_H_

#include <map>
#include <string>
#include <string_view>

namespace coopledger::projections {

// The accounts each kind of fact is posted to (DOMAIN section 6).
struct PostingAccounts {
  std::string client = "411000";
  std::string supplier = "401000";
  std::string wages_due = "421000";
  std::string member_advances = "425000";
  std::string social_security = "431000";
  std::string other_social_bodies = "437000";
  std::string income_tax_withheld = "442100";
  std::string vat_deductible = "445660";
  std::string vat_collected = "445710";
  std::string vat_pending = "445740";
  std::string bank = "512000";
  std::string cash = "530000";
  std::string gross_wages = "641100";
  std::string employer_contributions = "645100";
  std::string contribution = "658800";
  std::string sales_services = "706000";
  std::string sales_other = "708800";
  std::string grants = "740000";
  std::string result_profit = "120000";
  std::string result_loss = "129000";
};

struct Chart {
  std::string version;
  std::string cae_analytic_code = "CAE";  // The CAE structure's own analytic code.
  PostingAccounts posting;
  std::map<std::string, std::string> journal_labels;  // "VE" -> "Ventes".
  std::map<std::string, std::string> account_labels;  // Account number prefix -> label.

  // The label of the longest number that starts `account`; "Compte <account>" if none.
  std::string AccountLabel(std::string_view account) const;
  std::string JournalLabel(std::string_view journal) const;
};

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_CHART_H_
