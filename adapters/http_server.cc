#include "adapters/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <atomic>
#include <optional>
#include <thread>

namespace coopledger::adapters {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr uint32_t kHeaderBytesMax = 16 * 1024;
constexpr std::chrono::seconds kWriteTimeout{30};
// How long a closing connection waits for the peer to stop sending.
constexpr std::chrono::seconds kLingerTimeout{2};

// What every connection shares with the server.
struct ServerCore {
  HttpServerOptions options;
  HttpHandler handler;
  std::shared_ptr<spdlog::logger> log;
  asio::io_context io{};
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> in_flight{0};  // Requests read and not yet answered.
};

HttpResponse ErrorResponse(int status, const std::string& code, const std::string& message) {
  // Written by hand: the server stays free of the JSON library.
  std::string escaped;
  for (char c : message) {
    if (c == '"' || c == '\\') escaped += '\\';
    if (static_cast<unsigned char>(c) < 0x20) continue;
    escaped += c;
  }
  return HttpResponse{status, "application/json",
                      "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + escaped + "\"}}",
                      {}};
}

// Splits the target into its decoded path and query.
Result<std::pair<std::string, std::map<std::string, std::string>>> SplitTarget(
    const std::string& target) {
  const size_t question = target.find('?');
  COOPLEDGER_ASSIGN_OR_RETURN(std::string path, PercentDecode(target.substr(0, question), false));
  std::map<std::string, std::string> query;
  if (question != std::string::npos) {
    const std::string text = target.substr(question + 1);
    for (size_t start = 0; start <= text.size();) {
      size_t end = text.find('&', start);
      if (end == std::string::npos) end = text.size();
      const std::string item = text.substr(start, end - start);
      if (!item.empty()) {
        const size_t equals = item.find('=');
        COOPLEDGER_ASSIGN_OR_RETURN(std::string key, PercentDecode(item.substr(0, equals), true));
        std::string value;
        if (equals != std::string::npos) {
          COOPLEDGER_ASSIGN_OR_RETURN(value, PercentDecode(item.substr(equals + 1), true));
        }
        query[std::move(key)] = std::move(value);
      }
      start = end + 1;
    }
  }
  return std::make_pair(std::move(path), std::move(query));
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerCore& core) : stream_(std::move(socket)), core_(core) {}

  void Start() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->Read(); });
  }

 private:
  void Read() {
    if (core_.stopping) return Close();
    parser_.emplace();
    parser_->body_limit(core_.options.body_bytes_max);
    parser_->header_limit(kHeaderBytesMax);
    stream_.expires_after(core_.options.read_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code error, size_t) {
                       self->OnRead(error);
                     });
  }

  void OnRead(beast::error_code error) {
    if (error == http::error::body_limit) {
      ++core_.in_flight;
      return Write(ErrorResponse(413, "body_too_large",
                                 "the body is larger than " +
                                     std::to_string(core_.options.body_bytes_max) + " bytes"),
                   /*keep_alive=*/false);
    }
    if (error) return Close();  // The peer left, a timeout, or bytes that are not HTTP.
    ++core_.in_flight;
    http::request<http::string_body> request = parser_->release();
    const bool keep_alive = request.keep_alive();
    Write(Handle(request), keep_alive);
  }

  HttpResponse Handle(const http::request<http::string_body>& request) {
    HttpRequest converted;
    converted.method = std::string(request.method_string());
    converted.target = std::string(request.target());
    Result<std::pair<std::string, std::map<std::string, std::string>>> split =
        SplitTarget(converted.target);
    if (!split) return ErrorResponse(400, "invalid_argument", split.error().message());
    converted.path = std::move(split->first);
    converted.query = std::move(split->second);
    converted.authorization = std::string(request[http::field::authorization]);
    converted.idempotency_key = std::string(request["Idempotency-Key"]);
    converted.body = request.body();
    beast::error_code ignored;
    const tcp::endpoint remote = stream_.socket().remote_endpoint(ignored);
    converted.remote = remote.address().to_string() + ":" + std::to_string(remote.port());
    try {
      return core_.handler(converted);
    } catch (const std::exception& e) {
      core_.log->error("{} {} failed: {}", converted.method, converted.target, e.what());
      return ErrorResponse(500, "internal", "the server failed; see its log");
    }
  }

  void Write(const HttpResponse& answer, bool keep_alive) {
    keep_alive = keep_alive && !core_.stopping;
    response_.emplace(static_cast<http::status>(answer.status), 11);
    response_->set(http::field::server, "coopledger");
    response_->set(http::field::content_type, answer.content_type);
    for (const auto& [name, value] : answer.headers) response_->set(name, value);
    response_->keep_alive(keep_alive);
    response_->body() = answer.body;
    response_->prepare_payload();
    stream_.expires_after(kWriteTimeout);
    http::async_write(stream_, *response_,
                      [self = shared_from_this(), keep_alive](beast::error_code error, size_t) {
                        --self->core_.in_flight;
                        if (error || !keep_alive) return self->Close();
                        self->Read();
                      });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    // Read and drop what the peer still sends (the rest of a refused body) until it closes, for a
    // while: closing with unread bytes would reset the connection, and the peer could lose the
    // answer (a 413) before reading it.
    stream_.expires_after(kLingerTimeout);
    Drain();
  }

  void Drain() {
    stream_.async_read_some(asio::buffer(drained_),
                            [self = shared_from_this()](beast::error_code error, size_t) {
                              if (!error) self->Drain();
                            });
  }

  beast::tcp_stream stream_;
  ServerCore& core_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  std::array<char, 16 << 10> drained_;
};

class BeastServer final : public HttpServer {
 public:
  BeastServer(const HttpServerOptions& options, HttpHandler handler,
              std::shared_ptr<spdlog::logger> log)
      : acceptor_(core_.io), signals_(core_.io, SIGINT, SIGTERM), drain_timer_(core_.io) {
    core_.options = options;
    core_.handler = std::move(handler);
    core_.log = std::move(log);
  }

  Status Listen() {
    beast::error_code error;
    const asio::ip::address address = asio::ip::make_address(core_.options.bind, error);
    if (error) {
      return Error(ErrorCode::kInvalidArgument,
                   "--bind: \"" + core_.options.bind + "\" is not an IP address");
    }
    const tcp::endpoint endpoint(address, core_.options.port);
    const std::string where = core_.options.bind + ":" + std::to_string(core_.options.port);
    if (acceptor_.open(endpoint.protocol(), error) ||
        acceptor_.set_option(asio::socket_base::reuse_address(true), error) ||
        acceptor_.bind(endpoint, error) ||
        acceptor_.listen(asio::socket_base::max_listen_connections, error)) {
      return Error(ErrorCode::kStorageIo, "listen on " + where + ": " + error.message());
    }
    port_ = acceptor_.local_endpoint().port();
    return OkStatus();
  }

  uint16_t port() const override { return port_; }

  void Run() override {
    signals_.async_wait([this](beast::error_code error, int signal) {
      if (error) return;
      core_.log->info("signal {}: finishing the requests in flight", signal);
      Shutdown();
    });
    Accept();
    std::vector<std::thread> pool;
    for (int32_t i = 1; i < core_.options.threads; ++i) {
      pool.emplace_back([this] { core_.io.run(); });
    }
    core_.io.run();
    for (std::thread& thread : pool) thread.join();
  }

  void Shutdown() override {
    asio::post(core_.io, [this] {
      if (core_.stopping.exchange(true)) return;
      beast::error_code ignored;
      acceptor_.close(ignored);
      signals_.cancel(ignored);
      deadline_ = std::chrono::steady_clock::now() + core_.options.shutdown_grace;
      Drain();
    });
  }

 private:
  void Accept() {
    acceptor_.async_accept(asio::make_strand(core_.io),
                           [this](beast::error_code error, tcp::socket socket) {
                             if (core_.stopping) return;
                             if (!error) {
                               beast::error_code ignored;
                               socket.set_option(tcp::no_delay(true), ignored);
                               std::make_shared<Session>(std::move(socket), core_)->Start();
                             }
                             Accept();
                           });
  }

  // Waits for the answers in flight, then stops the pool: idle connections are dropped.
  void Drain() {
    if (core_.in_flight == 0 || std::chrono::steady_clock::now() >= deadline_) {
      core_.io.stop();
      return;
    }
    drain_timer_.expires_after(std::chrono::milliseconds(10));
    drain_timer_.async_wait([this](beast::error_code) { Drain(); });
  }

  ServerCore core_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  asio::steady_timer drain_timer_;
  std::chrono::steady_clock::time_point deadline_;
  uint16_t port_ = 0;
};

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::string> PercentDecode(const std::string& text, bool plus_is_space) {
  std::string decoded;
  decoded.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+' && plus_is_space) {
      decoded += ' ';
    } else if (text[i] == '%') {
      const int high = i + 2 < text.size() ? HexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        return Error(ErrorCode::kInvalidArgument, "target: bad escape in \"" + text + "\"");
      }
      decoded += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      decoded += text[i];
    }
  }
  return decoded;
}

Result<std::unique_ptr<HttpServer>> HttpServer::Start(const HttpServerOptions& options,
                                                      HttpHandler handler,
                                                      std::shared_ptr<spdlog::logger> log) {
  try {
    auto server = std::make_unique<BeastServer>(options, std::move(handler), std::move(log));
    COOPLEDGER_RETURN_IF_ERROR(server->Listen());
    return std::unique_ptr<HttpServer>(std::move(server));
  } catch (const std::exception& e) {
    return Error(ErrorCode::kStorageIo, std::string("start the server: ") + e.what());
  }
}

}  // namespace coopledger::adapters
