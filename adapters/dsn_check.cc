#include "adapters/dsn_check.h"

#include <algorithm>
#include <optional>

#include "events/date.h"

namespace coopledger::adapters {
namespace {

constexpr size_t kFindingsMax = 1'000;  // A broken file does not flood the terminal.
constexpr size_t kRubricLength = 14;    // "S21.G00.30.001".

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsRubric(const std::string& text) {
  static constexpr char kPattern[] = "S00.G00.00.000";
  if (text.size() != kRubricLength) return false;
  for (size_t i = 0; i < kRubricLength; ++i) {
    if (kPattern[i] == '0' ? !IsDigit(text[i]) : text[i] != kPattern[i]) return false;
  }
  return true;
}

std::string Block(const std::string& rubric) { return rubric.substr(0, 10); }

class Findings {
 public:
  explicit Findings(DsnReport& report) : report_(report) {}
  void Add(int64_t line, const std::string& rubric, std::string message) {
    if (report_.findings.size() < kFindingsMax) {
      report_.findings.push_back({line, rubric, std::move(message)});
    }
  }

 private:
  DsnReport& report_;
};

// A byte sequence a UTF-8 encoder writes for an accented letter; an ISO-8859-1 text has them only
// in unlikely pairs such as "Ã©".
bool HasUtf8Sequence(const std::string& value) {
  for (size_t i = 0; i + 1 < value.size(); ++i) {
    const auto lead = static_cast<unsigned char>(value[i]);
    const auto next = static_cast<unsigned char>(value[i + 1]);
    if (lead >= 0xC2 && lead <= 0xF4 && next >= 0x80 && next <= 0xBF) return true;
  }
  return false;
}

std::optional<std::string> ValueProblem(const DsnRubricRule& rule, const std::string& value) {
  if (value.empty()) return "empty value: leave the rubric out instead";
  if (static_cast<int64_t>(value.size()) > rule.length) {
    return "value '" + value + "' has " + std::to_string(value.size()) +
           " characters, the norm allows " + std::to_string(rule.length);
  }
  if (rule.type == 'N') {
    size_t i = value[0] == '-' ? 1 : 0;
    const size_t digits_start = i;
    while (i < value.size() && IsDigit(value[i])) ++i;
    bool valid = i > digits_start;
    if (valid && i < value.size()) {
      valid = value[i] == '.' && i + 1 < value.size();
      for (size_t j = i + 1; valid && j < value.size(); ++j) valid = IsDigit(value[j]);
    }
    if (!valid) return "value '" + value + "' is not a number (type N, '.' decimals)";
  } else if (rule.type == 'D') {
    bool valid = value.size() == 8 && std::all_of(value.begin(), value.end(), IsDigit);
    if (valid) {
      valid = Date::FromYmd(std::stoi(value.substr(4, 4)), std::stoi(value.substr(2, 2)),
                            std::stoi(value.substr(0, 2)))
                  .has_value();
    }
    if (!valid) return "value '" + value + "' is not a date DDMMYYYY (type D)";
  }
  if (!rule.options.empty() && rule.options.count(value) == 0) {
    return "value '" + value + "' is not a code of the norm's list for " + rule.name;
  }
  return std::nullopt;
}

struct OpenBlock {
  std::string block;
  std::string last_rubric;
  int32_t last_child_order = -1;
  std::string last_child;
  std::map<std::string, int32_t> child_counts;
};

void CheckStructure(const std::vector<DsnLine>& lines,
                    const std::map<std::string, DsnBlockRule>& structure, const DsnNorm& norm,
                    const std::string& nature, Findings& findings) {
  std::vector<OpenBlock> stack(1);  // The declaration's root, block "".
  for (const DsnLine& line : lines) {
    const std::string block = Block(line.rubric);
    auto rule = structure.find(block);
    if (rule == structure.end()) {
      if (norm.block_names.count(block) != 0) {
        findings.Add(line.number, line.rubric,
                     "block " + block + " is not part of a declaration of nature " + nature);
      }
      continue;  // An unknown block is already reported with its rubric.
    }
    OpenBlock& current = stack.back();
    if (current.block == block && line.rubric > current.last_rubric) {
      current.last_rubric = line.rubric;
      continue;
    }
    if (current.block == block && line.rubric == current.last_rubric) {
      findings.Add(line.number, line.rubric, "rubric repeated in the same block");
    }
    // A new occurrence of `block`: close blocks until its parent is the innermost open one.
    size_t depth = stack.size();
    while (depth > 1 && stack[depth - 1].block != rule->second.parent) --depth;
    if (stack[depth - 1].block != rule->second.parent) {
      findings.Add(line.number, line.rubric,
                   "block " + block + " is not inside its parent block " + rule->second.parent);
      depth = stack.size();  // Keep the context: report the rest against it.
    } else {
      stack.resize(depth);
      OpenBlock& parent = stack.back();
      if (rule->second.order < parent.last_child_order) {
        findings.Add(line.number, line.rubric,
                     "block " + block + " comes after block " + parent.last_child +
                         ": the norm puts it before");
      } else {
        parent.last_child_order = rule->second.order;
        parent.last_child = block;
      }
      const int32_t count = ++parent.child_counts[block];
      if (rule->second.occurrences_max >= 0 && count > rule->second.occurrences_max) {
        findings.Add(line.number, line.rubric,
                     "block " + block + " occurs " + std::to_string(count) +
                         " times, the norm allows " + std::to_string(rule->second.occurrences_max) +
                         (parent.block.empty() ? "" : " under " + parent.block));
      }
    }
    stack.push_back(OpenBlock{block, line.rubric, -1, "", {}});
  }
  for (const char* block : {"S10.G00.00", "S20.G00.05", "S90.G00.90"}) {
    if (stack.front().child_counts.count(block) == 0) {
      findings.Add(0, std::string(block) + ".001", "block " + std::string(block) + " is missing");
    }
  }
}

void CheckCounts(const std::vector<DsnLine>& lines, Findings& findings) {
  std::optional<size_t> first;
  std::optional<size_t> count_line;
  std::optional<size_t> declarations_line;
  int64_t declarations = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].rubric == "S10.G00.00.001" && !first) first = i;
    if (lines[i].rubric == "S20.G00.05.001") ++declarations;
    if (lines[i].rubric == "S90.G00.90.001") count_line = i;
    if (lines[i].rubric == "S90.G00.90.002") declarations_line = i;
  }
  if (!first || !count_line || !declarations_line) {
    findings.Add(0, "S90.G00.90.001", "the file needs S10.G00.00.001, S90.G00.90.001 and .002");
    return;
  }
  const int64_t expected = static_cast<int64_t>(*declarations_line - *first + 1);
  const DsnLine& count = lines[*count_line];
  if (count.value != std::to_string(expected)) {
    findings.Add(count.number, count.rubric,
                 "declares " + count.value + " rubrics, the envoi has " + std::to_string(expected) +
                     " from S10.G00.00.001 to S90.G00.90.002");
  }
  const DsnLine& total = lines[*declarations_line];
  if (total.value != std::to_string(declarations)) {
    findings.Add(
        total.number, total.rubric,
        "declares " + total.value + " declarations, the envoi has " + std::to_string(declarations));
  }
}

std::string CentsText(int64_t cents) {
  const int64_t magnitude = cents < 0 ? -cents : cents;
  std::string fraction = std::to_string(magnitude % 100);
  if (fraction.size() < 2) fraction.insert(0, "0");
  return (cents < 0 ? "-" : "") + std::to_string(magnitude / 100) + "." + fraction;
}

void CheckUrssafEquality(const std::vector<DsnLine>& lines, const DsnCtpTable& table,
                         DsnReport& report, Findings& findings) {
  const std::map<std::string, std::string> ctp_of_s81 = table.CtpByS81();
  std::map<std::string, int64_t> aggregated;
  std::map<std::string, int64_t> individual;
  std::map<std::string, int64_t> first_line;
  std::string ctp;  // Of the current S21.G00.23 block.
  std::string s81;  // Of the current S21.G00.81 block.
  for (const DsnLine& line : lines) {
    if (line.rubric == "S21.G00.23.001") {
      ctp = line.value;
      first_line.emplace(ctp, line.number);
      aggregated[ctp] += 0;
    } else if (line.rubric == "S21.G00.81.001") {
      s81 = line.value;
    } else if (line.rubric == "S21.G00.23.005" || line.rubric == "S21.G00.81.004") {
      const std::optional<int64_t> cents = ParseDsnAmount(line.value);
      if (!cents) {
        findings.Add(line.number, line.rubric,
                     "amount '" + line.value + "' has more than 2 decimals");
        continue;
      }
      if (line.rubric == "S21.G00.23.005") {
        const DsnCtpRule* rule = table.FindCtp(ctp);
        aggregated[ctp] += rule != nullptr && rule->deduction ? -*cents : *cents;
      } else if (auto found = ctp_of_s81.find(s81); found != ctp_of_s81.end()) {
        individual[found->second] += *cents;
        first_line.emplace(found->second, line.number);
      }
    }
  }
  for (const auto& [code, cents] : individual) aggregated[code] += 0;
  for (const auto& [code, cents] : aggregated) {
    const int64_t individual_cents = individual[code];
    if (cents != individual_cents) {
      findings.Add(first_line[code], "S21.G00.23.005",
                   "CTP " + code + ": block 23 declares " + CentsText(cents) +
                       ", the individual contributions (blocks 78/81) sum to " +
                       CentsText(individual_cents));
    }
  }
  report.urssaf_cents_by_ctp = aggregated;
}

}  // namespace

std::string FormatDsnFinding(const DsnFinding& finding) {
  return (finding.line > 0 ? std::to_string(finding.line) + ": " : std::string()) + finding.rubric +
         ": " + finding.message;
}

std::optional<int64_t> ParseDsnAmount(const std::string& value) {
  size_t i = !value.empty() && value[0] == '-' ? 1 : 0;
  const bool negative = i == 1;
  int64_t units = 0;
  const size_t start = i;
  for (; i < value.size() && IsDigit(value[i]); ++i) {
    if (i - start >= 15) return std::nullopt;
    units = units * 10 + (value[i] - '0');
  }
  if (i == start) return std::nullopt;
  int64_t cents = units * 100;
  if (i < value.size()) {
    if (value[i] != '.') return std::nullopt;
    const std::string decimals = value.substr(i + 1);
    if (decimals.empty() || decimals.size() > 2 ||
        !std::all_of(decimals.begin(), decimals.end(), IsDigit)) {
      return std::nullopt;
    }
    cents += std::stoi(decimals) * (decimals.size() == 1 ? 10 : 1);
  }
  return negative ? -cents : cents;
}

std::vector<DsnLine> ParseDsnLines(const std::string& bytes, DsnReport& report) {
  Findings findings(report);
  std::vector<DsnLine> lines;
  if (bytes.size() > kDsnBytesMax) {
    findings.Add(0, "file", "larger than " + std::to_string(kDsnBytesMax) + " bytes");
    return lines;
  }
  int64_t number = 0;
  size_t start = 0;
  while (start < bytes.size()) {
    size_t end = bytes.find('\n', start);
    if (end == std::string::npos) end = bytes.size();
    std::string text = bytes.substr(start, end - start);
    start = end + 1;
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const std::string rubric = text.substr(0, std::min(text.size(), kRubricLength));
    if (text.size() < kRubricLength + 3 || !IsRubric(rubric) || text[kRubricLength] != ',' ||
        text[kRubricLength + 1] != '\'' || text.back() != '\'') {
      findings.Add(number, IsRubric(rubric) ? rubric : "syntax",
                   "not a rubric line Sxx.Gxx.xx.xxx,'value'");
      continue;
    }
    DsnLine line{number, rubric, text.substr(kRubricLength + 2, text.size() - kRubricLength - 3)};
    if (std::any_of(line.value.begin(), line.value.end(), [](char c) {
          const auto byte = static_cast<unsigned char>(c);
          return byte < 0x20 || byte == 0x7F;
        })) {
      findings.Add(number, rubric, "control character in the value");
    } else if (HasUtf8Sequence(line.value)) {
      findings.Add(number, rubric, "the value is UTF-8; a DSN is written in ISO-8859-1");
    }
    lines.push_back(std::move(line));
  }
  report.lines = number;
  return lines;
}

DsnReport CheckDsn(const std::string& bytes, const std::map<std::string, DsnNorm>& norms,
                   const DsnCtpTable& ctp_table) {
  DsnReport report;
  std::vector<DsnLine> lines = ParseDsnLines(bytes, report);
  Findings findings(report);
  std::string previous;
  for (const DsnLine& line : lines) {
    if (line.rubric == "S10.G00.00.006" && report.version.empty()) report.version = line.value;
    if (line.rubric == "S20.G00.05.001" && report.nature.empty()) report.nature = line.value;
    // A new S21.G00.30 block: its first rubric follows another block's or a later rubric.
    if (Block(line.rubric) == "S21.G00.30" &&
        (Block(previous) != "S21.G00.30" || line.rubric <= previous)) {
      ++report.individuals;
    }
    previous = line.rubric;
  }
  auto norm = norms.find(report.version);
  if (norm == norms.end()) {
    std::string known;
    for (const auto& [version, unused] : norms) known += (known.empty() ? "" : ", ") + version;
    findings.Add(0, "S10.G00.00.006",
                 "norm version '" + report.version + "' is not known (known: " + known + ")");
  } else {
    for (const DsnLine& line : lines) {
      auto rule = norm->second.rubrics.find(line.rubric);
      if (rule == norm->second.rubrics.end()) {
        findings.Add(line.number, line.rubric, "no such rubric in norm " + report.version);
      } else if (std::optional<std::string> problem = ValueProblem(rule->second, line.value)) {
        findings.Add(line.number, line.rubric, *problem);
      }
    }
    auto structure = norm->second.structures.find(report.nature);
    if (structure == norm->second.structures.end()) {
      findings.Add(0, "S20.G00.05.001",
                   "nature '" + report.nature + "' is not a nature of norm " + report.version);
    } else {
      CheckStructure(lines, structure->second, norm->second, report.nature, findings);
    }
  }
  CheckCounts(lines, findings);
  // Only the monthly DSN declares the aggregated contributions; signals carry individuals only.
  if (report.nature == "01") CheckUrssafEquality(lines, ctp_table, report, findings);
  for (DsnFinding& finding : CheckDsnBodies(lines, report.nature)) {
    findings.Add(finding.line, finding.rubric, std::move(finding.message));
  }
  return report;
}

}  // namespace coopledger::adapters
