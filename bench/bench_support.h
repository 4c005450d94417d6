// What every benchmark of store_bench needs: scratch directories, timing, fatal errors, the
// machine description and raw RocksDB opened on the store's column families.
#ifndef COOPLEDGER_BENCH_BENCH_SUPPORT_H_
#define COOPLEDGER_BENCH_BENCH_SUPPORT_H_

#include <rocksdb/db.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/clock.h"
#include "engine/event_store.h"
#include "events/result.h"

namespace coopledger::bench {

// Ours and raw run in this many alternating rounds, their times summed, so that drift in the
// machine hits both alike: on the VM this was written on, fdatasync latency moved between about
// 0.2 and 4 ms from one minute to the next, and other processes came and went.
inline constexpr int kAlternatingRounds = 4;

// Prints "store_bench: <what>: <message>" and exits: a benchmark that fails has nothing to report.
[[noreturn]] void Die(std::string_view what, std::string_view message);

template <typename T>
T ValueOrDie(Result<T> result, std::string_view what) {
  if (!result.has_value()) Die(what, result.error().ToString());
  return std::move(*result);
}
void CheckOk(const Status& status, std::string_view what);
void CheckOk(const rocksdb::Status& status, std::string_view what);

// A fresh directory under /tmp, removed with everything in it on destruction. A run that dies
// (Die exits without unwinding) leaves it behind, for inspection.
class TempDirectory {
 public:
  explicit TempDirectory(std::string_view purpose);
  ~TempDirectory();
  TempDirectory(const TempDirectory&) = delete;
  TempDirectory& operator=(const TempDirectory&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double Seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_;
};

// "nproc 2, CPU AMD EPYC, ..., /tmp on ext4 (...)": what a reader needs to compare two runs.
std::string MachineDescription();

// "0.52 0.31 0.20" from /proc/loadavg. Other processes change the results twice over: they take
// CPU from the encode and decode work, and on a VM they shorten fdatasync (see RESULTS.md).
std::string LoadAverage();

// Median seconds of fdatasync after a 4 KiB append to a file under /tmp, over `count` syncs:
// the latency that bounds one thread's durable appends.
double FdatasyncSeconds(int count);

// Opens a new writable store at `path`, fsyncing every append when `sync`.
// REQUIRES: `clock` outlives the store.
std::unique_ptr<engine::EventStore> CreateStore(const std::string& path, engine::Clock* clock,
                                                bool sync);

// A raw RocksDB handle and its column family handles, closed in the right order.
class RawDatabase {
 public:
  // Opens the database at `path` with only the default column family, creating it if missing.
  static std::unique_ptr<RawDatabase> OpenPlain(const std::string& path);
  // Opens a closed store's database read-only with every column family the store declares
  // (store_layout.h), as RocksDB requires; events() is the events family.
  static std::unique_ptr<RawDatabase> OpenStoreReadOnly(const std::string& path);
  ~RawDatabase();
  RawDatabase(const RawDatabase&) = delete;
  RawDatabase& operator=(const RawDatabase&) = delete;

  rocksdb::DB* db() { return db_.get(); }
  rocksdb::ColumnFamilyHandle* events() { return events_; }

 private:
  RawDatabase() = default;
  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  rocksdb::ColumnFamilyHandle* events_ = nullptr;
};

}  // namespace coopledger::bench

#endif  // COOPLEDGER_BENCH_BENCH_SUPPORT_H_
