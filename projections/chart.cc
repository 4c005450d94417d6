#include "projections/chart.h"

namespace coopledger::projections {

std::string Chart::AccountLabel(std::string_view account) const {
  for (size_t length = account.size(); length > 0; --length) {
    auto found = account_labels.find(std::string(account.substr(0, length)));
    if (found != account_labels.end()) return found->second;
  }
  return "Compte " + std::string(account);
}

std::string Chart::JournalLabel(std::string_view journal) const {
  auto found = journal_labels.find(std::string(journal));
  return found == journal_labels.end() ? std::string(journal) : found->second;
}

}  // namespace coopledger::projections
