#include "adapters/table_format.h"

#include <algorithm>
#include <cstdio>

namespace coopledger::adapters {
namespace {

bool LooksNumeric(const std::string& cell) {
  return !cell.empty() && (std::isdigit(static_cast<unsigned char>(cell[0])) ||
                           (cell[0] == '-' && cell.size() > 1));
}

// Display width: UTF-8 continuation bytes take no column.
size_t Width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

std::string CsvField(const std::string& field) {
  if (field.find_first_of(",\"\r\n") == std::string::npos) return field;
  std::string quoted = "\"";
  for (const char c : field) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string RenderTable(const Row& header, const std::vector<Row>& rows) {
  std::vector<size_t> widths(header.size(), 0);
  for (size_t i = 0; i < header.size(); ++i) widths[i] = Width(header[i]);
  for (const Row& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], Width(row[i]));
  }
  std::string text;
  auto line = [&](const Row& row, bool is_header) {
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string padding(widths[i] - Width(row[i]), ' ');
      const bool right = !is_header && LooksNumeric(row[i]);
      if (i > 0) text += "  ";
      text += right ? padding + row[i] : row[i] + (i + 1 < row.size() ? padding : "");
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    text += "\n";
  };
  line(header, true);
  for (const Row& row : rows) line(row, false);
  return text;
}

std::string RenderCsv(const Row& header, const std::vector<Row>& rows) {
  std::string text;
  auto line = [&text](const Row& row) {
    for (size_t i = 0; i < row.size(); ++i) text += (i ? "," : "") + CsvField(row[i]);
    text += "\r\n";
  };
  line(header);
  for (const Row& row : rows) line(row);
  return text;
}

std::string DecimalHours(int64_t minutes) {
  // Hundredths of an hour, half-up: 20 min -> 0.33, 50 min -> 0.83.
  const int64_t hundredths = (minutes * 100 + 30) / 60;
  char text[32];
  std::snprintf(text, sizeof text, "%s%lld.%02lld", hundredths < 0 ? "-" : "",
                static_cast<long long>(std::abs(hundredths) / 100),
                static_cast<long long>(std::abs(hundredths) % 100));
  return text;
}

}  // namespace coopledger::adapters
