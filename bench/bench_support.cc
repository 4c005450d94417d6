#include "bench/bench_support.h"

#include <fcntl.h>
#include <rocksdb/version.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/store_layout.h"

namespace coopledger::bench {

void Die(std::string_view what, std::string_view message) {
  std::fprintf(stderr, "store_bench: %.*s: %.*s\n", static_cast<int>(what.size()), what.data(),
               static_cast<int>(message.size()), message.data());
  std::exit(1);
}

void CheckOk(const Status& status, std::string_view what) {
  if (!status.has_value()) Die(what, status.error().ToString());
}

void CheckOk(const rocksdb::Status& status, std::string_view what) {
  if (!status.ok()) Die(what, status.ToString());
}

TempDirectory::TempDirectory(std::string_view purpose) {
  std::string pattern = "/tmp/store_bench-" + std::string(purpose) + "-XXXXXX";
  if (mkdtemp(pattern.data()) == nullptr) Die("mkdtemp", pattern);
  path_ = pattern;
}

TempDirectory::~TempDirectory() {
  std::error_code error;
  std::filesystem::remove_all(path_, error);
  if (error) std::fprintf(stderr, "store_bench: could not remove %s\n", path_.c_str());
}

namespace {

std::string CpuModel() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (line.rfind("model name", 0) == 0) {
      const size_t colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
    }
  }
  return "unknown CPU";
}

// The mount holding `path`: the longest mount point of /proc/mounts that prefixes it.
std::string FilesystemOf(const std::string& path) {
  std::error_code error;
  const std::string real = std::filesystem::canonical(path, error).string();
  std::ifstream mounts("/proc/mounts");
  std::string line;
  std::string best_point;
  std::string best = "unknown filesystem";
  while (std::getline(mounts, line)) {
    std::istringstream fields(line);
    std::string device, point, type;
    fields >> device >> point >> type;
    const bool contains = real == point || point == "/" || real.rfind(point + "/", 0) == 0;
    if (contains && point.size() >= best_point.size()) {
      best_point = point;
      best = type + " (" + device + " mounted on " + point + ")";
    }
  }
  return best;
}

}  // namespace

std::string MachineDescription() {
  const long cores = sysconf(_SC_NPROCESSORS_ONLN);
  utsname system{};
  uname(&system);
  std::ostringstream text;
  text << "nproc " << cores << ", CPU " << CpuModel() << ", Linux " << system.release
       << ", /tmp on " << FilesystemOf("/tmp") << ", RocksDB " << ROCKSDB_MAJOR << "."
       << ROCKSDB_MINOR << "." << ROCKSDB_PATCH;
  return text.str();
}

std::string LoadAverage() {
  std::ifstream file("/proc/loadavg");
  std::string one, five, fifteen;
  file >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double FdatasyncSeconds(int count) {
  const TempDirectory directory("fdatasync");
  const std::string path = directory.path() + "/probe";
  const int file = open(path.c_str(), O_CREAT | O_WRONLY | O_TRUNC, 0644);
  if (file < 0) Die("open", path);
  const std::string block(4096, 'x');
  std::vector<double> seconds;
  for (int i = 0; i < count; ++i) {
    const Stopwatch stopwatch;
    if (write(file, block.data(), block.size()) != static_cast<ssize_t>(block.size()) ||
        fdatasync(file) != 0) {
      Die("fdatasync probe", path);
    }
    seconds.push_back(stopwatch.Seconds());
  }
  close(file);
  std::nth_element(seconds.begin(), seconds.begin() + count / 2, seconds.end());
  return seconds[static_cast<size_t>(count / 2)];
}

std::unique_ptr<engine::EventStore> CreateStore(const std::string& path, engine::Clock* clock,
                                                bool sync) {
  engine::StoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  options.sync = sync;
  options.clock = clock;
  return ValueOrDie(engine::OpenEventStore(options), "create store " + path);
}

std::unique_ptr<RawDatabase> RawDatabase::OpenPlain(const std::string& path) {
  rocksdb::Options options;
  options.create_if_missing = true;
  rocksdb::DB* db = nullptr;
  CheckOk(rocksdb::DB::Open(options, path, &db), "open raw database " + path);
  std::unique_ptr<RawDatabase> raw(new RawDatabase());
  raw->db_.reset(db);
  raw->events_ = db->DefaultColumnFamily();
  return raw;
}

std::unique_ptr<RawDatabase> RawDatabase::OpenStoreReadOnly(const std::string& path) {
  namespace layout = engine::layout;
  const std::vector<std::string> names = {
      rocksdb::kDefaultColumnFamilyName, layout::kEvents, layout::kStreams, layout::kCommands,
      layout::kMeta,                     layout::kKeys,   layout::kSnapshots};
  std::vector<rocksdb::ColumnFamilyDescriptor> families;
  for (const std::string& name : names) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
  std::unique_ptr<RawDatabase> raw(new RawDatabase());
  rocksdb::DB* db = nullptr;
  CheckOk(rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), path, families, &raw->handles_, &db),
          "open store read-only " + path);
  raw->db_.reset(db);
  raw->events_ = raw->handles_[1];
  return raw;
}

RawDatabase::~RawDatabase() {
  for (rocksdb::ColumnFamilyHandle* handle : handles_) {
    db_->DestroyColumnFamilyHandle(handle).PermitUncheckedError();
  }
  db_->Close().PermitUncheckedError();
}

}  // namespace coopledger::bench
