// The checks of `coopledger check-dsn` on a DSN file (DOMAIN section 4), each finding naming the
// line and the rubric:
//  - syntax: one rubric a line, `Sxx.Gxx.xx.xxx,'value'`, ISO-8859-1 (UTF-8 sequences and control
//    characters are refused);
//  - every rubric exists in the norm of the declared version (S10.G00.00.006); its value has the
//    norm's type (X text, N number with '.' decimals, D date DDMMYYYY), at most the norm's length,
//    and is one of the norm's codes when the norm lists them;
//  - blocks: each belongs to the declared nature (S20.G00.05.001), stands under its parent block,
//    comes in the norm's order among its siblings, at most as often as the norm allows; rubrics
//    of one block in increasing order;
//  - S90.G00.90.001 is the number of lines from S10.G00.00.001 to S90.G00.90.002, and
//    S90.G00.90.002 the number of declarations;
//  - URSSAF equality (monthly DSN, nature 01): for every CTP, the amounts of the aggregated block
//    S21.G00.23 equal the sum of the individual contributions S21.G00.81 aggregated into it
//    (rules/dsn/ctp.json);
//  - the bodies (events/social_body_ids.h): the URSSAF of a bordereau (S21.G00.22.001) is named
//    by a valid SIRET and is paid in an S21.G00.20 of the declaration; a body paid
//    (S21.G00.20.001) by a SIRET or a code of capital letters and digits; a prevoyance organism
//    (S21.G00.15.002) by its code; an affiliation (S21.G00.70.013) points at an adhesion
//    S21.G00.15.005 of the declaration, a base (S21.G00.78.005) at an affiliation S21.G00.70.012
//    of its individual;
//  - monthly DSN: every contract (S21.G00.40) has its complementary pension block S21.G00.71.
#ifndef COOPLEDGER_ADAPTERS_DSN_CHECK_H_
#define COOPLEDGER_ADAPTERS_DSN_CHECK_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "adapters/dsn_ctp.h"
#include "adapters/dsn_norm.h"

namespace coopledger::adapters {

inline constexpr size_t kDsnBytesMax = 256 * 1024 * 1024;

struct DsnLine {
  int64_t number = 0;  // From 1.
  std::string rubric;  // "S21.G00.30.001".
  std::string value;   // Without the quotes, ISO-8859-1 bytes.
};

struct DsnFinding {
  int64_t line = 0;    // 0 for the file as a whole.
  std::string rubric;  // The rubric at fault, or the one that should be there.
  std::string message;
};

struct DsnReport {
  std::string version;  // S10.G00.00.006.
  std::string nature;   // S20.G00.05.001.
  int64_t lines = 0;
  int64_t individuals = 0;                             // S21.G00.30 blocks.
  std::map<std::string, int64_t> urssaf_cents_by_ctp;  // Block 23, deductions negative.
  std::vector<DsnFinding> findings;
  bool Passed() const { return findings.empty(); }
};

// "12: S21.G00.30.005: ..." (the line number is left out when 0).
std::string FormatDsnFinding(const DsnFinding& finding);

// The rubric lines of `bytes`; a line that is not `rubric,'value'` is a finding of `report`.
std::vector<DsnLine> ParseDsnLines(const std::string& bytes, DsnReport& report);

// Runs every check above on the file's bytes.
DsnReport CheckDsn(const std::string& bytes, const std::map<std::string, DsnNorm>& norms,
                   const DsnCtpTable& ctp_table);

// The checks of the bodies and of the contracts' S21.G00.71 above, on the lines of a declaration
// of `nature`.
std::vector<DsnFinding> CheckDsnBodies(const std::vector<DsnLine>& lines, const std::string& nature);

// "1234.56" -> 123456 cents; nullopt unless an optional '-', digits and at most 2 decimals.
std::optional<int64_t> ParseDsnAmount(const std::string& value);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_CHECK_H_
