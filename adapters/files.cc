#include "adapters/files.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace coopledger::adapters {

Result<std::string> ReadFileUpTo(const std::string& path, size_t bytes_max, ErrorCode unreadable) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error(unreadable, path + ": cannot be read");
  std::string bytes;
  char buffer[1 << 16];
  while (bytes.size() <= bytes_max && in.read(buffer, sizeof buffer).gcount() > 0) {
    bytes.append(buffer, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Error(unreadable, path + ": read failed");
  if (bytes.size() > bytes_max + 1) bytes.resize(bytes_max + 1);
  return bytes;
}

Status MoveIntoPlace(const std::string& temporary, const std::string& path) {
  std::error_code renamed;
  std::filesystem::rename(temporary, path, renamed);
  if (renamed) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    return Error(ErrorCode::kStorageIo, path + ": " + renamed.message());
  }
  return OkStatus();
}

Status WriteFileAtomically(const std::string& path, const std::string& bytes) {
  const std::string temporary = path + ".partial";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return Error(ErrorCode::kStorageIo, temporary + ": cannot be written");
  }
  return MoveIntoPlace(temporary, path);
}

Result<std::string> BytesWrittenBy(const std::string& stem,
                                   const std::function<Status(const std::string& path)>& write) {
  std::string path = (std::filesystem::temp_directory_path() / (stem + "-XXXXXX")).string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return Error(ErrorCode::kStorageIo, "cannot create a temporary file for " + stem);
  close(fd);
  const Status written = write(path);
  Result<std::string> bytes = written ? ReadFileUpTo(path, 16 << 20, ErrorCode::kStorageIo)
                                      : Result<std::string>(written.error());
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  return bytes;
}

}  // namespace coopledger::adapters
