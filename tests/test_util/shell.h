// Runs Debian tools (poppler-utils, libxml2-utils) on files a test wrote, and reads files back.
#ifndef COOPLEDGER_TESTS_TEST_UTIL_SHELL_H_
#define COOPLEDGER_TESTS_TEST_UTIL_SHELL_H_

#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>

namespace coopledger::test {

// Runs `command` in a shell; returns its stdout and sets `exit_code`. Stderr is dropped: poppler
// warns about libhpdf's ToUnicode maps ("Invalid 'begincidrange'") on every page.
inline std::string Shell(const std::string& command, int* exit_code = nullptr) {
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  std::string out;
  if (pipe == nullptr) return out;
  char buffer[4096];
  for (size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) out.append(buffer, n);
  const int status = pclose(pipe);
  if (exit_code != nullptr) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

inline std::string ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// `text` with every run of spaces and line breaks as one space, so that a sentence wrapped on the
// page, or a table row laid out in columns, reads as one line.
inline std::string CollapseSpaces(const std::string& text) {
  std::string collapsed;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (space && (collapsed.empty() || collapsed.back() == ' ')) continue;
    collapsed += space ? ' ' : c;
  }
  return collapsed;
}

// The text of a PDF as `pdftotext -layout` lays it out, spaces collapsed.
inline std::string PdfText(const std::string& path) {
  return CollapseSpaces(Shell("pdftotext -layout '" + path + "' -"));
}

// The page count that pdfinfo reads, or -1.
inline int PdfPageCount(const std::string& path) {
  const std::string info = Shell("pdfinfo '" + path + "'");
  const size_t at = info.find("Pages:");
  return at == std::string::npos ? -1 : std::stoi(info.substr(at + 6));
}

// Width and height of a PNG, from its IHDR chunk (big-endian at bytes 16 and 20); 0 x 0 if the
// bytes are not a PNG.
struct PngSize {
  uint32_t width = 0;
  uint32_t height = 0;
};
inline PngSize ReadPngSize(const std::string& png) {
  if (png.size() < 24 || png.substr(1, 3) != "PNG") return {};
  const auto be32 = [&png](size_t at) {
    return (static_cast<uint32_t>(static_cast<uint8_t>(png[at])) << 24) |
           (static_cast<uint32_t>(static_cast<uint8_t>(png[at + 1])) << 16) |
           (static_cast<uint32_t>(static_cast<uint8_t>(png[at + 2])) << 8) |
           static_cast<uint32_t>(static_cast<uint8_t>(png[at + 3]));
  };
  return {be32(16), be32(20)};
}

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_TEST_UTIL_SHELL_H_
