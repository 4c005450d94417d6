// Rendering of rows as an aligned text table or as RFC 4180 CSV.
#ifndef COOPLEDGER_ADAPTERS_TABLE_FORMAT_H_
#define COOPLEDGER_ADAPTERS_TABLE_FORMAT_H_

#include <string>
#include <vector>

namespace coopledger::adapters {

using Row = std::vector<std::string>;

// Columns padded to their widest cell; numbers (cells starting with a digit or '-') right-aligned.
std::string RenderTable(const Row& header, const std::vector<Row>& rows);
// RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a comma, a quote or a
// line break, quotes doubled.
std::string RenderCsv(const Row& header, const std::vector<Row>& rows);
// Minutes as decimal hours with two decimals: 90 -> "1.50".
std::string DecimalHours(int64_t minutes);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_TABLE_FORMAT_H_
