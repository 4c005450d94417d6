#include "tests/test_util/served_store.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <thread>

namespace coopledger::test {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

struct HttpClient::Connection {
  asio::io_context io;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(int port) : port_(port), connection_(std::make_unique<Connection>()) {}
HttpClient::~HttpClient() = default;

HttpAnswer HttpClient::Send(const std::string& method, const std::string& target,
                            const std::string& token, const std::string& body,
                            const std::map<std::string, std::string>& headers) {
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, "127.0.0.1");
  if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
  for (const auto& [name, value] : headers) request.set(name, value);
  request.keep_alive(true);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code error;
    if (!connection_->stream) {
      connection_->stream.emplace(connection_->io);
      connection_->stream->connect(
          asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), static_cast<uint16_t>(port_)),
          error);
      if (error) {
        connection_->stream.reset();
        continue;
      }
    }
    http::write(*connection_->stream, request, error);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 << 20);
    if (!error) http::read(*connection_->stream, connection_->buffer, parser, error);
    if (error) {
      connection_->stream.reset();
      connection_->buffer.clear();
      continue;
    }
    http::response<http::string_body> response = parser.release();
    HttpAnswer answer{static_cast<int>(response.result_int()),
                      std::string(response[http::field::content_type]), response.body()};
    if (!response.keep_alive()) connection_->stream.reset();
    return answer;
  }
  return HttpAnswer{};
}

ServedStore::ServedStore(const std::string& data_dir, const std::vector<std::string>& extra) {
  const char* binary = std::getenv("COOPLEDGER_BINARY");
  if (binary == nullptr) return;
  out_path_ = output_dir_.Sub("out");
  err_path_ = output_dir_.Sub("err");
  std::vector<std::string> arguments = {binary, "serve", "--data", data_dir, "--port", "0"};
  arguments.insert(arguments.end(), extra.begin(), extra.end());
  pid_ = fork();
  if (pid_ == 0) {
    const int out_fd = open(out_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    const int err_fd = open(err_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(out_fd, STDOUT_FILENO);
    dup2(err_fd, STDERR_FILENO);
    std::vector<char*> argv;
    for (std::string& argument : arguments) argv.push_back(argument.data());
    argv.push_back(nullptr);
    execv(binary, argv.data());
    _exit(127);
  }
  // The first stdout line names the port: "... at http://127.0.0.1:PORT/ ...".
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    const std::string out = ReadFile(out_path_);
    const size_t at = out.find("127.0.0.1:");
    if (at != std::string::npos && out.find('/', at) != std::string::npos) {
      port_ = std::atoi(out.c_str() + at + 10);
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

ServedStore::~ServedStore() { Stop(); }

int ServedStore::Stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string ServedStore::output() const { return ReadFile(out_path_) + ReadFile(err_path_); }

}  // namespace coopledger::test
