// Enums and value structs shared by several event kinds. Each enum's first enumerator is kUnset
// (value 0): a field that was never written cannot be read as a meaningful value.
#ifndef COOPLEDGER_EVENTS_VALUES_H_
#define COOPLEDGER_EVENTS_VALUES_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "events/date.h"
#include "events/fields.h"
#include "events/ids.h"
#include "events/money.h"

namespace coopledger::events {

using Bytes = std::vector<uint8_t>;

#define COOPLEDGER_ENUM_NAMES_(Enum, ...)                                         \
  template <>                                                                     \
  struct EnumNames<Enum> {                                                        \
    static constexpr std::array<std::string_view, std::size({__VA_ARGS__})> kNames = { \
        __VA_ARGS__};                                                             \
  }

enum class ActorRole : uint16_t {
  kUnset, kAdmin, kSupport, kFacilitator, kCommittee, kAccountant, kMember, kSystem };
COOPLEDGER_ENUM_NAMES_(ActorRole, "unset", "admin", "support", "facilitator", "committee",
                       "accountant", "member", "system");

enum class Regime : uint16_t { kUnset, kCjsYouth, kCape, kCesa };
COOPLEDGER_ENUM_NAMES_(Regime, "unset", "cjsYouth", "cape", "cesa");

enum class ContractKind : uint16_t { kUnset, kFixedTerm, kPermanent, kCape };
COOPLEDGER_ENUM_NAMES_(ContractKind, "unset", "fixedTerm", "permanent", "cape");

enum class ActivityKind : uint16_t { kUnset, kCjsSeason, kKpaCiteGroup, kEntrepreneur };
COOPLEDGER_ENUM_NAMES_(ActivityKind, "unset", "cjsSeason", "kpaCiteGroup", "entrepreneur");

enum class ClientKind : uint16_t { kUnset, kHousehold, kCompany, kAssociation, kPublicBody };
COOPLEDGER_ENUM_NAMES_(ClientKind, "unset", "household", "company", "association", "publicBody");

enum class VatRegime : uint16_t { kUnset, kNormal, kSimplified, kFranchise };
COOPLEDGER_ENUM_NAMES_(VatRegime, "unset", "normal", "simplified", "franchise");

enum class InternalTask : uint16_t { kUnset, kNone, kOfficeDuty, kProspecting, kTraining, kMeeting };
COOPLEDGER_ENUM_NAMES_(InternalTask, "unset", "none", "officeDuty", "prospecting", "training",
                       "meeting");

enum class PaymentMethod : uint16_t {
  kUnset, kBankTransfer, kCheque, kCash, kCard, kDirectDebit };
COOPLEDGER_ENUM_NAMES_(PaymentMethod, "unset", "bankTransfer", "cheque", "cash", "card",
                       "directDebit");

enum class DistributionKey : uint16_t { kUnset, kEqual, kByHours, kByInvolvement };
COOPLEDGER_ENUM_NAMES_(DistributionKey, "unset", "equal", "byHours", "byInvolvement");

enum class Side : uint16_t { kUnset, kDebit, kCredit };
COOPLEDGER_ENUM_NAMES_(Side, "unset", "debit", "credit");

enum class DeclarationKind : uint16_t {
  kUnset, kDsnMonthly, kDsnEndOfContract, kVatReturn, kPreHiring };
COOPLEDGER_ENUM_NAMES_(DeclarationKind, "unset", "dsnMonthly", "dsnEndOfContract", "vatReturn",
                       "preHiring");

#undef COOPLEDGER_ENUM_NAMES_

// Who sent the command that produced an event.
struct Actor {
  std::string id;  // "admin", "token:T-0003", "demo".
  ActorRole role = ActorRole::kUnset;
  COOPLEDGER_FIELDS(Actor, id, role);
};

// Personal data sealed with the person's own key (libsodium secretbox, see engine/key_store.h).
// Empty when the event carries none. The plaintext is an encoded PersonalData.
struct SealedData {
  PersonId person_id;
  Bytes nonce;
  Bytes ciphertext;
  bool empty() const { return ciphertext.empty(); }
  COOPLEDGER_FIELDS(SealedData, person_id, nonce, ciphertext);
};

// What SealedData holds once opened. Never stored in clear.
struct PersonalData {
  std::string given_name;
  std::string family_name;
  std::optional<Date> birth_date;
  std::string address;
  std::string social_security_number;
  std::string email;
  std::string phone;
  std::string iban;  // Where wages are paid: "FR76...", no spaces; empty when not given.
  COOPLEDGER_FIELDS(PersonalData, given_name, family_name, birth_date, address,
                    social_security_number, email, phone, iban);
};

// One line of a quote, invoice or credit note. Quantities in thousandths (1.5 h = 1500).
struct DocumentLine {
  std::string description;
  int64_t quantity_milli = 0;
  Money unit_price;
  int64_t vat_rate_ppm = 0;      // 20 % = 200000.
  Money amount_excl_vat;
  COOPLEDGER_FIELDS(DocumentLine, description, quantity_milli, unit_price, vat_rate_ppm,
                    amount_excl_vat);
};

// VAT of a document for one rate, computed on the document's total for that rate.
struct VatTotal {
  int64_t vat_rate_ppm = 0;
  Money base;
  Money vat;
  COOPLEDGER_FIELDS(VatTotal, vat_rate_ppm, base, vat);
};

struct Allocation {
  DocumentNumber invoice_number;
  Money amount;
  COOPLEDGER_FIELDS(Allocation, invoice_number, amount);
};

// One ledger line of a manual entry.
struct Posting {
  std::string account;      // PCG account, "411000".
  std::string auxiliary;    // Auxiliary account (client), may be empty.
  std::string analytic;     // Activity's analytic code, may be empty.
  Side side = Side::kUnset;
  Money amount;  // Always > 0; the side carries the direction.
  std::string label;
  COOPLEDGER_FIELDS(Posting, account, auxiliary, analytic, side, amount, label);
};

struct PayslipLine {
  std::string code;  // Stable snake_case: "csg_deductible".
  std::string label;
  Money base;
  int64_t employee_rate_ppm = 0;
  int64_t employer_rate_ppm = 0;
  Money employee_amount;
  Money employer_amount;
  COOPLEDGER_FIELDS(PayslipLine, code, label, base, employee_rate_ppm, employer_rate_ppm,
                    employee_amount, employer_amount);
};

// Cumulatives of one employee's calendar year, as printed on a payslip and carried forward.
struct PayslipYearToDate {
  Money gross;
  Money smic_reference;  // SMIC x paid hours, summed.
  Money reduction;       // Positive.
  Money student_exempt;
  Money net_taxable;
  Money income_tax;
  Money net_paid;
  Money employer_cost;
  COOPLEDGER_FIELDS(PayslipYearToDate, gross, smic_reference, reduction, student_exempt,
                    net_taxable, income_tax, net_paid, employer_cost);
};

struct DistributionShare {
  MemberId member_id;
  int64_t weight = 0;  // Hours in minutes, involvement points, or 1 for an equal key.
  COOPLEDGER_FIELDS(DistributionShare, member_id, weight);
};

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_VALUES_H_
