// One writing process per store: an exclusive flock on DIR/WRITER, whose content names the
// holder so that the next process can say who is in the way.
#ifndef COOPLEDGER_ENGINE_WRITER_LOCK_H_
#define COOPLEDGER_ENGINE_WRITER_LOCK_H_

#include <memory>
#include <string>

#include "events/result.h"

namespace coopledger::engine {

class WriterLock {
 public:
  // Takes the lock of the store in `directory`, recording `holder` (e.g. "coopledger serve
  // --port 8080") with this process id. kStoreLocked, naming the current holder, if another
  // process has it. Released when the WriterLock is destroyed or the process dies.
  static Result<std::unique_ptr<WriterLock>> Acquire(const std::string& directory,
                                                     const std::string& holder);
  ~WriterLock();
  WriterLock(const WriterLock&) = delete;
  WriterLock& operator=(const WriterLock&) = delete;

 private:
  explicit WriterLock(int fd) : fd_(fd) {}
  int fd_;
};

// The holder recorded in DIR/WRITER if a process holds the lock now; empty otherwise.
std::string CurrentWriter(const std::string& directory);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_WRITER_LOCK_H_
