// books_bench: the books of a large demo store against the tools accountants use, in one run.
//
//   1. trial balance by replay (`coopledger report trial-balance`) against Debian's ledger-cli
//      computing the balance of our ledger-format export of the same entries (`ledger bal`):
//      wall time and peak memory (ru_maxrss of each child process);
//   2. the FEC export (`coopledger export fec`) against writing the same bytes with a plain
//      buffered write loop; and, in this process, the export's own work (rendering the entries
//      already replayed, then writing) against the same loop.
//
// Usage: books_bench --binary PATH [--scale N] [--year YYYY] [--repeats N]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "adapters/books.h"
#include "adapters/fec_export.h"
#include "adapters/rules_loader.h"
#include "engine/command_service.h"
#include "projections/trial_balance.h"

namespace coopledger::bench {
namespace {

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "books_bench: %s\n", message.c_str());
  std::exit(1);
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

struct ChildRun {
  double seconds = 0;
  long peak_kib = 0;  // ru_maxrss.
};

// Runs `arguments` with stdout sent to `out_path`; dies unless it exits with 0.
ChildRun RunChild(const std::vector<std::string>& arguments, const std::string& out_path) {
  std::fflush(stdout);  // Else the child would print what this process has buffered.
  const double start = Now();
  const pid_t pid = fork();
  if (pid < 0) Die("fork failed");
  if (pid == 0) {
    if (std::freopen(out_path.c_str(), "w", stdout) == nullptr) _exit(127);
    std::vector<char*> argv;
    for (const std::string& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
    argv.push_back(nullptr);
    execvp(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) Die("wait4 failed");
  ChildRun run;
  run.seconds = Now() - start;
  run.peak_kib = usage.ru_maxrss;
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) Die("failed: " + arguments[0] + " " + arguments[1]);
  return run;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The baseline: the same bytes written line by line through stdio's buffer.
double PlainWrite(const std::string& bytes, const std::string& path) {
  const double start = Now();
  FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) Die("cannot write " + path);
  size_t from = 0;
  while (from < bytes.size()) {
    size_t end = bytes.find('\n', from);
    end = end == std::string::npos ? bytes.size() : end + 1;
    std::fwrite(bytes.data() + from, 1, end - from, file);
    from = end;
  }
  std::fclose(file);
  return Now() - start;
}

size_t CountLines(const std::string& bytes) {
  size_t lines = 0;
  for (char c : bytes) lines += c == '\n';
  return lines + (bytes.empty() || bytes.back() == '\n' ? 0 : 1);
}

template <typename T>
T Best(const std::vector<T>& runs, bool (*better)(const T&, const T&)) {
  T best = runs.front();
  for (const T& run : runs) {
    if (better(run, best)) best = run;
  }
  return best;
}

bool Faster(const ChildRun& a, const ChildRun& b) { return a.seconds < b.seconds; }

}  // namespace
}  // namespace coopledger::bench

int main(int argc, char** argv) {
  using namespace coopledger;
  using namespace coopledger::bench;
  std::string binary;
  int scale = 500;
  int year = 2025;
  int repeats = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--binary") binary = argv[i + 1];
    else if (flag == "--scale") scale = std::atoi(argv[i + 1]);
    else if (flag == "--year") year = std::atoi(argv[i + 1]);
    else if (flag == "--repeats") repeats = std::atoi(argv[i + 1]);
    else Die("unknown flag " + flag);
  }
  if (binary.empty()) Die("--binary PATH (the coopledger executable) is required");
  char pattern[] = "/tmp/books_bench-XXXXXX";
  if (mkdtemp(pattern) == nullptr) Die("mkdtemp failed");
  const std::string dir = pattern;
  const std::string data = dir + "/data";
  const std::string year_text = std::to_string(year);

  std::printf("books_bench: demo --scale %d, fiscal year %d, best of %d runs\n", scale, year, repeats);
  const ChildRun demo = RunChild({binary, "demo", "--data", data, "--scale", std::to_string(scale)},
                                 dir + "/demo.out");
  std::printf("demo store written in %.1f s\n", demo.seconds);

  // The ledger-format export that ledger-cli reads (not timed against anything).
  const ChildRun exported =
      RunChild({binary, "export", "ledger", "--year", year_text, "--data", data}, dir + "/year.ledger");
  const std::string journal = ReadFile(dir + "/year.ledger");
  size_t postings = 0;
  for (size_t at = journal.find(" EUR"); at != std::string::npos; at = journal.find(" EUR", at + 1)) {
    ++postings;
  }

  // 1. Trial balance: ours by replay against ledger-cli on the export, alternating.
  std::vector<ChildRun> ours_tb, ledger_tb;
  for (int round = 0; round < repeats; ++round) {
    ours_tb.push_back(RunChild({binary, "report", "trial-balance", "--year", year_text, "--format",
                                "csv", "--data", data},
                               dir + "/tb.csv"));
    ledger_tb.push_back(RunChild({"ledger", "-f", dir + "/year.ledger", "bal", "--depth", "1",
                                  "--no-total", "--empty"},
                                 dir + "/ledger-bal.txt"));
  }
  const ChildRun ours = Best(ours_tb, Faster);
  const ChildRun theirs = Best(ledger_tb, Faster);

  // 2. FEC export, end to end, against the plain loop writing the same bytes.
  std::vector<ChildRun> fec_runs;
  std::vector<double> plain_runs;
  std::string fec_path;
  for (int round = 0; round < repeats; ++round) {
    fec_runs.push_back(RunChild({binary, "export", "fec", "--year", year_text, "--out", dir + "/fec",
                                 "--data", data},
                                dir + "/fec.out"));
    fec_path = ReadFile(dir + "/fec.out");
    fec_path.erase(fec_path.find_last_not_of('\n') + 1);
    plain_runs.push_back(PlainWrite(ReadFile(fec_path), dir + "/plain.txt"));
  }
  const ChildRun fec = Best(fec_runs, Faster);
  double plain = plain_runs.front();
  for (double run : plain_runs) plain = std::min(plain, run);
  const std::string fec_bytes = ReadFile(fec_path);

  // 2b. The export's own work in this process: entries already replayed, render and write.
  engine::StoreOptions options;
  options.path = data;
  options.read_only = true;
  std::shared_ptr<engine::EventStore> store = engine::OpenEventStore(options).value();
  projections::YearEntries entries(year);
  projections::Ledger ledger(adapters::LoadChart(adapters::DefaultRulesDirectory()).value(), &entries,
                             adapters::StoreFetcher(store));
  const double replay_start = Now();
  if (!engine::ReplayLog(*store, [&ledger](const events::StoredEvent& event) { ledger.Apply(event); })) {
    Die("replay failed");
  }
  const double replay_seconds = Now() - replay_start;
  const auto lettering = ledger.Lettering();
  double render_best = 1e9;
  double render_plain_best = 1e9;
  for (int round = 0; round < repeats; ++round) {
    const double start = Now();
    const std::string rendered =
        adapters::RenderFec(entries.entries(), lettering, ledger.chart(), adapters::FecOptions{}).value();
    std::ofstream out(dir + "/rendered.txt", std::ios::binary);
    out.write(rendered.data(), static_cast<std::streamsize>(rendered.size()));
    out.close();
    render_best = std::min(render_best, Now() - start);
    render_plain_best = std::min(render_plain_best, PlainWrite(rendered, dir + "/plain2.txt"));
    if (rendered != fec_bytes) Die("the in-process FEC differs from the exported one");
  }

  std::printf("\nentries of %d: %zu postings in the ledger export (%.1f MB), FEC %zu lines (%.1f MB)\n",
              year, postings, static_cast<double>(journal.size()) / 1e6, CountLines(fec_bytes),
              static_cast<double>(fec_bytes.size()) / 1e6);
  std::printf("ledger export written in %.2f s\n\n", exported.seconds);
  std::printf("%-44s %10s %12s\n", "measure", "seconds", "peak MiB");
  std::printf("%-44s %10.2f %12.1f\n", "trial balance by replay (coopledger)", ours.seconds,
              static_cast<double>(ours.peak_kib) / 1024);
  std::printf("%-44s %10.2f %12.1f\n", "balance by ledger-cli (ledger bal)", theirs.seconds,
              static_cast<double>(theirs.peak_kib) / 1024);
  std::printf("%-44s %10.2fx %11.2fx\n", "ledger-cli / ours (target >= 20x, >= 10x)",
              theirs.seconds / ours.seconds,
              static_cast<double>(theirs.peak_kib) / static_cast<double>(ours.peak_kib));
  std::printf("%-44s %10.2f %12.1f\n", "FEC export, end to end (coopledger)", fec.seconds,
              static_cast<double>(fec.peak_kib) / 1024);
  std::printf("%-44s %10.3f\n", "plain buffered write of the same bytes", plain);
  std::printf("%-44s %10.1fx\n", "export / plain write (target <= 3x)", fec.seconds / plain);
  std::printf("%-44s %10.2f\n", "  of which replay of the log (in process)", replay_seconds);
  std::printf("%-44s %10.3f\n", "FEC render + write, entries in memory", render_best);
  std::printf("%-44s %10.3f\n", "plain buffered write of the same bytes", render_plain_best);
  std::printf("%-44s %10.1fx\n", "render + write / plain write", render_best / render_plain_best);

  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
  return 0;
}
