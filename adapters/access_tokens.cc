#include "adapters/access_tokens.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/random.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr size_t kIdBytes = 4;

std::string RoleName(events::ActorRole role) {
  return std::string(events::EnumNames<events::ActorRole>::kNames[static_cast<size_t>(role)]);
}

Result<std::string> RandomHex(size_t bytes) {
  std::string raw(bytes, '\0');
  if (getrandom(raw.data(), raw.size(), 0) != static_cast<ssize_t>(raw.size())) {
    return Error(ErrorCode::kStorageIo, std::string("getrandom: ") + std::strerror(errno));
  }
  return engine::ToHex(raw);
}

std::string Field(const std::string& value) { return value.empty() ? "-" : value; }
std::string Unfield(const std::string& value) { return value == "-" ? "" : value; }

std::string FormatLine(const AccessToken& token) {
  return token.id + "\t" + RoleName(token.role) + "\t" + Field(token.activity) + "\t" +
         Field(token.member) + "\t" + token.sha256_hex + "\t" +
         (token.revoked ? "revoked" : "active") + "\t" + token.created_at + "\n";
}

Result<AccessToken> ParseLine(const std::string& line, int number, const std::string& path) {
  std::vector<std::string> fields;
  std::stringstream in(line);
  for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
  const auto bad = [&](const std::string& why) {
    return Error(ErrorCode::kCorruption, path + ":" + std::to_string(number) + ": " + why);
  };
  if (fields.size() != 7) return bad("expected 7 tab-separated fields");
  AccessToken token;
  token.id = fields[0];
  const auto& names = events::EnumNames<events::ActorRole>::kNames;
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i] == fields[1]) token.role = static_cast<events::ActorRole>(i);
  }
  if (token.role == events::ActorRole::kUnset) return bad("unknown role " + fields[1]);
  token.activity = Unfield(fields[2]);
  token.member = Unfield(fields[3]);
  token.sha256_hex = fields[4];
  if (fields[5] != "active" && fields[5] != "revoked") return bad("status " + fields[5]);
  token.revoked = fields[5] == "revoked";
  token.created_at = fields[6];
  return token;
}

// Holds an exclusive flock of DIR/access-tokens.lock while the file is edited.
class EditLock {
 public:
  static Result<EditLock> Take(const std::string& data_dir) {
    const std::string path = AccessTokensPath(data_dir) + ".lock";
    const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX) != 0) {
      const int error = errno;
      if (fd >= 0) close(fd);
      return Error(ErrorCode::kStorageIo, "lock " + path + ": " + std::strerror(error));
    }
    return EditLock(fd);
  }
  EditLock(EditLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  EditLock& operator=(EditLock&&) = delete;
  ~EditLock() {
    if (fd_ >= 0) close(fd_);
  }

 private:
  explicit EditLock(int fd) : fd_(fd) {}
  int fd_;
};

// Writes every token to the file through a temporary file (mode 0600) renamed over it.
Status WriteAll(const std::string& path, const std::vector<AccessToken>& tokens) {
  std::string text;
  for (const AccessToken& token : tokens) text += FormatLine(token);
  const std::string temporary = path + ".partial";
  const int fd = open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Error(ErrorCode::kStorageIo, temporary + ": " + std::strerror(errno));
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       fsync(fd) == 0;
  close(fd);
  if (!written || rename(temporary.c_str(), path.c_str()) != 0) {
    unlink(temporary.c_str());
    return Error(ErrorCode::kStorageIo, path + ": cannot be written");
  }
  return OkStatus();
}

}  // namespace

std::string AccessTokensPath(const std::string& data_dir) { return data_dir + "/access-tokens"; }

Result<std::vector<AccessToken>> ReadAccessTokens(const std::string& path) {
  std::vector<AccessToken> tokens;
  std::ifstream in(path);
  if (!in) return tokens;
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty()) continue;
    COOPLEDGER_ASSIGN_OR_RETURN(AccessToken token, ParseLine(line, number, path));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

Status CheckTokenScope(const TokenRequest& request) {
  using events::ActorRole;
  const std::string role = RoleName(request.role);
  switch (request.role) {
    case ActorRole::kFacilitator:
    case ActorRole::kCommittee:
      if (request.activity.empty()) {
        return Error(ErrorCode::kInvalidArgument, "--scope: a " + role + " acts on one activity");
      }
      if (!request.member.empty()) {
        return Error(ErrorCode::kInvalidArgument, "--member: only for a member's token");
      }
      return OkStatus();
    case ActorRole::kMember:
      if (request.member.empty()) {
        return Error(ErrorCode::kInvalidArgument, "--member: a member's token names the member");
      }
      return OkStatus();
    case ActorRole::kAdmin:
    case ActorRole::kSupport:
    case ActorRole::kAccountant:
      if (!request.activity.empty() || !request.member.empty()) {
        return Error(ErrorCode::kInvalidArgument,
                     "--scope, --member: a " + role + " token covers every activity");
      }
      return OkStatus();
    default:
      return Error(ErrorCode::kInvalidArgument,
                   "--role: " + role +
                       " is not a token role (admin, support, facilitator, committee, "
                       "accountant, member)");
  }
}

Result<std::pair<AccessToken, std::string>> CreateAccessToken(const std::string& data_dir,
                                                              const TokenRequest& request,
                                                              Timestamp now) {
  COOPLEDGER_RETURN_IF_ERROR(CheckTokenScope(request));
  COOPLEDGER_ASSIGN_OR_RETURN(EditLock lock, EditLock::Take(data_dir));
  const std::string path = AccessTokensPath(data_dir);
  COOPLEDGER_ASSIGN_OR_RETURN(std::vector<AccessToken> tokens, ReadAccessTokens(path));
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string secret, RandomHex(kSecretBytes));
  COOPLEDGER_ASSIGN_OR_RETURN(const std::string id, RandomHex(kIdBytes));
  AccessToken token;
  token.id = "tok-" + id;
  token.role = request.role;
  token.activity = request.activity;
  token.member = request.member;
  token.sha256_hex = engine::ToHex(engine::Sha256(secret));
  token.created_at = now.ToString();
  tokens.push_back(token);
  COOPLEDGER_RETURN_IF_ERROR(WriteAll(path, tokens));
  return std::make_pair(std::move(token), secret);
}

Status RevokeAccessToken(const std::string& data_dir, const std::string& token_id) {
  COOPLEDGER_ASSIGN_OR_RETURN(EditLock lock, EditLock::Take(data_dir));
  const std::string path = AccessTokensPath(data_dir);
  COOPLEDGER_ASSIGN_OR_RETURN(std::vector<AccessToken> tokens, ReadAccessTokens(path));
  bool found = false;
  for (AccessToken& token : tokens) {
    if (token.id == token_id) {
      token.revoked = true;
      found = true;
    }
  }
  if (!found) return Error(ErrorCode::kNotFound, "TOKEN_ID: no token " + token_id + " in " + path);
  return WriteAll(path, tokens);
}

std::optional<AccessToken> TokenRegistry::Find(const std::string& secret) {
  const std::string hash = engine::ToHex(engine::Sha256(secret));
  std::lock_guard lock(mutex_);
  Refresh();
  auto found = by_hash_.find(hash);
  if (found == by_hash_.end() || found->second.revoked) return std::nullopt;
  return found->second;
}

void TokenRegistry::Refresh() {
  struct stat now {};
  if (stat(path_.c_str(), &now) != 0) {
    by_hash_.clear();
    loaded_ = false;
    return;
  }
  if (loaded_ && now.st_ino == seen_.st_ino && now.st_size == seen_.st_size &&
      now.st_mtim.tv_sec == seen_.st_mtim.tv_sec && now.st_mtim.tv_nsec == seen_.st_mtim.tv_nsec) {
    return;
  }
  Result<std::vector<AccessToken>> tokens = ReadAccessTokens(path_);
  // An unreadable file refuses every token rather than keep ones that may have been revoked.
  by_hash_.clear();
  if (tokens) {
    for (AccessToken& token : *tokens) by_hash_[token.sha256_hex] = std::move(token);
  }
  seen_ = now;
  loaded_ = true;
}

bool RateLimiter::Allow(const std::string& key) {
  if (rate_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard lock(mutex_);
  auto [bucket, added] = buckets_.try_emplace(key, Bucket{rate_, now});
  Bucket& b = bucket->second;
  const double elapsed = std::chrono::duration<double>(now - b.refilled).count();
  b.tokens = std::min(rate_, b.tokens + elapsed * rate_);
  b.refilled = now;
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

}  // namespace coopledger::adapters
