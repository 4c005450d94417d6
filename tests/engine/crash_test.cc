// Kills a writing process with SIGKILL at random moments and checks what survives.
//
// A writer child appends single-event and small multi-event commands to a synced store and
// reports each acknowledged command on a pipe once Append has returned. The parent kills it at a
// random moment (after a random number of acks, or after a random delay), then a checker child
// reopens the store and renders what it finds as text: every acknowledged event is there, the
// head is the last event, every command is whole or absent, the chain verifies, and the next
// append gets head + 1.
//
// The parent never opens a store itself, so every child is forked from a process without RocksDB
// threads. RocksDB's background thread pools are process-wide: a child forked after the parent
// had opened a store would inherit pools whose threads do not exist there, and flushes or
// compactions queued to them would never run.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "engine/clock.h"
#include "engine/event_store.h"
#include "tests/test_util/random_events.h"
#include "tests/test_util/temp_dir.h"

namespace coopledger::test {
namespace {

using events::Seq;
using SteadyClock = std::chrono::steady_clock;

constexpr int kKills = 60;
constexpr size_t kCommandEventsMax = 3;
constexpr size_t kKillAfterAcksMax = 40;
constexpr int64_t kKillAfterMicrosMax = 150'000;
// A writer that cannot reach its ack count in this time is stuck.
constexpr auto kProgressDeadline = std::chrono::seconds(20);
// 2025-07-01T08:00:00Z.
constexpr int64_t kStartMicros = 1'751'356'800'000'000;

// What a writer child sends after each acknowledged command. 24 bytes: one atomic pipe write.
struct AckRecord {
  uint64_t command_index;
  Seq first;
  Seq last;
};

struct AckedCommand {
  std::string command_id;
  Seq first;
  Seq last;
};

// "w12-7-n3": command 7 of writer round 12, with 3 events. The checker reads the event count
// back from the id, so a command cut short by a crash cannot pass for a smaller one.
std::string CommandId(const std::string& prefix, uint64_t index, size_t count) {
  return prefix + "-" + std::to_string(index) + "-n" + std::to_string(count);
}

std::string WriterPrefix(int round) { return "w" + std::to_string(round); }

size_t EventCountOf(const std::string& command_id) {
  const size_t at = command_id.rfind("-n");
  return at == std::string::npos ? 0 : std::stoul(command_id.substr(at + 2));
}

engine::StoreOptions Options(const std::string& path, engine::Clock* clock) {
  engine::StoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  options.sync = true;
  options.clock = clock;
  options.holder = "crash test";
  return options;
}

bool WriteAll(int fd, const void* data, size_t size) {
  const char* bytes = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = write(fd, bytes, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Child: appends commands of 1 to kCommandEventsMax events until killed. Exits (status 3) only if
// the store cannot be opened or an append fails, which the parent reports.
[[noreturn]] void RunWriter(const std::string& path, int round, uint64_t seed, int ack_fd) {
  std::mt19937_64 rng(seed);
  engine::ManualClock clock(Timestamp::FromMicros(kStartMicros + int64_t{round} * 1'000'000'000));
  Result<std::unique_ptr<engine::EventStore>> store = engine::OpenEventStore(Options(path, &clock));
  if (!store) {
    std::fprintf(stderr, "writer: open: %s\n", store.error().ToString().c_str());
    _exit(3);
  }
  for (uint64_t index = 0;; ++index) {
    const size_t count = 1 + rng() % kCommandEventsMax;
    std::vector<events::Event> batch;
    for (size_t i = 0; i < count; ++i) {
      batch.push_back(RandomEvent(rng, "member/M-" + std::to_string(rng() % 20)));
    }
    const events::CommandId command_id{CommandId(WriterPrefix(round), index, count)};
    Result<engine::AppendResult> appended = (*store)->Append(command_id, Batch(std::move(batch)));
    if (!appended || appended->seqs.size() != count) {
      std::fprintf(stderr, "writer: append %s: %s\n", command_id.value.c_str(),
                   appended ? "wrong seq count" : appended.error().ToString().c_str());
      _exit(3);
    }
    const AckRecord ack{index, appended->seqs.front(), appended->seqs.back()};
    if (!WriteAll(ack_fd, &ack, sizeof ack)) _exit(4);
    clock.AdvanceMicros(1'000);
  }
}

// Reads the whole log, checking that seqs run from 1 without gap. Appends problems to `report`.
std::vector<events::StoredEvent> ReadWholeLog(engine::EventStore& store, std::string& report) {
  std::vector<events::StoredEvent> log;
  for (;;) {
    Result<std::vector<events::StoredEvent>> chunk =
        store.ReadLog(log.size() + 1, engine::kReadCountMax);
    if (!chunk) {
      report += "read log: " + chunk.error().ToString() + "\n";
      return log;
    }
    if (chunk->empty()) return log;
    for (events::StoredEvent& event : *chunk) {
      if (event.seq != log.size() + 1) {
        report += "log has seq " + std::to_string(event.seq) + " at position " +
                  std::to_string(log.size() + 1) + "\n";
        return log;
      }
      log.push_back(std::move(event));
    }
  }
}

// Every command of the log is whole: its events are consecutive and as many as its id says.
void CheckCommandsWhole(const std::vector<events::StoredEvent>& log, std::string& report) {
  for (size_t i = 0; i < log.size();) {
    const std::string& command_id = log[i].command_id.value;
    size_t end = i;
    while (end < log.size() && log[end].command_id.value == command_id) ++end;
    if (end - i != EventCountOf(command_id)) {
      report += "command " + command_id + " has " + std::to_string(end - i) + " events from seq " +
                std::to_string(log[i].seq) + "\n";
    }
    i = end;
  }
}

void CheckAcked(const std::vector<events::StoredEvent>& log, const std::vector<AckedCommand>& acked,
                std::string& report) {
  for (const AckedCommand& command : acked) {
    for (Seq seq = command.first; seq <= command.last; ++seq) {
      if (seq > log.size() || log[seq - 1].command_id.value != command.command_id) {
        report += "acknowledged seq " + std::to_string(seq) + " of " + command.command_id +
                  " is missing\n";
        break;
      }
    }
  }
}

// Child: reopens the store and renders every broken property as one line; "" when all hold. The
// first line is always "head N" (after the checker's own append).
std::string CheckStore(const std::string& path, int round, const std::vector<AckedCommand>& acked) {
  engine::ManualClock clock(Timestamp::FromMicros(kStartMicros));
  Result<std::unique_ptr<engine::EventStore>> opened =
      engine::OpenEventStore(Options(path, &clock));
  if (!opened) return "head 0\nopen: " + opened.error().ToString() + "\n";
  engine::EventStore& store = **opened;
  std::string report;
  const Seq head = store.head().seq;
  const std::vector<events::StoredEvent> log = ReadWholeLog(store, report);
  if (log.size() != head) {
    report += "head is seq " + std::to_string(head) + ", last event seq " +
              std::to_string(log.size()) + "\n";
  }
  CheckCommandsWhole(log, report);
  CheckAcked(log, acked, report);
  Result<engine::VerifyReport> verified = store.Verify(nullptr);
  if (!verified) {
    report += "verify: " + verified.error().ToString() + "\n";
  } else if (!verified->ok()) {
    report +=
        "verify: seq " + std::to_string(*verified->first_bad_seq) + ": " + verified->reason + "\n";
  }
  const events::CommandId command_id{CommandId("check" + std::to_string(round), 0, 1)};
  Result<engine::AppendResult> appended =
      store.Append(command_id, Batch({HoursEvent(round, round, 60)}));
  if (!appended) {
    report += "append after reopen: " + appended.error().ToString() + "\n";
  } else if (appended->seqs != std::vector<Seq>{head + 1}) {
    report += "append after reopen got seq " + std::to_string(appended->seqs.front()) +
              ", head was " + std::to_string(head) + "\n";
  }
  return "head " + std::to_string(store.head().seq) + "\n" + report;
}

struct Child {
  pid_t pid = -1;
  int read_fd = -1;
};

// Forks a child that runs `body(write_fd)`, then _exits: the parent's atexit handlers and
// GoogleTest's state must not run twice.
template <typename Body>
Child ForkWithPipe(Body body) {
  int fds[2];
  if (pipe(fds) != 0) return Child{};
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    body(fds[1]);
    _exit(0);
  }
  close(fds[1]);
  if (pid < 0) {
    close(fds[0]);
    return Child{};
  }
  return Child{pid, fds[0]};
}

// Appends whatever `fd` has to `buffer`, waiting at most `timeout` (forever if null). False at end
// of file.
bool ReadSome(int fd, const timespec* timeout, std::string& buffer) {
  pollfd poll_fd{fd, POLLIN, 0};
  const int ready = ppoll(&poll_fd, 1, timeout, nullptr);
  if (ready < 0 && errno != EINTR) return false;
  if (ready <= 0) return true;  // Timeout or EINTR: the caller looks at its clock again.
  char chunk[4096];
  const ssize_t n = read(fd, chunk, sizeof chunk);
  if (n < 0 && errno == EINTR) return true;
  if (n <= 0) return false;
  buffer.append(chunk, static_cast<size_t>(n));
  return true;
}

void ReadToEnd(int fd, std::string& buffer) {
  while (ReadSome(fd, nullptr, buffer)) {
  }
}

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

struct KillPlan {
  size_t after_acks;            // Kill once this many acks arrived...
  SteadyClock::duration after;  // ...or once this much time passed since the fork.
  bool time_is_deadline;        // The time bound is a failure (no progress), not the plan.
};

struct WriterRun {
  std::vector<AckRecord> acks;
  int status = 0;
  bool missed_deadline = false;
};

WriterRun RunAndKillWriter(const std::string& path, int round, uint64_t seed, KillPlan plan) {
  const SteadyClock::time_point start = SteadyClock::now();
  const Child child = ForkWithPipe([&](int write_fd) { RunWriter(path, round, seed, write_fd); });
  WriterRun run;
  if (child.pid < 0) return run;
  std::string buffer;
  bool open = true;
  while (open && buffer.size() / sizeof(AckRecord) < plan.after_acks) {
    const auto left = plan.after - (SteadyClock::now() - start);
    if (left <= SteadyClock::duration::zero()) {
      run.missed_deadline = plan.time_is_deadline;
      break;
    }
    const auto left_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    const timespec timeout{left_ns / 1'000'000'000, left_ns % 1'000'000'000};
    open = ReadSome(child.read_fd, &timeout, buffer);
  }
  kill(child.pid, SIGKILL);
  run.status = WaitFor(child.pid);
  // Acks written before the kill landed are acknowledged too: read to the end.
  ReadToEnd(child.read_fd, buffer);
  close(child.read_fd);
  for (size_t at = 0; at + sizeof(AckRecord) <= buffer.size(); at += sizeof(AckRecord)) {
    AckRecord ack;
    std::memcpy(&ack, buffer.data() + at, sizeof ack);
    run.acks.push_back(ack);
  }
  return run;
}

struct CheckRun {
  std::string report;  // CheckStore's text, "head N\n" first.
  int status = 0;
};

CheckRun RunChecker(const std::string& path, int round, const std::vector<AckedCommand>& acked) {
  const Child child = ForkWithPipe([&](int write_fd) {
    const std::string report = CheckStore(path, round, acked);
    if (!WriteAll(write_fd, report.data(), report.size())) _exit(4);
  });
  CheckRun run;
  if (child.pid < 0) return run;
  ReadToEnd(child.read_fd, run.report);
  close(child.read_fd);
  run.status = WaitFor(child.pid);
  return run;
}

KillPlan RandomKillPlan(std::mt19937_64& rng) {
  if (rng() % 2 == 0) {
    return KillPlan{rng() % (kKillAfterAcksMax + 1), kProgressDeadline, true};
  }
  const auto delay = static_cast<int64_t>(rng() % (kKillAfterMicrosMax + 1));
  return KillPlan{SIZE_MAX, std::chrono::microseconds(delay), false};
}

std::string Describe(const KillPlan& plan) {
  if (plan.time_is_deadline) return "kill after " + std::to_string(plan.after_acks) + " acks";
  return "kill after " +
         std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(plan.after).count()) +
         " us";
}

TEST(CrashTest, AcknowledgedCommandsSurviveSigkillWholeAndTheLogResumes) {
  const uint64_t seed = SeedFromEnvironmentOr(20250701);
  SCOPED_TRACE("seed=" + std::to_string(seed));
  std::mt19937_64 rng(seed);
  TempDir dir;
  const std::string path = dir.Sub("store");
  std::vector<AckedCommand> acked;
  Seq head = 0;
  size_t killed_mid_open = 0;
  for (int round = 0; round < kKills; ++round) {
    const KillPlan plan = RandomKillPlan(rng);
    SCOPED_TRACE("round " + std::to_string(round) + ": " + Describe(plan));
    const WriterRun writer = RunAndKillWriter(path, round, rng(), plan);
    ASSERT_FALSE(writer.missed_deadline) << "the writer stopped making progress";
    ASSERT_TRUE(WIFSIGNALED(writer.status) && WTERMSIG(writer.status) == SIGKILL)
        << "the writer ended on its own, status " << writer.status;
    if (writer.acks.empty()) ++killed_mid_open;
    for (const AckRecord& ack : writer.acks) {
      ASSERT_GT(ack.first, head) << "an acknowledged seq was handed out twice";
      ASSERT_LE(ack.first, ack.last);
      ASSERT_LE(ack.last - ack.first + 1, kCommandEventsMax);
      acked.push_back(
          AckedCommand{CommandId(WriterPrefix(round), ack.command_index, ack.last - ack.first + 1),
                       ack.first, ack.last});
      head = ack.last;
    }
    const CheckRun check = RunChecker(path, round, acked);
    ASSERT_TRUE(WIFEXITED(check.status) && WEXITSTATUS(check.status) == 0)
        << "checker status " << check.status << "\n"
        << check.report;
    const size_t line_end = check.report.find('\n');
    ASSERT_NE(line_end, std::string::npos) << check.report;
    ASSERT_EQ(check.report.substr(line_end + 1), "");
    const Seq new_head = std::stoull(check.report.substr(5, line_end - 5));
    ASSERT_GT(new_head, head);
    head = new_head;
  }
  std::printf("%d kills, %zu acknowledged commands, %zu kills before the first ack, head %llu\n",
              kKills, acked.size(), killed_mid_open, static_cast<unsigned long long>(head));
}

}  // namespace
}  // namespace coopledger::test
