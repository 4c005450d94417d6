// The DSN norm (NEODeS cahier technique) as data: every block and rubric of a norm version with
// its type, maximum length and closed code list, and the block tree of each declaration nature.
// Read from rules/dsn-norm/norm-<VERSION>.yaml (open-neodes transcription, Apache-2.0; see
// rules/dsn-norm/README.md for its format and known limits).
#ifndef COOPLEDGER_ADAPTERS_DSN_NORM_H_
#define COOPLEDGER_ADAPTERS_DSN_NORM_H_

#include <map>
#include <set>
#include <string>

#include "events/result.h"

namespace coopledger::adapters {

struct DsnRubricRule {
  std::string name;
  char type = 'X';                // 'X' text, 'N' number with '.' decimals, 'D' date DDMMYYYY.
  int32_t length = 0;             // Maximum number of characters.
  std::set<std::string> options;  // The closed code list; empty when the value is free.
};

// Where a block may stand: under `parent` (empty at the top of the declaration), at position
// `order` among its parent's children, at most `occurrences_max` times per parent (-1: no limit).
struct DsnBlockRule {
  std::string parent;
  int32_t order = 0;
  int32_t occurrences_max = -1;
};

struct DsnNorm {
  std::string version;                             // "P25V01".
  std::map<std::string, DsnRubricRule> rubrics;    // "S21.G00.30.001" -> rule.
  std::map<std::string, std::string> block_names;  // "S21.G00.30" -> "Individu".
  // Per nature (S20.G00.05.001, "01"...): every block of the envelope and of the nature's map.
  std::map<std::string, std::map<std::string, DsnBlockRule>> structures;
};

// Parses one norm file's text. kInvalidArgument naming the YAML line when the text is not YAML or
// lacks `version`, `segments`, `dsnEnvelope` or `natures`.
Result<DsnNorm> ParseDsnNorm(const std::string& yaml_text);

// Every DIR/norm-*.yaml that describes declarations (with natures), by version.
Result<std::map<std::string, DsnNorm>> LoadDsnNorms(const std::string& directory);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_NORM_H_
