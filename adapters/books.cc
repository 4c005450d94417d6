#include "adapters/books.h"

#include <CLI/CLI.hpp>

#include <charconv>
#include <filesystem>
#include <fstream>

#include "adapters/rules_loader.h"
#include "engine/command_service.h"

namespace coopledger::adapters {

projections::EventFetcher StoreFetcher(std::shared_ptr<engine::EventStore> store) {
  return [store](events::Seq seq) -> std::optional<events::StoredEvent> {
    Result<std::vector<events::StoredEvent>> read = store->ReadLog(seq, 1);
    if (!read || read->empty()) return std::nullopt;
    return std::move(read->front());
  };
}

Result<std::unique_ptr<projections::Ledger>> ReplayLedger(const CliContext& context,
                                                          projections::EntrySink* sink,
                                                          events::Seq last,
                                                          projections::LedgerOptions options) {
  COOPLEDGER_ASSIGN_OR_RETURN(projections::Chart chart, LoadChart(context.rules_dir));
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> opened, OpenForReading(context));
  std::shared_ptr<engine::EventStore> store = std::move(opened);
  auto ledger = std::make_unique<projections::Ledger>(std::move(chart), sink, StoreFetcher(store),
                                                      options);
  COOPLEDGER_RETURN_IF_ERROR(engine::ReplayLog(
      *store, last, [&ledger](const events::StoredEvent& event) { ledger->Apply(event); }));
  return ledger;
}

Result<events::Seq> ParseKnownAt(const std::string& text) {
  if (text.empty()) return std::numeric_limits<events::Seq>::max();
  events::Seq seq = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seq);
  if (error != std::errc() || end != text.data() + text.size()) {
    return Error(ErrorCode::kInvalidArgument,
                 "--known-at: \"" + text + "\" is not a seq (a whole number >= 0)");
  }
  return seq;
}

Status CheckYear(int32_t year) {
  if (year < 1900 || year > 2099) {
    return Error(ErrorCode::kInvalidArgument,
                 "--year: " + std::to_string(year) + " is not a fiscal year (1900 to 2099)");
  }
  return OkStatus();
}

Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Error(ErrorCode::kStorageIo, temporary + ": cannot be written");
  }
  std::error_code renamed;
  std::filesystem::rename(temporary, path, renamed);
  if (renamed) {
    std::filesystem::remove(temporary, renamed);
    return Error(ErrorCode::kStorageIo, path + ": " + renamed.message());
  }
  return OkStatus();
}

CLI::App* ExportGroup(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == "export") return sub;
  }
  CLI::App* group = app.add_subcommand("export", "Exports for accountants and the administration");
  group->require_subcommand(1);
  return group;
}

CLI::App* ReportGroup(CLI::App& app) {
  for (CLI::App* sub : app.get_subcommands({})) {
    if (sub->get_name() == "report") return sub;
  }
  CLI::App* group = app.add_subcommand("report", "Reports from the ledger");
  group->require_subcommand(1);
  return group;
}

}  // namespace coopledger::adapters
