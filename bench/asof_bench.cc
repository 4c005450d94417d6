// asof_bench: as-of queries and a full rebuild of every projection on a demo store, beside a raw
// RocksDB iterator over the same store's events column family, in one run (see RESULTS.md).
//
//   asof_bench --data DIR [--rules DIR] [--every N[,N...]] [--queries Q] [--fold-queries Q]
//              [--all-queries Q] [--seed S] [--queries-only 1]
//
// The store is a `coopledger demo --scale K` store, closed. For each N of --every, the bench
// deletes the stored snapshots, rebuilds every projection from event 1 writing snapshots every N
// events and at period closes (engine::RebuildSnapshots, which writes the figure movements too),
// then answers Q queries "balances and trial balance as known at seq S" at random past seqs
// (fixed seed) with the store opened once: the way the views answer them (engine::FiguresAsOf:
// the nearest snapshots of both and the figure movements after them), and, for comparison, by
// loading the ledger's snapshot too and folding the events after it (engine::LoadAsOf).
#include <rocksdb/db.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/rules_loader.h"
#include "bench/bench_support.h"
#include "engine/command_service.h"
#include "engine/figures_as_of.h"
#include "engine/snapshots.h"
#include "engine/store_layout.h"

namespace coopledger::bench {
namespace {

struct Arguments {
  std::string data;
  std::string rules = COOPLEDGER_BENCH_RULES_DIR;
  std::vector<events::Seq> every = {engine::kSnapshotEveryDefault};
  int queries = 100;
  int fold_queries = 100;  // The same queries, folding the events after the snapshots.
  int all_queries = 5;        // Queries of every projection: their snapshots grow with the log.
  bool queries_only = false;  // Keep the stored snapshots; no scan, no rebuild (for profiles).
  uint64_t seed = 20251126;
};

Arguments Parse(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    const std::string value = argv[i + 1];
    if (name == "--data") {
      arguments.data = value;
    } else if (name == "--rules") {
      arguments.rules = value;
    } else if (name == "--every") {
      arguments.every.clear();
      std::stringstream list(value);
      for (std::string item; std::getline(list, item, ',');) {
        arguments.every.push_back(std::strtoull(item.c_str(), nullptr, 10));
      }
    } else if (name == "--queries") {
      arguments.queries = std::atoi(value.c_str());
    } else if (name == "--queries-only") {
      arguments.queries_only = value == "1";
    } else if (name == "--fold-queries") {
      arguments.fold_queries = std::atoi(value.c_str());
    } else if (name == "--all-queries") {
      arguments.all_queries = std::atoi(value.c_str());
    } else if (name == "--seed") {
      arguments.seed = std::strtoull(value.c_str(), nullptr, 10);
    } else {
      Die("arguments", "unknown option " + name);
    }
  }
  if (arguments.data.empty()) Die("arguments", "--data DIR is required");
  return arguments;
}

struct Percentiles {
  double p50 = 0;
  double p99 = 0;
  double max = 0;
};

Percentiles Of(std::vector<double> seconds) {
  std::sort(seconds.begin(), seconds.end());
  const auto at = [&seconds](double fraction) {
    const auto index = static_cast<size_t>(fraction * static_cast<double>(seconds.size() - 1) + 0.5);
    return seconds[std::min(index, seconds.size() - 1)];
  };
  return {at(0.50), at(0.99), seconds.back()};
}

// The raw iterator: every key and value of the events column family, nothing decoded.
double RawScanSeconds(const std::string& path, events::Seq* count) {
  std::unique_ptr<RawDatabase> raw = RawDatabase::OpenStoreReadOnly(path);
  const Stopwatch stopwatch;
  uint64_t bytes = 0;
  *count = 0;
  std::unique_ptr<rocksdb::Iterator> it(raw->db()->NewIterator(rocksdb::ReadOptions(), raw->events()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ++*count;
    bytes += it->key().size() + it->value().size();
  }
  CheckOk(it->status(), "raw scan");
  const double seconds = stopwatch.Seconds();
  if (bytes == 0 && *count > 0) Die("raw scan", "no bytes");
  return seconds;
}

// Deletes every stored snapshot (the store must be closed), so that each N starts clean.
void DeleteSnapshots(const std::string& path) {
  namespace layout = engine::layout;
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const char* name : {rocksdb::kDefaultColumnFamilyName.c_str(), layout::kEvents,
                           layout::kStreams, layout::kCommands, layout::kMeta, layout::kKeys,
                           layout::kSnapshots}) {
    families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  }
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* db = nullptr;
  CheckOk(rocksdb::DB::Open(rocksdb::DBOptions(), path, families, &handles, &db), "open " + path);
  std::unique_ptr<rocksdb::DB> owned(db);
  std::unique_ptr<rocksdb::Iterator> it(owned->NewIterator(rocksdb::ReadOptions(), handles[6]));
  rocksdb::WriteBatch batch;
  for (it->SeekToFirst(); it->Valid(); it->Next()) CheckOk(batch.Delete(handles[6], it->key()), "delete");
  CheckOk(it->status(), "list snapshots");
  it.reset();
  rocksdb::WriteOptions sync;
  sync.sync = true;
  CheckOk(owned->Write(sync, &batch), "delete snapshots");
  CheckOk(owned->CompactRange(rocksdb::CompactRangeOptions(), handles[6], nullptr, nullptr),
          "compact snapshots");
  for (rocksdb::ColumnFamilyHandle* handle : handles) {
    owned->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  owned->Close().PermitUncheckedError();
}

std::unique_ptr<engine::EventStore> OpenStore(const std::string& path, bool read_only,
                                              engine::Clock* clock) {
  engine::StoreOptions options;
  options.path = path;
  options.read_only = read_only;
  options.sync = false;  // The rebuild syncs once at its end (RebuildSnapshots).
  options.clock = clock;
  return ValueOrDie(engine::OpenEventStore(options), "open store " + path);
}

// A figure of an answer (hours and trial balance of `year`), so that nothing is optimised away.
int64_t FigureOf(const projections::MemberBalances& balances,
                 const projections::TrialBalances& totals, const projections::Chart& chart,
                 int32_t year) {
  int64_t figure = 0;
  for (const projections::MemberBalance* member : balances.Members()) {
    figure += member->Total().paid_minutes;
  }
  for (const projections::TrialBalanceRow& row : totals.Rows(chart, year)) {
    figure += row.debit.cents() - row.credit.cents();
  }
  return figure;
}

enum class Way { kFigures, kFold };

// One as-of query: the balances and the trial balance of `year` as known after `seq`, the way the
// views read them (engine::FiguresAsOf: snapshots and figure movements), or by loading every
// projection of `mask` and folding the events after the snapshots (engine::LoadAsOf).
int64_t AnswerAsOf(engine::EventStore& store, const projections::Chart& chart, uint32_t mask,
                   Way way, events::Seq seq, int32_t year, events::Seq* snapshot_seq) {
  if (way == Way::kFigures) {
    const engine::Figures figures = ValueOrDie(engine::FiguresAsOf(store, seq, mask, chart), "as-of");
    if (!figures.from_movements) Die("as-of", "no figure movements at seq " + std::to_string(seq));
    *snapshot_seq = figures.snapshot_seq;
    return FigureOf(figures.balances, figures.trial_balances, chart, year);
  }
  engine::ProjectionSet set(mask, chart, engine::FetcherOf(store));
  *snapshot_seq = ValueOrDie(engine::LoadAsOf(store, seq, &set), "as-of");
  return FigureOf(set.balances(), set.trial_balances(), chart, year);
}

// The as-of queries at random past seqs, answered from the stored snapshots of `store`.
void Queries(const Arguments& arguments, const projections::Chart& chart, engine::EventStore& store,
             events::Seq head) {
    // What the figures way reads whole at each query: the latest stored snapshots' sizes.
    std::map<std::string, std::string> found;
    const events::Seq at = ValueOrDie(
        engine::FindSnapshotsAt(store, {engine::kBalancesSnapshot, engine::kTrialBalanceSnapshot}, head, &found),
        "find snapshots");
    std::printf("  stored snapshots read by the figures way, latest (seq %llu):",
                static_cast<unsigned long long>(at));
    for (const auto& [name, bytes] : found) std::printf(" %s %zu bytes;", name.c_str(), bytes.size());
    std::printf("\n");
    struct Kind {
      const char* what;
      uint32_t mask;
      Way way;
      int queries;
    };
    const uint32_t figure_mask = engine::kBalancesProjection | engine::kLedgerProjection;
    const Kind kinds[] = {
        {"balances and trial balance (snapshots and figure movements)", figure_mask, Way::kFigures,
         arguments.queries},
        {"balances and trial balance (snapshots, ledger and the events folded)", figure_mask,
         Way::kFold, arguments.fold_queries},
        {"every projection (snapshots and the events folded)", engine::kAllProjections, Way::kFold,
         arguments.all_queries},
    };
    for (const Kind& kind : kinds) {
      if (kind.queries <= 0) continue;
      std::mt19937_64 random(arguments.seed);
      std::uniform_int_distribution<events::Seq> pick(1, head);
      std::vector<double> seconds;
      events::Seq tail_max = 0;
      int64_t figures = 0;
      for (int i = 0; i < kind.queries; ++i) {
        const events::Seq seq = pick(random);
        events::Seq snapshot_seq = 0;
        Stopwatch query;
        figures += AnswerAsOf(store, chart, kind.mask, kind.way, seq, 2025, &snapshot_seq);
        seconds.push_back(query.Seconds());
        tail_max = std::max(tail_max, seq - snapshot_seq);
      }
      const Percentiles times = Of(seconds);
      std::printf("  as-of %s, %d random seqs (seed %llu): p50 %.1f ms, p99 %.1f ms, max %.1f ms; "
                  "longest tail %llu events (checksum %lld)\n",
                  kind.what, kind.queries, static_cast<unsigned long long>(arguments.seed),
                  times.p50 * 1e3, times.p99 * 1e3, times.max * 1e3,
                  static_cast<unsigned long long>(tail_max), static_cast<long long>(figures));
    }
}

// The seconds `set` takes to fold the whole log of `store`, from event 1.
double FoldSeconds(engine::EventStore& store, engine::ProjectionSet& set) {
  Stopwatch fold;
  CheckOk(engine::ReplayLog(store, [&set](const events::StoredEvent& event) { set.Apply(event); }),
          "replay");
  return fold.Seconds();
}

void Run(const Arguments& arguments) {
  const projections::Chart chart =
      ValueOrDie(adapters::LoadChart(arguments.rules), "chart " + arguments.rules);
  engine::SystemClock clock;
  std::printf("asof_bench (%s build) on %s\nmachine: %s\nload average at start: %s\n",
              COOPLEDGER_BUILD_TYPE, arguments.data.c_str(), MachineDescription().c_str(),
              LoadAverage().c_str());

  events::Seq head = 0;
  if (arguments.queries_only) {
    std::unique_ptr<engine::EventStore> store = OpenStore(arguments.data, false, &clock);
    head = store->head().seq;
    Queries(arguments, chart, *store, head);
    return;
  }
  // The raw iterator, twice: the first run warms the page cache for everything after it.
  events::Seq raw_count = 0;
  RawScanSeconds(arguments.data, &raw_count);
  const double raw_seconds = RawScanSeconds(arguments.data, &raw_count);
  const double raw_rate = static_cast<double>(raw_count) / raw_seconds;
  std::printf("raw RocksDB iterator over events: %llu events in %.3f s, %.0f events/s\n",
              static_cast<unsigned long long>(raw_count), raw_seconds, raw_rate);

  {
    std::unique_ptr<engine::EventStore> store = OpenStore(arguments.data, true, nullptr);
    head = store->head().seq;
    // ReadLog alone: reading and decoding every event, folding nothing.
    Stopwatch read_only;
    events::Seq read = 0;
    CheckOk(engine::ReplayLog(*store, [&read](const events::StoredEvent&) { ++read; }), "read log");
    const double read_seconds = read_only.Seconds();
    std::printf("ReadLog (read and decode, no fold): %.3f s, %.0f events/s, %.3fx raw\n",
                read_seconds, static_cast<double>(read) / read_seconds,
                static_cast<double>(read) / read_seconds / raw_rate);
    {
      // Every projection from event 1, no snapshot written; freed before the folds below.
      engine::ProjectionSet set(engine::kAllProjections, chart, engine::FetcherOf(*store));
      const double fold_seconds = FoldSeconds(*store, set);
      std::printf("rebuild of every projection from event 1, in memory: %.3f s, %.0f events/s, %.3fx raw\n",
                  fold_seconds, static_cast<double>(head) / fold_seconds,
                  static_cast<double>(head) / fold_seconds / raw_rate);
      for (const std::string& name : set.Names()) {
        std::printf("  snapshot of %s at the head: %zu bytes\n", name.c_str(), set.SnapshotOf(name).size());
      }
    }
    // Each projection folded alone (its reads and decoding included), to show which bounds it.
    for (const auto& [mask, what] : {std::pair{engine::kWorkStateProjection, "work state"},
                                     std::pair{engine::kBalancesProjection, "member balances"},
                                     std::pair{engine::kPayrollProjection, "payroll state"},
                                     std::pair{engine::kLedgerProjection, "ledger and trial balances"}}) {
      engine::ProjectionSet alone(mask, chart, engine::FetcherOf(*store));
      const double alone_seconds = FoldSeconds(*store, alone);
      std::printf("  %s alone: %.3f s, %.3fx raw\n", what, alone_seconds,
                  static_cast<double>(head) / alone_seconds / raw_rate);
    }
  }

  for (const events::Seq every : arguments.every) {
    DeleteSnapshots(arguments.data);
    std::unique_ptr<engine::EventStore> store = OpenStore(arguments.data, false, &clock);
    Stopwatch rebuild;
    const engine::RebuildReport report =
        ValueOrDie(engine::RebuildSnapshots(*store, chart, every, nullptr), "rebuild");
    const double rebuild_seconds = rebuild.Seconds();
    std::printf("\nsnapshots every %llu events:\n  rebuild (every projection, %zu snapshot seqs, "
                "%.1f MB written; figure movements: %llu blocks, %.1f MB): %.3f s, %.0f events/s, "
                "%.3fx raw\n",
                static_cast<unsigned long long>(every), report.snapshots.size(),
                static_cast<double>(report.snapshot_bytes) / 1e6,
                static_cast<unsigned long long>(report.movement_blocks),
                static_cast<double>(report.movement_bytes) / 1e6, rebuild_seconds,
                static_cast<double>(head) / rebuild_seconds,
                static_cast<double>(head) / rebuild_seconds / raw_rate);

    Queries(arguments, chart, *store, head);
  }
  std::printf("load average at end: %s\n", LoadAverage().c_str());
}

}  // namespace
}  // namespace coopledger::bench

int main(int argc, char** argv) {
  coopledger::bench::Run(coopledger::bench::Parse(argc, argv));
  return 0;
}
