// The ledger of a real store: commands through the real CommandService (command_fixture.h), then
// the log replayed into a projections::Ledger with the repository's chart of accounts.
#ifndef COOPLEDGER_TESTS_BOOKS_LEDGER_FIXTURE_H_
#define COOPLEDGER_TESTS_BOOKS_LEDGER_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "adapters/rules_loader.h"
#include "engine/snapshots.h"
#include "projections/ledger.h"
#include "tests/engine/command_fixture.h"

namespace coopledger::test {

// "D 411000 C-0001 AN-A-CJS 1200.00": one line, for exact comparisons.
inline std::string Describe(const projections::LedgerLine& line) {
  const bool debit = line.debit.cents() > 0;
  std::string text = std::string(debit ? "D " : "C ") + line.account;
  if (!line.auxiliary.empty()) text += " " + line.auxiliary;
  text += " " + line.analytic + " " + (debit ? line.debit : line.credit).ToString();
  return text;
}

// "VE 2025#1 2025-09-10 2025-0001: D 411000 ... | C 706000 ...".
inline std::string Describe(const projections::LedgerEntry& entry) {
  std::string text = entry.journal + " " + std::to_string(entry.fiscal_year) + "#" +
                     std::to_string(entry.number) + " " + entry.date.ToString() + " " +
                     entry.piece_reference + ":";
  for (size_t i = 0; i < entry.lines.size(); ++i) {
    text += (i == 0 ? " " : " | ") + Describe(entry.lines[i]);
  }
  return text;
}

// Reads events of `store` back by seq only, for the ledger's reversals: a ledger with it keeps
// every invoice.
inline projections::EventFetcher SeqFetcherOf(engine::EventStore* store) {
  return [store](events::Seq seq) -> std::optional<events::StoredEvent> {
    Result<std::vector<events::StoredEvent>> read = store->ReadLog(seq, 1);
    if (!read || read->empty()) return std::nullopt;
    return read->front();
  };
}

// Reads events of `store` back by seq and by stream: a ledger with it keeps open invoices only,
// as the command line's and the snapshots' do.
inline projections::EventFetcher FetcherOf(engine::EventStore* store) {
  return engine::FetcherOf(*store);
}

class LedgerTest : public CommandHandlerTest {
 protected:
  static projections::Chart RepositoryChart() {
    return adapters::LoadChart(COOPLEDGER_SOURCE_ROOT "/rules").value();
  }

  // Replays the whole log into a fresh ledger; its entries land in entries().
  projections::Ledger& Replay() {
    list_ = std::make_unique<projections::EntryList>();
    ledger_ = std::make_unique<projections::Ledger>(RepositoryChart(), list_.get(),
                                                    FetcherOf(store_.get()));
    const Status replayed = engine::ReplayLog(
        *store_, [this](const events::StoredEvent& event) { ledger_->Apply(event); });
    EXPECT_TRUE(replayed.has_value());
    return *ledger_;
  }

  const std::vector<projections::LedgerEntry>& entries() const { return list_->entries(); }

  // The entries made from event `seq`, described.
  std::vector<std::string> EntriesOf(events::Seq seq) const {
    std::vector<std::string> described;
    for (const projections::LedgerEntry& entry : entries()) {
      if (entry.seq == seq) described.push_back(Describe(entry));
    }
    return described;
  }

  // The seq of the only event a command appended.
  events::Seq AcceptSeq(events::EventBody command) { return AcceptOne(std::move(command)).seq; }

  std::unique_ptr<projections::EntryList> list_;
  std::unique_ptr<projections::Ledger> ledger_;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_BOOKS_LEDGER_FIXTURE_H_
