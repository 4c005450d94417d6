// The identifiers of the bodies a DSN pays and declares to, as the DSN norm writes them (rules/
// dsn-norm, P25V01/P26V01): shared by the CAE's configuration (which refuses a bad one) and by
// `check-dsn` (which reports one), so that both apply the same rule.
//  - A SIRET: 14 digits, the SIREN's 9 and the establishment's NIC, with INSEE's Luhn check digit
//    over the 14 (the rule the CAE's own SIREN/NIC already follow). The URSSAF of block
//    S21.G00.22 (bordereau de cotisation due) and S21.G00.20 is named by its SIRET.
//  - An OPS identifier (S21.G00.20.001, type X, 14 characters at most): a SIRET, or a code of
//    capital letters and digits that net-entreprises lists in its table of protection bodies
//    (table "IVO", e.g. "DGFIP" for the withholding tax); digits alone must make a SIRET.
//  - A complementary organism's code (S21.G00.15.002, type X, 9 characters at most): capital
//    letters and digits, as the organism gives it.
#ifndef COOPLEDGER_EVENTS_SOCIAL_BODY_IDS_H_
#define COOPLEDGER_EVENTS_SOCIAL_BODY_IDS_H_

#include <cstddef>
#include <optional>
#include <string>

namespace coopledger::events {

inline constexpr size_t kSiretLength = 14;
inline constexpr size_t kOpsIdentifierLengthMax = 14;
inline constexpr size_t kOrganismCodeLengthMax = 9;

// True when `digits` are all decimal digits and pass the Luhn check (INSEE's SIREN and SIRET).
bool LuhnValid(const std::string& digits);

// Each returns nullopt when `text` is well formed, else the reason, to follow "'<text>' ".
std::optional<std::string> SiretProblem(const std::string& text);
std::optional<std::string> OpsIdentifierProblem(const std::string& text);
std::optional<std::string> OrganismCodeProblem(const std::string& text);

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_SOCIAL_BODY_IDS_H_
