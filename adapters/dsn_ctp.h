// How payslip lines are declared in the DSN (rules/dsn/ctp.json): the individual contribution
// code (S21.G00.81.001) and base code (S21.G00.78.001) of each payslip line code, and for the
// URSSAF lines the CTP and base qualifier of the aggregated block S21.G00.23.
#ifndef COOPLEDGER_ADAPTERS_DSN_CTP_H_
#define COOPLEDGER_ADAPTERS_DSN_CTP_H_

#include <map>
#include <set>
#include <string>
#include <vector>

#include "events/result.h"

namespace coopledger::adapters {

struct DsnLineMapping {
  std::string code;          // The payslip line code, "maladie".
  std::string s81;           // "075".
  std::string base;          // S21.G00.78.001, "03".
  std::string ctp;           // Empty for the lines not collected by URSSAF.
  std::string qualifier;     // S21.G00.23.002: "920" or "921".
  std::string organisation;  // "urssaf", "agirc_arrco" or "health_insurer".
};

struct DsnCtpRule {
  std::string code;
  std::string qualifier;
  std::string label;
  bool deduction = false;  // Positive in block 23, negative in S81 (the general reduction).
};

// How a regime's contract is declared (rules/dsn/contracts.json).
struct DsnContractRule {
  std::string nature;               // S21.G00.40.007: "02" CDD, "32" CAPE, "01" CDI.
  std::string recourse_motif;       // S21.G00.40.021 for fixed-term contracts.
  std::string end_reason;           // S21.G00.62.002 when the member left with no reason.
  std::string unit;                 // S21.G00.40.011: "10" hour, "99" not concerned.
  std::string conventional_status;  // S21.G00.40.002.
  std::string pension_status;       // S21.G00.40.003.
  std::string pcs;                  // S21.G00.40.004.
  std::string job;                  // S21.G00.40.006.
  bool pension = false;             // Affiliated to the complementary pension (S21.G00.71).
};

struct DsnContact {
  std::string name;
  std::string email;
  std::string phone;
};

struct DsnCtpTable {
  std::map<std::string, DsnLineMapping> lines;                  // By payslip line code.
  std::map<std::string, DsnContractRule> contracts;             // By regime name ("cjsYouth").
  std::map<std::string, std::string> activity_recourse_motifs;  // Activity id -> motif.
  DsnContact contact;
  std::vector<DsnCtpRule> ctps;
  std::set<std::string> provident_bases;  // S21.G00.78.001 of the health insurer's lines: "31".
  std::string pas_id;  // S21.G00.20.001 of the withholding tax's payment: "DGFIP".
  std::string retirement_code;  // S21.G00.71.002, "RUAA".

  const DsnLineMapping* FindLine(const std::string& code) const;
  const DsnCtpRule* FindCtp(const std::string& code) const;
  // The CTP each URSSAF individual contribution code (S81) is aggregated into.
  std::map<std::string, std::string> CtpByS81() const;
};

// Reads DIR/dsn/ctp.json and DIR/dsn/contracts.json. Errors name the file and the field; every CTP
// a line names must be listed, and an S81 code collected by URSSAF belongs to one CTP only (the
// equality check depends on it).
Result<DsnCtpTable> LoadDsnCtpTable(const std::string& rules_directory);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_DSN_CTP_H_
