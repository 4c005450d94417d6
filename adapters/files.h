// Files read and written by the verbs: bounded reads of input files, and replacement of an output
// file in one step so that a reader sees the old file or the whole new one.
#ifndef COOPLEDGER_ADAPTERS_FILES_H_
#define COOPLEDGER_ADAPTERS_FILES_H_

#include <cstddef>
#include <functional>
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

// The bytes `write` puts in a file, for libraries that write only to a path (libhpdf): a private
// temporary file named after `stem`, read back (at most 16 MiB) and removed. `write`'s error, or
// kStorageIo.
Result<std::string> BytesWrittenBy(const std::string& stem,
                                   const std::function<Status(const std::string& path)>& write);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_FILES_H_
