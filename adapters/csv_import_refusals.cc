// RefusalsByLine (adapters/csv_import.h): ExecuteAll's refusals in the file's terms.
#include "adapters/csv_import.h"

#include <algorithm>
#include <charconv>

namespace coopledger::adapters {
namespace {

// A refusal may point at an earlier event as "(seq N)". Past the head, N is an event of this
// import that was never appended; each line gives exactly one event, so it is named by its line.
std::string NameTentativeSeq(std::string message, events::Seq head_seq,
                             const std::vector<int>& lines) {
  constexpr std::string_view kSeq = "(seq ";
  const size_t open = message.rfind(kSeq);
  if (open == std::string::npos || !message.ends_with(")")) return message;
  events::Seq seq = 0;
  const char* first = message.data() + open + kSeq.size();
  const char* last = message.data() + message.size() - 1;
  const auto [end, status] = std::from_chars(first, last, seq);
  if (status != std::errc() || end != last || seq <= head_seq || seq - head_seq > lines.size()) {
    return message;
  }
  message.replace(open, std::string::npos,
                  "(line " + std::to_string(lines[seq - head_seq - 1]) + " of this file)");
  return message;
}

// "commands[3]: minutes: must be positive" -> "line 5: duration: must be positive".
std::string RefusalByLine(CsvKind kind, std::string_view refusal, const std::vector<int>& lines,
                          events::Seq head_seq) {
  constexpr std::string_view kPrefix = "commands[";
  const size_t close = refusal.find("]: ");
  if (!refusal.starts_with(kPrefix) || close == std::string_view::npos) return std::string(refusal);
  size_t index = 0;
  const char* first = refusal.data() + kPrefix.size();
  const char* last = refusal.data() + close;
  const auto [end, status] = std::from_chars(first, last, index);
  if (status != std::errc() || end != last || index >= lines.size()) return std::string(refusal);
  std::string_view message = refusal.substr(close + 3);
  std::string field;
  if (const size_t colon = message.find(": ");
      colon != std::string_view::npos &&
      message.substr(0, colon).find(' ') == std::string_view::npos) {
    field = message.substr(0, colon);
    message.remove_prefix(colon);
    if (kind == CsvKind::kHours && field == "start_minute") field = "start";
    if (kind == CsvKind::kHours && field == "minutes") field = "duration";
    if (field.ends_with("_cents")) field.resize(field.size() - std::string_view("_cents").size());
  }
  return "line " + std::to_string(lines[index]) + ": " + field +
         NameTentativeSeq(std::string(message), head_seq, lines);
}

}  // namespace

std::string RefusalsByLine(CsvKind kind, std::string_view refusal, const std::vector<int>& lines,
                           events::Seq head_seq) {
  std::string out;
  for (size_t from = 0; from <= refusal.size();) {
    const size_t end = std::min(refusal.find('\n', from), refusal.size());
    out += (from == 0 ? "" : "\n") +
           RefusalByLine(kind, refusal.substr(from, end - from), lines, head_seq);
    from = end + 1;
  }
  return out;
}

bool LinesRefused(const Error& error) { return error.message().starts_with("commands["); }

Error ImportRefusal(CsvKind kind, const Error& error, const std::vector<int>& lines,
                    events::Seq head_seq) {
  if (!LinesRefused(error)) return error;
  return Error(error.code(),
               "nothing appended:\n" + RefusalsByLine(kind, error.message(), lines, head_seq));
}

}  // namespace coopledger::adapters
