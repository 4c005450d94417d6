// Verbs on the event store itself: init, append, log, verify, stats, backup, restore.
#include <CLI/CLI.hpp>
#include <unistd.h>

#include <istream>
#include <sstream>
#include <ostream>

#include "adapters/cli.h"
#include "adapters/event_json.h"
#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

using nlohmann::json;
using events::Seq;

void AddDataOption(CLI::App* verb, CliContext& context) {
  verb->add_option("--data", context.data_dir, "The store's directory")
      ->capture_default_str();
}

void RunInit(CliContext& context) {
  engine::StoreOptions options;
  options.path = context.data_dir;
  options.clock = context.clock;
  options.create_if_missing = true;
  options.holder = context.command_line;
  Result<std::unique_ptr<engine::EventStore>> store = engine::OpenEventStore(options);
  if (!store) return Fail(context, store.error());
  const engine::Head head = (*store)->head();
  if (head.seq == 0) {
    *context.out << "store ready at " << context.data_dir << " (empty)\n";
  } else {
    *context.out << "store ready at " << context.data_dir << " (" << head.seq
                 << " events, head " << engine::ToHex(head.hash) << ")\n";
  }
}

struct AppendArguments {
  std::string command_id;
  std::string actor_id = "cli";
  std::string role = "admin";
};

// Reads JSON lines; reports every bad line, not only the first.
Result<std::vector<engine::ProposedEvent>> ParseEventLines(std::istream& in, const SealFn& seal,
                                                           std::string* all_text) {
  std::vector<engine::ProposedEvent> events;
  std::string errors;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    *all_text += line;
    *all_text += '\n';
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json parsed = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) {
      errors += "line " + std::to_string(number) + ": not valid JSON\n";
      continue;
    }
    Result<engine::ProposedEvent> event = ProposedEventFromJson(parsed, seal);
    if (!event) {
      errors += "line " + std::to_string(number) + ": " + event.error().message() + "\n";
      continue;
    }
    events.push_back(std::move(*event));
  }
  if (!errors.empty()) {
    errors.pop_back();
    return Error(ErrorCode::kInvalidArgument, "nothing appended:\n" + errors);
  }
  if (events.empty()) return Error(ErrorCode::kInvalidArgument, "stdin: no event to append");
  return events;
}

void RunAppend(CliContext& context, const AppendArguments& arguments) {
  Result<events::ActorRole> role = ParseRole(arguments.role);
  if (!role) return Fail(context, role.error());
  const events::Actor actor{arguments.actor_id, *role};
  // First pass validates every line without touching the store, so a bad file changes nothing.
  std::string text;
  const SealFn validate_only = [](const events::PersonId& person, const events::PersonalData&) {
    return Result<events::SealedData>(events::SealedData{person, {}, {}});
  };
  Result<std::vector<engine::ProposedEvent>> checked =
      ParseEventLines(*context.in, validate_only, &text);
  if (!checked) return Fail(context, checked.error());

  Result<std::unique_ptr<engine::EventStore>> store = OpenForWriting(context);
  if (!store) return Fail(context, store.error());
  const SealFn seal = [&store](const events::PersonId& person, const events::PersonalData& data) {
    return (*store)->Seal(person, data);
  };
  std::istringstream again(text);
  std::string unused;
  Result<std::vector<engine::ProposedEvent>> events = ParseEventLines(again, seal, &unused);
  if (!events) return Fail(context, events.error());

  // Without --command-id, the input's hash is the id: running the same file twice appends once.
  events::CommandId command_id{arguments.command_id};
  if (command_id.empty()) command_id.value = "stdin-" + engine::ToHex(engine::Sha256(text)).substr(0, 32);
  engine::AppendBatch batch;
  batch.actor = actor;
  batch.events = std::move(*events);
  Result<engine::AppendResult> result = (*store)->Append(command_id, batch);
  if (!result) return Fail(context, result.error());
  json out = {{"command_id", command_id.value}, {"seqs", result->seqs}, {"replayed", result->replayed}};
  *context.out << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

struct LogArguments {
  std::string stream;
  uint64_t from_seq = 1;
  uint64_t to_seq = 0;  // 0: up to the head.
  std::string recorded_from;
  std::string recorded_to;
  int64_t limit = 0;  // 0: no limit.
  bool decrypt = false;
};

void RunLog(CliContext& context, const LogArguments& arguments) {
  Result<std::unique_ptr<engine::EventStore>> opened = OpenForReading(context);
  if (!opened) return Fail(context, opened.error());
  engine::EventStore& store = **opened;
  Seq from = std::max<Seq>(arguments.from_seq, 1);
  Seq to = arguments.to_seq == 0 ? store.head().seq : std::min(arguments.to_seq, store.head().seq);
  if (!arguments.recorded_from.empty()) {
    Result<Timestamp> at = Timestamp::Parse(arguments.recorded_from);
    if (!at) return Fail(context, at.error().WithContext("--recorded-from: "));
    Result<Seq> first = store.FirstSeqRecordedAtOrAfter(*at);
    if (!first) return Fail(context, first.error());
    from = std::max(from, *first);
  }
  if (!arguments.recorded_to.empty()) {
    Result<Timestamp> at = Timestamp::Parse(arguments.recorded_to);
    if (!at) return Fail(context, at.error().WithContext("--recorded-to: "));
    Result<Seq> first_after = store.FirstSeqRecordedAtOrAfter(*at);  // Excluded bound.
    if (!first_after) return Fail(context, first_after.error());
    to = std::min(to, *first_after - 1);
  }
  const UnsealFn unseal = arguments.decrypt
                              ? UnsealFn([&store](const events::SealedData& sealed) {
                                  return store.Unseal(sealed);
                                })
                              : UnsealFn();
  int64_t printed = 0;
  constexpr int32_t kPage = 10'000;
  uint64_t next_version = 1;
  while (from <= to && (arguments.limit == 0 || printed < arguments.limit)) {
    Result<std::vector<events::StoredEvent>> page =
        arguments.stream.empty() ? store.ReadLog(from, kPage)
                                 : store.ReadStream(arguments.stream, next_version, kPage);
    if (!page) return Fail(context, page.error());
    for (const events::StoredEvent& event : *page) {
      next_version = event.stream_version + 1;
      if (event.seq < from) continue;
      if (event.seq > to || (arguments.limit != 0 && printed >= arguments.limit)) return;
      *context.out << StoredEventToJson(event, unseal).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      ++printed;
    }
    if (page->size() < static_cast<size_t>(kPage)) return;
    if (arguments.stream.empty()) from = page->back().seq + 1;
  }
}

void RunVerify(CliContext& context) {
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  const bool show_progress = isatty(STDERR_FILENO) != 0;
  engine::ProgressFn progress;
  if (show_progress) {
    progress = [&context](Seq done, Seq total) {
      *context.err << "\rverify: " << done << " / " << total << std::flush;
    };
  }
  Result<engine::VerifyReport> report = (*store)->Verify(progress);
  if (show_progress) *context.err << "\n";
  if (!report) return Fail(context, report.error());
  if (!report->ok()) {
    *context.out << "BROKEN at seq " << *report->first_bad_seq << ": " << report->reason << "\n";
    context.exit_code = kExitVerifyFailed;
    return;
  }
  *context.out << "ok: " << report->events_checked << " events, head seq " << report->head.seq
               << ", head hash " << engine::ToHex(report->head.hash) << "\n";
}

void RunStats(CliContext& context, const std::string& format) {
  Result<std::unique_ptr<engine::EventStore>> store = OpenForReading(context);
  if (!store) return Fail(context, store.error());
  const engine::Head head = (*store)->head();
  json out = json::object();
  out["head_seq"] = head.seq;
  out["head_hash"] = engine::ToHex(head.hash);
  out["head_recorded_at"] = head.seq == 0 ? "" : head.recorded_at.ToString();
  for (const auto& [name, value] : (*store)->Statistics()) out[name] = value;
  if (format == "json") {
    *context.out << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  for (const auto& [name, value] : out.items()) {
    *context.out << name << ": " << (value.is_string() ? value.get<std::string>() : value.dump())
                 << "\n";
  }
}

void RunBackup(CliContext& context, const std::string& directory) {
  Result<std::unique_ptr<engine::EventStore>> store = OpenForWriting(context);
  if (!store) return Fail(context, store.error());
  Result<engine::BackupInfo> info = (*store)->Backup(directory);
  if (!info) return Fail(context, info.error());
  *context.out << "backup " << info->backup_id << " written to " << directory << " ("
               << info->file_count << " files, " << info->size_bytes << " bytes, head seq "
               << (*store)->head().seq << ")\n";
}

void RunRestore(CliContext& context, const std::string& directory) {
  Result<engine::VerifyReport> report = engine::RestoreStore(directory, context.data_dir, context.clock);
  if (!report) return Fail(context, report.error());
  *context.out << "restored " << context.data_dir << " from " << directory << ": verify ok, "
               << report->events_checked << " events, head seq " << report->head.seq << "\n";
}

}  // namespace

void AddStoreVerbs(CLI::App& app, CliContext& context) {
  CLI::App* init = app.add_subcommand("init", "Create an empty store (no-op if it exists)");
  AddDataOption(init, context);
  init->callback([&context] { RunInit(context); });

  auto append_arguments = std::make_shared<AppendArguments>();
  CLI::App* append = app.add_subcommand(
      "append", "Append events given as JSON lines on stdin, all in one atomic command");
  AddDataOption(append, context);
  append->add_option("--command-id", append_arguments->command_id,
                     "Idempotency key (default: derived from the input, so a rerun appends nothing)");
  append->add_option("--actor", append_arguments->actor_id, "Who appends")->capture_default_str();
  append->add_option("--role", append_arguments->role, "The actor's role")->capture_default_str();
  append->callback([&context, append_arguments] { RunAppend(context, *append_arguments); });

  auto log_arguments = std::make_shared<LogArguments>();
  CLI::App* log = app.add_subcommand("log", "Print events as JSON lines");
  AddDataOption(log, context);
  log->add_option("--stream", log_arguments->stream, "Only this stream (e.g. member/M-0001)");
  log->add_option("--from-seq", log_arguments->from_seq, "First seq (included)");
  log->add_option("--to-seq", log_arguments->to_seq, "Last seq (included)");
  log->add_option("--recorded-from", log_arguments->recorded_from,
                  "Only events recorded at or after this ISO-8601 UTC time");
  log->add_option("--recorded-to", log_arguments->recorded_to,
                  "Only events recorded before this ISO-8601 UTC time");
  log->add_option("--limit", log_arguments->limit, "At most this many events");
  log->add_flag("--decrypt", log_arguments->decrypt, "Show personal data in clear where readable");
  log->callback([&context, log_arguments] { RunLog(context, *log_arguments); });

  CLI::App* verify = app.add_subcommand("verify", "Recompute the hash chain; name the first bad seq");
  AddDataOption(verify, context);
  verify->callback([&context] { RunVerify(context); });

  auto stats_format = std::make_shared<std::string>("table");
  CLI::App* stats = app.add_subcommand("stats", "Head and size of the store");
  AddDataOption(stats, context);
  stats->add_option("--format", *stats_format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  stats->callback([&context, stats_format] { RunStats(context, *stats_format); });

  auto backup_directory = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand("backup", "Add a consistent backup of the store to DIR");
  AddDataOption(backup, context);
  backup->add_option("--to", *backup_directory, "Backup directory")->required();
  backup->callback([&context, backup_directory] { RunBackup(context, *backup_directory); });

  auto restore_directory = std::make_shared<std::string>();
  CLI::App* restore = app.add_subcommand(
      "restore", "Restore the latest backup in DIR as the store, re-apply erasures, verify");
  AddDataOption(restore, context);
  restore->add_option("--from", *restore_directory, "Backup directory")->required();
  restore->callback([&context, restore_directory] { RunRestore(context, *restore_directory); });
}

}  // namespace coopledger::adapters
