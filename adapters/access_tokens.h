// Bearer tokens of the HTTP API (DESIGN section 9): each has a role and a scope. Only the SHA-256
// of a token is kept, in DIR/access-tokens beside the store (mode 0600), one token a line:
//
//   id TAB role TAB activity TAB member TAB sha256-hex TAB active|revoked TAB created-at
//
// (an empty scope is "-"). `coopledger token create|revoke` edits the file under an flock of
// DIR/access-tokens.lock, whether the server runs or not; the server rereads the file whenever it
// changed, so a revocation takes effect at the next request.
#ifndef COOPLEDGER_ADAPTERS_ACCESS_TOKENS_H_
#define COOPLEDGER_ADAPTERS_ACCESS_TOKENS_H_

#include <sys/stat.h>

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "events/date.h"
#include "events/values.h"

namespace coopledger::adapters {

struct AccessToken {
  std::string id;  // "tok-3f2a9c1b": named in logs and in `token revoke`.
  events::ActorRole role = events::ActorRole::kUnset;
  std::string activity;  // facilitator, committee: the one activity they act on.
  std::string member;    // member: whose hours and payslips.
  std::string sha256_hex;
  bool revoked = false;
  std::string created_at;
};

struct TokenRequest {
  events::ActorRole role = events::ActorRole::kUnset;
  std::string activity;
  std::string member;
};

// The file of the tokens of the store in `data_dir`.
std::string AccessTokensPath(const std::string& data_dir);

// Every token of the file; none when it does not exist. kCorruption naming the line otherwise.
Result<std::vector<AccessToken>> ReadAccessTokens(const std::string& path);

// Checks the role's scope: facilitator and committee need an activity, member a member id;
// admin, support and accountant take neither. kInvalidArgument naming the option otherwise.
Status CheckTokenScope(const TokenRequest& request);

// Creates a token and appends its hash to the file. Returns the token (id and hash) and the
// secret, which is never stored: the caller prints it once.
Result<std::pair<AccessToken, std::string>> CreateAccessToken(const std::string& data_dir,
                                                              const TokenRequest& request,
                                                              Timestamp now);

// Marks the token revoked. kNotFound naming it if the file has no such id.
Status RevokeAccessToken(const std::string& data_dir, const std::string& token_id);

// The tokens as the server sees them: the file reread when its inode, size or mtime changed.
// Thread-safe.
class TokenRegistry {
 public:
  explicit TokenRegistry(std::string path) : path_(std::move(path)) {}
  // The active token whose secret is `secret`; nullopt if unknown or revoked.
  std::optional<AccessToken> Find(const std::string& secret);

 private:
  void Refresh();

  std::string path_;
  std::mutex mutex_;
  struct stat seen_ {};
  bool loaded_ = false;
  std::map<std::string, AccessToken> by_hash_;
};

// At most `rate` requests per second per key, in bursts of up to `rate`. Thread-safe.
class RateLimiter {
 public:
  explicit RateLimiter(double rate) : rate_(rate) {}
  // True if the request may go on; false when the key spent its budget. rate <= 0: always true.
  bool Allow(const std::string& key);

 private:
  struct Bucket {
    double tokens = 0;
    std::chrono::steady_clock::time_point refilled;
  };
  double rate_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_ACCESS_TOKENS_H_
