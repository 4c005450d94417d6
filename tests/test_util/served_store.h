// `coopledger serve --port 0` on a store, as a child process, and a small HTTP/1.1 client for it
// (Boost.Beast, one kept-alive connection per client).
#ifndef COOPLEDGER_TESTS_TEST_UTIL_SERVED_STORE_H_
#define COOPLEDGER_TESTS_TEST_UTIL_SERVED_STORE_H_

#include <sys/types.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/test_util/temp_dir.h"

namespace coopledger::test {

struct HttpAnswer {
  int status = 0;  // 0: no answer (connection failed).
  std::string content_type;
  std::string body;
};

class HttpClient {
 public:
  explicit HttpClient(int port);
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;
  // Sends one request on the kept-alive connection (reconnecting if the server closed it).
  HttpAnswer Send(const std::string& method, const std::string& target, const std::string& token,
                  const std::string& body = "",
                  const std::map<std::string, std::string>& headers = {});
  HttpAnswer Get(const std::string& target, const std::string& token) {
    return Send("GET", target, token);
  }

 private:
  struct Connection;
  int port_;
  std::unique_ptr<Connection> connection_;
};

// A running `coopledger serve` over `data_dir` on a free loopback port.
class ServedStore {
 public:
  // Starts the server with `extra` arguments and waits for its "serving" line. ok() is false if
  // it did not start (its stderr is in output()).
  ServedStore(const std::string& data_dir, const std::vector<std::string>& extra = {});
  // Stops it with SIGTERM if still running.
  ~ServedStore();
  bool ok() const { return port_ > 0; }
  int port() const { return port_; }
  // Sends SIGTERM and waits; returns the exit code (128 + signal if killed).
  int Stop();
  // What the server printed on stdout and stderr so far.
  std::string output() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  TempDir output_dir_;  // The server's stdout and stderr files, removed with it.
  std::string out_path_;
  std::string err_path_;
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_SERVED_STORE_H_
