#include "adapters/books.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <set>

#include "adapters/rules_loader.h"
#include "engine/command_service.h"
#include "engine/snapshots.h"

namespace coopledger::adapters {
namespace {

// The last seq of `store` that `known_at` names: recorded time never decreases with seq, so the
// events recorded at or before a time are those before the first recorded after it.
Result<events::Seq> LastSeqOf(engine::EventStore& store, const KnownAt& known_at) {
  if (!known_at.time) return std::min(known_at.seq, store.head().seq);
  COOPLEDGER_ASSIGN_OR_RETURN(const events::Seq after, store.FirstSeqRecordedAtOrAfter(
                                                           Timestamp::FromMicros(known_at.time->micros() + 1)));
  return after - 1;
}

}  // namespace

projections::EventFetcher StoreFetcher(std::shared_ptr<engine::EventStore> store) {
  // engine::FetcherOf's reads, holding the store for as long as the fetcher lives.
  const projections::EventFetcher fetch = engine::FetcherOf(*store);
  return projections::EventFetcher(
      [store, fetch](events::Seq seq) { return fetch(seq); },
      [store, fetch](std::string_view stream) { return fetch.FirstOf(stream); });
}

Result<std::unique_ptr<projections::Ledger>> ReplayLedger(const CliContext& context,
                                                          projections::EntrySink* sink,
                                                          const std::string& known_at,
                                                          projections::LedgerOptions options) {
  COOPLEDGER_ASSIGN_OR_RETURN(const KnownAt parsed, ParseKnownAt(known_at));
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> opened, OpenForReading(context));
  std::shared_ptr<engine::EventStore> store = std::move(opened);
  COOPLEDGER_ASSIGN_OR_RETURN(const events::Seq last, LastSeqOf(*store, parsed));
  return ReplayStoreLedger(std::move(store), std::move(chart), sink, last, options);
}

Result<std::unique_ptr<projections::Ledger>> ReplayStoreLedger(
    std::shared_ptr<engine::EventStore> store, projections::Chart chart,
    projections::EntrySink* sink, events::Seq last, projections::LedgerOptions options) {
  auto ledger = std::make_unique<projections::Ledger>(std::move(chart), sink, StoreFetcher(store),
                                                      options);
  COOPLEDGER_RETURN_IF_ERROR(engine::ReplayLog(
      *store, last, [&ledger](const events::StoredEvent& event) { ledger->Apply(event); }));
  return ledger;
}

Result<ProjectionsAsOf> LoadProjectionsAsOf(const CliContext& context, uint32_t mask,
                                            const std::string& known_at) {
  ProjectionsAsOf as_of;
  projections::Chart chart;
  if ((mask & engine::kLedgerProjection) != 0) {
    COOPLEDGER_ASSIGN_OR_RETURN(chart, LoadChart(context.rules_dir));
  }
  COOPLEDGER_ASSIGN_OR_RETURN(StoreKnownAt opened, OpenKnownAt(context, known_at));
  as_of.store = std::move(opened.store);
  as_of.last = opened.last;
  as_of.set = std::make_unique<engine::ProjectionSet>(mask, std::move(chart),
                                                      engine::FetcherOf(*as_of.store));
  COOPLEDGER_ASSIGN_OR_RETURN(as_of.snapshot_seq,
                              engine::LoadAsOf(*as_of.store, as_of.last, as_of.set.get()));
  return as_of;
}

Result<events::Seq> LastSeqKnownAt(engine::EventStore& store, const std::string& text) {
  COOPLEDGER_ASSIGN_OR_RETURN(const KnownAt parsed, ParseKnownAt(text));
  return LastSeqOf(store, parsed);
}

Result<StoreKnownAt> OpenKnownAt(const CliContext& context, const std::string& known_at) {
  COOPLEDGER_ASSIGN_OR_RETURN(const KnownAt parsed, ParseKnownAt(known_at));  // Before opening.
  StoreKnownAt opened;
  COOPLEDGER_ASSIGN_OR_RETURN(opened.store, OpenForReading(context));
  COOPLEDGER_ASSIGN_OR_RETURN(opened.last, LastSeqOf(*opened.store, parsed));
  return opened;
}

Status ReplayAsOf(engine::EventStore& store, events::Seq last, std::optional<Date> on,
                  const std::function<void(const events::StoredEvent&)>& fold) {
  std::set<events::Seq> left_out;
  return engine::ReplayLog(store, last, [&](const events::StoredEvent& event) {
    if (on) {
      const auto* reversal = std::get_if<events::Reversed>(&event.body);
      if (*on < event.effective || (reversal && left_out.count(reversal->reversed_seq) > 0)) {
        left_out.insert(event.seq);
        return;
      }
    }
    fold(event);
  });
}

Result<std::optional<Date>> ParseOn(const std::string& text) {
  if (text.empty()) return std::optional<Date>();
  Result<Date> day = Date::Parse(text);
  if (!day) return day.error().WithContext("--on: ");
  return std::optional<Date>(*day);
}

Result<KnownAt> ParseKnownAt(const std::string& text) {
  KnownAt known;
  if (text.empty()) return known;
  if (text.find_first_not_of("0123456789") == std::string::npos) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), known.seq);
    if (error == std::errc() && end == text.data() + text.size()) return known;
  } else if (Result<Timestamp> time = Timestamp::Parse(text)) {
    known.time = *time;
    return known;
  }
  return Error(ErrorCode::kInvalidArgument,
               "--known-at: \"" + text +
                   "\" is neither a seq (a whole number) nor an ISO-8601 UTC time "
                   "(2025-08-05T18:00:00Z)");
}

Status CheckYear(int32_t year) {
  if (year < 1900 || year > 2099) {
    return Error(ErrorCode::kInvalidArgument,
                 "--year: " + std::to_string(year) + " is not a fiscal year (1900 to 2099)");
  }
  return OkStatus();
}

void AddBooksOptions(CLI::App& verb, CliContext& context, std::string& known_at) {
  verb.add_option("--data", context.data_dir, "The store's directory")->capture_default_str();
  verb.add_option("--rules", context.rules_dir, "Directory of the rules (chart of accounts)")
      ->capture_default_str();
  verb.add_option("--known-at", known_at,
                  "The books as known then: the events up to seq SEQ, or those recorded at or "
                  "before an ISO-8601 UTC time")
      ->type_name("SEQ|TIME");
}

namespace {

// The verb group `name` of `app`, created on first use.
CLI::App* Group(CLI::App& app, const std::string& name, const std::string& help) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == name) return sub;
  }
  CLI::App* group = app.add_subcommand(name, help);
  group->require_subcommand(1);
  return group;
}

}  // namespace

CLI::App* ExportGroup(CLI::App& app) {
  return Group(app, "export", "Exports for accountants and the administration");
}

CLI::App* ReportGroup(CLI::App& app) { return Group(app, "report", "Reports from the ledger"); }

}  // namespace coopledger::adapters
