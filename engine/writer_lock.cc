#include "engine/writer_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace coopledger::engine {
namespace {

std::string LockPath(const std::string& directory) { return directory + "/WRITER"; }

std::string ReadAll(int fd) {
  std::string content;
  char buffer[512];
  ssize_t n = 0;
  off_t offset = 0;
  while ((n = pread(fd, buffer, sizeof buffer, offset)) > 0) {
    content.append(buffer, static_cast<size_t>(n));
    offset += n;
  }
  while (!content.empty() && content.back() == '\n') content.pop_back();
  return content;
}

}  // namespace

Result<std::unique_ptr<WriterLock>> WriterLock::Acquire(const std::string& directory,
                                                        const std::string& holder) {
  const std::string path = LockPath(directory);
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return Error(ErrorCode::kStorageIo, "open " + path + ": " + std::strerror(errno));
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    const std::string current = ReadAll(fd);
    close(fd);
    if (error == EWOULDBLOCK) {
      return Error(ErrorCode::kStoreLocked,
                   "store " + directory + " is open for writing by " +
                       (current.empty() ? std::string("another process") : current));
    }
    return Error(ErrorCode::kStorageIo, "lock " + path + ": " + std::strerror(error));
  }
  const std::string content =
      "pid " + std::to_string(getpid()) + " (" + holder + ")\n";
  if (ftruncate(fd, 0) != 0 ||
      pwrite(fd, content.data(), content.size(), 0) != static_cast<ssize_t>(content.size())) {
    const int error = errno;
    close(fd);
    return Error(ErrorCode::kStorageIo, "write " + path + ": " + std::strerror(error));
  }
  return std::unique_ptr<WriterLock>(new WriterLock(fd));
}

WriterLock::~WriterLock() {
  // Leave the file: truncating it here would race with the next holder's write.
  flock(fd_, LOCK_UN);
  close(fd_);
}

std::string CurrentWriter(const std::string& directory) {
  const int fd = open(LockPath(directory).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return "";
  std::string holder;
  if (flock(fd, LOCK_SH | LOCK_NB) != 0 && errno == EWOULDBLOCK) holder = ReadAll(fd);
  else flock(fd, LOCK_UN);
  close(fd);
  return holder;
}

}  // namespace coopledger::engine
