// http_bench: many concurrent HTTP clients record hours through `coopledger serve`, each waiting
// for its durable acknowledgement; prints the throughput and latency percentiles, then reads the
// log back and checks that every acknowledged command is in it exactly once, at the seq the
// server answered. Usage: http_bench --binary PATH [--connections N] [--seconds S]
// [--server-threads N]. Runs on a fresh demo store in /tmp, removed afterwards.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "events/date.h"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

std::string Capture(const std::string& command) {
  FILE* pipe = popen(command.c_str(), "r");
  std::string out;
  char buffer[65536];
  for (size_t n; pipe && (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  if (pipe) pclose(pipe);
  return out;
}

struct Member {
  std::string id;
  coopledger::Date first_day;
};

struct Ack {
  std::string command_id;
  uint64_t seq = 0;
};

struct ClientResult {
  std::vector<double> latencies_ms;
  std::vector<Ack> acks;
  int64_t refused = 0;
  std::string first_refusal;
};

// One kept-alive connection sending log-hours as fast as the acknowledgements come back.
void RunClient(int port, const std::string& token, const Member& member, int slot_base,
               int slot_stride, Clock::time_point until, int index, ClientResult& result) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<uint16_t>(port)));
  stream.socket().set_option(asio::ip::tcp::no_delay(true));
  beast::flat_buffer buffer;
  for (int j = 0; Clock::now() < until; ++j) {
    // Distinct one-minute slots per member: no two requests overlap.
    const int slot = slot_base + j * slot_stride;
    const coopledger::Date day = member.first_day.AddDays(slot / 1380);
    const json body = {{"member_id", member.id}, {"job_id", ""}, {"internal_task", "officeDuty"},
                       {"day", day.ToString()}, {"start_minute", 30 + slot % 1380}, {"minutes", 1}};
    const std::string command_id = "bench-" + std::to_string(index) + "-" + std::to_string(j);
    http::request<http::string_body> request(http::verb::post, "/api/commands/log-hours", 11);
    request.set(http::field::host, "127.0.0.1");
    request.set(http::field::authorization, "Bearer " + token);
    request.set(http::field::content_type, "application/json");
    request.set("Idempotency-Key", command_id);
    request.keep_alive(true);
    request.body() = body.dump();
    request.prepare_payload();
    const Clock::time_point start = Clock::now();
    http::write(stream, request);
    http::response<http::string_body> response;
    http::read(stream, buffer, response);
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
    if (response.result_int() != 200) {
      if (result.refused++ == 0) result.first_refusal = response.body();
      continue;
    }
    const json answer = json::parse(response.body());
    result.latencies_ms.push_back(ms);
    result.acks.push_back({command_id, answer["seqs"][0].get<uint64_t>()});
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string binary;
  int connections = 64;
  int seconds = 10;
  int server_threads = 16;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--binary") binary = argv[i + 1];
    else if (flag == "--connections") connections = std::atoi(argv[i + 1]);
    else if (flag == "--seconds") seconds = std::atoi(argv[i + 1]);
    else if (flag == "--server-threads") server_threads = std::atoi(argv[i + 1]);
  }
  if (binary.empty()) {
    std::cerr << "usage: http_bench --binary PATH [--connections N] [--seconds S] [--server-threads N]\n";
    return 2;
  }
  char pattern[] = "/tmp/http_bench-XXXXXX";
  const std::string dir = mkdtemp(pattern);
  const std::string data = dir + "/data";
  Capture(binary + " demo --data " + data + " >/dev/null");
  const std::string created = Capture(binary + " token create --role admin --data " + data);
  const std::string token = created.substr(created.find(' ') + 1, 64);

  // The adults (CESA, CAPE): no minors' limits; days from their contract's start.
  std::vector<Member> members;
  for (const std::string& line : [&] {
         std::vector<std::string> lines;
         std::stringstream in(Capture(binary + " log --data " + data));
         for (std::string l; std::getline(in, l);) lines.push_back(l);
         return lines;
       }()) {
    const json event = json::parse(line);
    if (event["type"] != "MemberJoined" || event["body"]["regime"] == "cjsYouth") continue;
    if (!event["body"]["contract_end"].is_null()) continue;
    members.push_back({event["body"]["member_id"], coopledger::Date::Parse(event["body"]["contract_start"].get<std::string>()).value()});
  }
  if (members.empty()) {
    std::cerr << "no adult member with an open-ended contract in the demo\n";
    return 1;
  }
  const uint64_t head_before = json::parse(Capture(binary + " stats --format json --data " + data))["head_seq"];

  const std::string out_path = dir + "/serve.out";
  const pid_t server = fork();
  if (server == 0) {
    if (freopen(out_path.c_str(), "w", stdout) == nullptr) _exit(127);
    if (freopen((dir + "/serve.err").c_str(), "w", stderr) == nullptr) _exit(127);
    const std::string threads = std::to_string(server_threads);
    execl(binary.c_str(), binary.c_str(), "serve", "--data", data.c_str(), "--port", "0",
          "--rate-limit", "0", "--threads", threads.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int port = 0;
  for (int i = 0; i < 500 && port == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::ifstream in(out_path);
    const std::string out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (const size_t at = out.find("127.0.0.1:"); at != std::string::npos) port = std::atoi(out.c_str() + at + 10);
  }
  if (port == 0) {
    std::cerr << "the server did not start\n";
    kill(server, SIGTERM);
    return 1;
  }

  std::vector<ClientResult> results(static_cast<size_t>(connections));
  std::vector<std::thread> clients;
  const Clock::time_point start = Clock::now();
  const Clock::time_point until = start + std::chrono::seconds(seconds);
  const int sharing = (connections + static_cast<int>(members.size()) - 1) / static_cast<int>(members.size());
  for (int i = 0; i < connections; ++i) {
    const Member& member = members[static_cast<size_t>(i) % members.size()];
    clients.emplace_back(RunClient, port, token, member, i / static_cast<int>(members.size()), sharing,
                         until, i, std::ref(results[static_cast<size_t>(i)]));
  }
  for (std::thread& client : clients) client.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  kill(server, SIGTERM);
  int status = 0;
  waitpid(server, &status, 0);

  std::vector<double> latencies;
  std::map<std::string, uint64_t> acked;
  int64_t refused = 0;
  std::string refusal;
  for (const ClientResult& result : results) {
    latencies.insert(latencies.end(), result.latencies_ms.begin(), result.latencies_ms.end());
    for (const Ack& ack : result.acks) acked[ack.command_id] = ack.seq;
    refused += result.refused;
    if (refusal.empty()) refusal = result.first_refusal;
  }
  std::sort(latencies.begin(), latencies.end());
  const auto percentile = [&latencies](double p) {
    return latencies.empty() ? 0.0 : latencies[std::min(latencies.size() - 1, static_cast<size_t>(p * static_cast<double>(latencies.size())))];
  };

  // Every acknowledged command exactly once in the log, at the seq it was answered with.
  std::map<std::string, std::vector<uint64_t>> logged;
  std::stringstream log(Capture(binary + " log --data " + data + " --from-seq " + std::to_string(head_before + 1)));
  for (std::string line; std::getline(log, line);) {
    const json event = json::parse(line);
    logged[event["command_id"].get<std::string>()].push_back(event["seq"].get<uint64_t>());
  }
  int64_t missing = 0, duplicated = 0, wrong_seq = 0;
  for (const auto& [command_id, seq] : acked) {
    auto found = logged.find(command_id);
    if (found == logged.end()) ++missing;
    else if (found->second.size() != 1) ++duplicated;
    else if (found->second[0] != seq) ++wrong_seq;
  }
  std::printf("http_bench: %d connections, %d s, server threads %d, %zu members\n", connections, seconds,
              server_threads, members.size());
  std::printf("acknowledged durable commands: %zu in %.2f s = %.0f/s; refused %lld\n", acked.size(), elapsed,
              static_cast<double>(acked.size()) / elapsed, static_cast<long long>(refused));
  std::printf("latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f\n", percentile(0.50), percentile(0.90),
              percentile(0.99), latencies.empty() ? 0.0 : latencies.back());
  std::printf("log check: %zu acknowledged, missing %lld, duplicated %lld, wrong seq %lld, unacknowledged in log %lld\n",
              acked.size(), static_cast<long long>(missing), static_cast<long long>(duplicated),
              static_cast<long long>(wrong_seq),
              static_cast<long long>(logged.size()) - static_cast<long long>(acked.size() - static_cast<size_t>(missing)));
  if (!refusal.empty()) std::printf("first refusal: %s\n", refusal.c_str());
  std::filesystem::remove_all(dir);
  return missing == 0 && duplicated == 0 && wrong_seq == 0 ? 0 : 1;
}
