// Files read and written by the verbs: bounded reads of input files, and replacement of an output
// file in one step so that a reader sees the old file or the whole new one.
#ifndef COOPLEDGER_ADAPTERS_FILES_H_
#define COOPLEDGER_ADAPTERS_FILES_H_

#include <cstddef>
#include <string>

#include "events/result.h"

namespace coopledger::adapters {

// At most `bytes_max` + 1 bytes of `path`, so that a parser sees an oversized file as such.
// `unreadable` (naming the path) when it cannot be opened or read: a verb decides whether a
// missing file is bad input or a failure.
Result<std::string> ReadFileUpTo(const std::string& path, size_t bytes_max, ErrorCode unreadable);

// Renames `temporary` over `path`; on failure removes `temporary`. kStorageIo naming `path`.
Status MoveIntoPlace(const std::string& temporary, const std::string& path);

// Writes `bytes` to `path` through a temporary file moved into place. kStorageIo naming the path.
Status WriteFileAtomically(const std::string& path, const std::string& bytes);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_FILES_H_
