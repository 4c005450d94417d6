// An HTTP/1.1 server on Boost.Beast and Asio: a pool of threads shares one io_context, each
// connection is kept alive between requests, bodies and idle times are bounded. The server knows
// nothing of coopledger: it hands every request to one handler (adapters/http_routes.h).
#ifndef COOPLEDGER_ADAPTERS_HTTP_SERVER_H_
#define COOPLEDGER_ADAPTERS_HTTP_SERVER_H_

#include <spdlog/logger.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "events/result.h"

namespace coopledger::adapters {

struct HttpRequest {
  std::string method;  // "GET", "POST"...
  std::string target;  // As sent: "/api/balances?known_at=42".
  std::string path;    // The target before '?', percent-decoded.
  std::map<std::string, std::string> query;  // Decoded; a repeated key keeps its last value.
  std::string authorization;                 // The Authorization header, if any.
  std::string idempotency_key;               // The Idempotency-Key header, if any.
  std::string body;
  std::string remote;  // "127.0.0.1:53412", for the logs.
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // Extra headers.
};

// Called on a pool thread for every request; may block (a durable append). Must not throw:
// the server answers 500 if it does.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port (tests); port() tells which.
  int32_t threads = 32;  // Requests block on fsync: more threads than cores (bench/RESULTS.md).
  uint64_t body_bytes_max = 1 << 20;                    // Larger bodies: 413.
  std::chrono::seconds read_timeout{30};                // A request must arrive whole within it.
  std::chrono::seconds shutdown_grace{10};              // In-flight requests may finish within it.
};

class HttpServer {
 public:
  // Binds and listens; kStorageIo naming the address if that fails (port taken...). `handler`
  // and `log` must outlive the server.
  static Result<std::unique_ptr<HttpServer>> Start(const HttpServerOptions& options,
                                                   HttpHandler handler,
                                                   std::shared_ptr<spdlog::logger> log);
  virtual ~HttpServer() = default;

  // The port listened on.
  virtual uint16_t port() const = 0;
  // Serves on the pool until Shutdown() or SIGINT/SIGTERM, then returns once every request already
  // received has been answered (or shutdown_grace passed). Call once.
  virtual void Run() = 0;
  // Stops accepting; Run() returns when in-flight requests are answered. Thread-safe.
  virtual void Shutdown() = 0;
};

// Decodes %XX and '+' (in queries) of `text`; kInvalidArgument on a malformed escape.
Result<std::string> PercentDecode(const std::string& text, bool plus_is_space);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_HTTP_SERVER_H_
