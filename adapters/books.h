// What the verbs on the books share: the ledger replayed from the store, and the `export` and
// `report` verb groups they add their subcommands to.
#ifndef COOPLEDGER_ADAPTERS_BOOKS_H_
#define COOPLEDGER_ADAPTERS_BOOKS_H_

#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "adapters/cli.h"
#include "adapters/files.h"
#include "engine/projection_set.h"
#include "projections/ledger.h"

namespace coopledger::adapters {

// What --known-at names: the books as they stood after event `seq`, or with the events recorded
// at or before `time`.
struct KnownAt {
  events::Seq seq = std::numeric_limits<events::Seq>::max();  // Every event by default.
  std::optional<Timestamp> time;
};

// --known-at SEQ or --known-at TIME (ISO-8601 UTC, "2025-08-05T18:00:00Z"); empty: every event.
// kInvalidArgument naming --known-at otherwise.
Result<KnownAt> ParseKnownAt(const std::string& text);

// The last seq that --known-at `text` (ParseKnownAt) names in `store`: the head when empty.
Result<events::Seq> LastSeqKnownAt(engine::EventStore& store, const std::string& text);

// The store of --data, opened read-only, and the last seq --known-at `known_at` names in it.
struct StoreKnownAt {
  std::unique_ptr<engine::EventStore> store;
  events::Seq last = 0;
};
Result<StoreKnownAt> OpenKnownAt(const CliContext& context, const std::string& known_at);

// Folds into `fold` the events of `store` up to seq `last` and, when `on` is set, only those whose
// business date is on or before `on` (a reversal of an event left out is left out too): the
// figures on that day as they were known after event `last`.
Status ReplayAsOf(engine::EventStore& store, events::Seq last, std::optional<Date> on,
                  const std::function<void(const events::StoredEvent&)>& fold);

// --on YYYY-MM-DD; nullopt when empty. kInvalidDate naming --on otherwise.
Result<std::optional<Date>> ParseOn(const std::string& text);

// The ledger folded from the store of --data (read-only) as known at `known_at` (ParseKnownAt),
// feeding `sink`. The chart comes from the rules directory (rules/chart-of-accounts.json).
Result<std::unique_ptr<projections::Ledger>> ReplayLedger(const CliContext& context,
                                                          projections::EntrySink* sink,
                                                          const std::string& known_at = "",
                                                          projections::LedgerOptions options = {});

// The ledger folded from `store` up to seq `last`, feeding `sink`; reversals are read back from
// `store`, which the ledger keeps.
Result<std::unique_ptr<projections::Ledger>> ReplayStoreLedger(
    std::shared_ptr<engine::EventStore> store, projections::Chart chart,
    projections::EntrySink* sink, events::Seq last, projections::LedgerOptions options);

// The projections of `mask` (engine/projection_set.h) as known at `known_at` (ParseKnownAt) in
// the store of --data, opened read-only: the nearest snapshots at or before that point, then the
// events after them (engine::LoadAsOf). The chart is read from the rules directory when the mask
// holds the ledger.
struct ProjectionsAsOf {
  std::unique_ptr<engine::EventStore> store;     // Declared first: the set reads from it.
  std::unique_ptr<engine::ProjectionSet> set;
  events::Seq last = 0;                          // The last event folded.
  events::Seq snapshot_seq = 0;                  // The snapshots' seq; 0 when none was used.
};
Result<ProjectionsAsOf> LoadProjectionsAsOf(const CliContext& context, uint32_t mask,
                                            const std::string& known_at);

// Reads events of `store` back: by seq, for a ledger's reversals, and an invoice's validation by
// its stream, for a ledger that keeps only open invoices.
projections::EventFetcher StoreFetcher(std::shared_ptr<engine::EventStore> store);

// kInvalidArgument naming --year unless 1900 <= year <= 2099.
Status CheckYear(int32_t year);

// The options every verb on the books takes: --data, --rules and --known-at (into `known_at`).
void AddBooksOptions(CLI::App& verb, CliContext& context, std::string& known_at);

// The `export` and `report` groups, created on first use.
CLI::App* ExportGroup(CLI::App& app);
CLI::App* ReportGroup(CLI::App& app);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_BOOKS_H_
