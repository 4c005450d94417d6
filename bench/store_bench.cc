// store_bench: the event store against raw RocksDB on the same data, printed as one table.
//
//   store_bench [--append-batches N] [--batch-events N] [--seconds S] [--threads 1,4,16,64]
//               [--replay-events N] [--replay-page N] [--replay-repeats N]
//
// Rows and targets (see bench/RESULTS.md): durable batched append >= 0.6x raw synced
// WriteBatches; group commit at 64 threads >= 10x one thread; replay with decode >= 0.6x a raw
// scan of the events family.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_support.h"
#include "bench/benchmarks.h"
#include "engine/event_store.h"
#include "engine/hash_chain.h"

namespace coopledger::bench {
namespace {

constexpr int kFdatasyncProbes = 200;

struct Flags {
  size_t append_batches = 200;
  size_t batch_events = 1'000;
  double seconds = 4.0;
  std::vector<int> threads = {1, 4, 16, 64};
  size_t replay_events = 1'000'000;
  int32_t replay_page = 10'000;  // Events per ReadLog call.
  int replay_repeats = 3;
};

[[noreturn]] void Usage(std::string_view problem) {
  std::fprintf(stderr,
               "store_bench: %.*s\n"
               "usage: store_bench [--append-batches N] [--batch-events N] [--seconds S]\n"
               "                   [--threads 1,4,16,64] [--replay-events N] [--replay-page N]\n"
               "                   [--replay-repeats N]\n",
               static_cast<int>(problem.size()), problem.data());
  std::exit(2);
}

long long PositiveNumber(std::string_view flag, const char* text) {
  char* end = nullptr;
  const long long value = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || value <= 0) Usage(std::string(flag) + ": a positive integer");
  return value;
}

std::vector<int> ThreadCounts(const char* text) {
  std::vector<int> counts;
  std::string list(text);
  for (size_t start = 0; start <= list.size();) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string item = list.substr(start, comma - start);
    counts.push_back(static_cast<int>(PositiveNumber("--threads", item.c_str())));
    start = comma + 1;
  }
  return counts;
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") Usage("benchmarks the event store");
    if (i + 1 >= argc) Usage(std::string(flag) + ": missing value");
    const char* value = argv[++i];
    if (flag == "--append-batches") {
      flags.append_batches = static_cast<size_t>(PositiveNumber(flag, value));
    } else if (flag == "--batch-events") {
      flags.batch_events = static_cast<size_t>(PositiveNumber(flag, value));
    } else if (flag == "--seconds") {
      flags.seconds = std::strtod(value, nullptr);
      if (!(flags.seconds > 0)) Usage("--seconds: a positive number");
    } else if (flag == "--threads") {
      flags.threads = ThreadCounts(value);
    } else if (flag == "--replay-events") {
      flags.replay_events = static_cast<size_t>(PositiveNumber(flag, value));
    } else if (flag == "--replay-page") {
      flags.replay_page = static_cast<int32_t>(
          std::min<long long>(PositiveNumber(flag, value), engine::kReadCountMax));
    } else if (flag == "--replay-repeats") {
      flags.replay_repeats = static_cast<int>(PositiveNumber(flag, value));
    } else {
      Usage("unknown flag " + std::string(flag));
    }
  }
  return flags;
}

std::string Format(const char* format, double value) {
  char text[32];
  std::snprintf(text, sizeof text, format, value);
  return text;
}
std::string PerSecond(double value) { return Format("%.0f", value); }
std::string Times(double value) { return Format("%.3gx", value); }

// A row of the table; when `target` is positive, `achieved` is checked against it.
void PrintRow(const std::string& name, const std::string& ours, const std::string& raw,
              double achieved, double target) {
  const std::string target_text = target > 0 ? ">= " + Times(target) : "";
  const char* result = target > 0 ? (achieved >= target ? "met" : "MISSED") : "";
  std::printf("%-46s %11s %11s %9s %9s %7s\n", name.c_str(), ours.c_str(), raw.c_str(),
              Times(achieved).c_str(), target_text.c_str(), result);
}

void PrintTable(const Flags& flags, const Comparison& append,
                const std::vector<GroupCommitPoint>& group_commit, const Comparison& replay) {
  std::printf("%-46s %11s %11s %9s %9s %7s\n", "benchmark", "ours/s", "raw/s", "ours/raw", "target",
              "result");
  PrintRow("durable append, " + std::to_string(flags.batch_events) + "-event commands",
           PerSecond(append.ours_per_second), PerSecond(append.raw_per_second),
           append.ours_per_second / append.raw_per_second, kAppendRatioTarget);
  for (const GroupCommitPoint& point : group_commit) {
    PrintRow("group commit, " + std::to_string(point.threads) +
                 (point.threads == 1 ? " thread" : " threads") + ", 1-event commands",
             PerSecond(point.ours_per_second), PerSecond(point.raw_per_second),
             point.ours_per_second / point.raw_per_second, 0);
  }
  const GroupCommitPoint& first = group_commit.front();
  const GroupCommitPoint& last = group_commit.back();
  const double speedup = last.ours_per_second / first.ours_per_second;
  const bool targeted = first.threads == 1 && last.threads == 64;
  // Here the ours/raw columns hold each side's speedup and the ratio column ours again.
  PrintRow("group commit speedup, " + std::to_string(last.threads) + " vs " +
               std::to_string(first.threads) + " threads",
           Times(speedup), Times(last.raw_per_second / first.raw_per_second), speedup,
           targeted ? kGroupCommitSpeedupTarget : 0);
  PrintRow("replay " + std::to_string(flags.replay_events) + " events, decode + fold",
           PerSecond(replay.ours_per_second), PerSecond(replay.raw_per_second),
           replay.ours_per_second / replay.raw_per_second, kReplayRatioTarget);
  PrintRow("  diagnostic: raw scan + events::Decode", PerSecond(replay.raw_decode_per_second),
           PerSecond(replay.raw_per_second), replay.raw_decode_per_second / replay.raw_per_second,
           0);
  std::printf(
      "\nraw: append = one synced WriteBatch per command of the records the store writes to its\n"
      "     events family (precomputed); group commit = threads each writing one synced record\n"
      "     at a time to raw RocksDB; replay = raw iterator over the store's events family;\n"
      "     the diagnostic row decodes each value of that iterator, without ReadLog.\n"
      "speedup row: ours/s and raw/s hold each side's speedup; ours/raw holds ours again.\n");
  std::printf("%s\n%s\n", append.detail.c_str(), replay.detail.c_str());
}

// What a reader needs to judge the table: build, machine, flags, and how busy the machine and
// its disk were when the run started.
void PrintHeader(const Flags& flags) {
  std::printf("store_bench (%s build)\nmachine: %s\n", COOPLEDGER_BUILD_TYPE,
              MachineDescription().c_str());
  std::printf("flags: --append-batches %zu --batch-events %zu --seconds %g --threads",
              flags.append_batches, flags.batch_events, flags.seconds);
  for (size_t i = 0; i < flags.threads.size(); ++i) {
    std::printf("%c%d", i == 0 ? ' ' : ',', flags.threads[i]);
  }
  std::printf(" --replay-events %zu --replay-page %d --replay-repeats %d\n", flags.replay_events,
              flags.replay_page, flags.replay_repeats);
  std::printf("load average at start: %s; fdatasync of 4 KiB in /tmp: median %.3f ms of %d\n\n",
              LoadAverage().c_str(), 1e3 * FdatasyncSeconds(kFdatasyncProbes), kFdatasyncProbes);
  std::fflush(stdout);
}

int Run(const Flags& flags) {
  if (!engine::InitializeSodium()) Die("libsodium", "failed to initialise");
  PrintHeader(flags);
  std::fprintf(stderr, "store_bench: durable append...\n");
  const Comparison append = RunDurableAppend(flags.append_batches, flags.batch_events);
  std::fprintf(stderr, "store_bench: group commit...\n");
  const std::vector<GroupCommitPoint> group_commit = RunGroupCommit(flags.threads, flags.seconds);
  std::fprintf(stderr, "store_bench: replay...\n");
  const Comparison replay = RunReplay(flags.replay_events, flags.replay_page, flags.replay_repeats);
  PrintTable(flags, append, group_commit, replay);
  std::printf("load average at end: %s; fdatasync of 4 KiB in /tmp: median %.3f ms of %d\n",
              LoadAverage().c_str(), 1e3 * FdatasyncSeconds(kFdatasyncProbes), kFdatasyncProbes);
  return 0;
}

}  // namespace
}  // namespace coopledger::bench

int main(int argc, char** argv) {
  return coopledger::bench::Run(coopledger::bench::ParseFlags(argc, argv));
}
