// The checks of check-dsn that span rubrics: the identifiers of the bodies paid and declared to,
// the links from a prevoyance affiliation to its contract, and the complementary pension block of
// every contract (adapters/dsn_check.h).
#include <set>

#include "adapters/dsn_check.h"
#include "events/social_body_ids.h"

namespace coopledger::adapters {
namespace {

std::string Block(const std::string& rubric) { return rubric.substr(0, 10); }

// Blocks that stand under a contract (S21.G00.40) in the norm's tree: they keep it open.
bool UnderContract(const std::string& block) {
  static const std::set<std::string> kBlocks = {
      "S21.G00.40", "S21.G00.41", "S21.G00.45", "S21.G00.60", "S21.G00.62", "S21.G00.63",
      "S21.G00.65", "S21.G00.66", "S21.G00.70", "S21.G00.71", "S21.G00.72", "S21.G00.73"};
  return kBlocks.count(block) != 0;
}

class BodyChecks {
 public:
  BodyChecks(const std::string& nature, std::vector<DsnFinding>& findings)
      : monthly_(nature == "01"), findings_(findings) {}

  void See(const DsnLine& line) {
    const std::string block = Block(line.rubric);
    const bool new_block = block != Block(previous_) || line.rubric <= previous_;
    previous_ = line.rubric;
    if (line.rubric == "S20.G00.05.001") EndDeclaration();
    if (new_block && block == "S21.G00.30") affiliations_.clear();
    if (new_block && monthly_) TrackContract(line, block);
    Identifier(line);
  }

  void EndDeclaration() {
    CloseContract();
    for (const auto& [siret, line] : bordereaux_) {
      if (paid_.count(siret) == 0) {
        findings_.push_back({line, "S21.G00.22.001",
                             "bordereau of '" + siret + "' with no payment S21.G00.20 to that body"});
      }
    }
    bordereaux_.clear();
    paid_.clear();
    adhesions_.clear();
    affiliations_.clear();
  }

 private:
  void TrackContract(const DsnLine& line, const std::string& block) {
    if (block == "S21.G00.40") {
      CloseContract();
      open_contract_ = line.number;
    } else if (block == "S21.G00.71") {
      open_contract_ = 0;
    } else if (!UnderContract(block)) {
      CloseContract();
    }
  }

  void CloseContract() {
    if (open_contract_ != 0) {
      findings_.push_back({open_contract_, "S21.G00.71.002",
                           "contract without its complementary pension block S21.G00.71 (code "
                           "90000 when the individual has none)"});
    }
    open_contract_ = 0;
  }

  void Identifier(const DsnLine& line) {
    auto report = [&](const std::optional<std::string>& problem, const std::string& what) {
      if (problem) findings_.push_back({line.number, line.rubric, what + " '" + line.value + "' " + *problem});
    };
    if (line.rubric == "S21.G00.20.001") {
      report(events::OpsIdentifierProblem(line.value), "the body paid");
      paid_.insert(line.value);
    } else if (line.rubric == "S21.G00.22.001") {
      report(events::SiretProblem(line.value), "the URSSAF of the bordereau");
      bordereaux_.emplace(line.value, line.number);
    } else if (line.rubric == "S21.G00.15.002") {
      report(events::OrganismCodeProblem(line.value), "the prevoyance organism");
    } else if (line.rubric == "S21.G00.15.005") {
      adhesions_.insert(line.value);
    } else if (line.rubric == "S21.G00.70.012") {
      affiliations_.insert(line.value);
    } else if (line.rubric == "S21.G00.70.013" && adhesions_.count(line.value) == 0) {
      findings_.push_back({line.number, line.rubric,
                           "affiliation to adhesion '" + line.value +
                               "', which no S21.G00.15.005 of the establishment declares"});
    } else if (line.rubric == "S21.G00.78.005" && affiliations_.count(line.value) == 0) {
      findings_.push_back({line.number, line.rubric,
                           "base of affiliation '" + line.value +
                               "', which no S21.G00.70.012 of the individual declares"});
    }
  }

  const bool monthly_;
  std::vector<DsnFinding>& findings_;
  std::string previous_;
  int64_t open_contract_ = 0;  // Line of the S21.G00.40 still waiting for its S21.G00.71.
  std::map<std::string, int64_t> bordereaux_;  // S21.G00.22.001 -> its line.
  std::set<std::string> paid_;                 // S21.G00.20.001 of the declaration.
  std::set<std::string> adhesions_;            // S21.G00.15.005 of the declaration.
  std::set<std::string> affiliations_;         // S21.G00.70.012 of the current individual.
};

}  // namespace

std::vector<DsnFinding> CheckDsnBodies(const std::vector<DsnLine>& lines,
                                       const std::string& nature) {
  std::vector<DsnFinding> findings;
  BodyChecks checks(nature, findings);
  for (const DsnLine& line : lines) checks.See(line);
  checks.EndDeclaration();
  return findings;
}

}  // namespace coopledger::adapters
