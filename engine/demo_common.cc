// Shared pieces of the demo: actors, calendar, identifiers, names, and the CAE's own programme.
#include <cstdio>

#include "engine/demo_plan.h"

namespace coopledger::engine::demo {

events::Actor Facilitator(const std::string& activity) {
  return events::Actor{"facilitator-" + activity, events::ActorRole::kFacilitator};
}

events::Actor Support() { return events::Actor{"support-team", events::ActorRole::kSupport}; }

events::Actor Accountant() {
  return events::Actor{"accountant", events::ActorRole::kAccountant};
}

Date Day(int year, int month, int day) { return Date::FromYmd(year, month, day).value(); }

bool IsWeekday(Date day) { return day.weekday() < 5; }

bool IsPublicHoliday(Date day) {
  static const Date kHolidays[] = {
      Day(2025, 1, 1),  Day(2025, 4, 21), Day(2025, 5, 1),   Day(2025, 5, 8),  Day(2025, 5, 29),
      Day(2025, 6, 9),  Day(2025, 7, 14), Day(2025, 8, 15),  Day(2025, 11, 1), Day(2025, 11, 11),
      Day(2025, 12, 25), Day(2026, 1, 1), Day(2026, 4, 6),   Day(2026, 5, 1),  Day(2026, 5, 8),
      Day(2026, 5, 14), Day(2026, 5, 25), Day(2026, 7, 14)};
  for (Date holiday : kHolidays) {
    if (holiday == day) return true;
  }
  return false;
}

namespace {

// The digit that makes `digits` + digit pass the Luhn check.
char LuhnDigit(const std::string& digits) {
  for (char candidate = '0'; candidate <= '9'; ++candidate) {
    const std::string full = digits + candidate;
    int sum = 0;
    for (size_t i = 0; i < full.size(); ++i) {
      int digit = full[full.size() - 1 - i] - '0';
      if (i % 2 == 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
      sum += digit;
    }
    if (sum % 10 == 0) return candidate;
  }
  return '0';
}

}  // namespace

std::string MakeSiren(uint64_t number) {
  char digits[16];
  std::snprintf(digits, sizeof digits, "%08llu", static_cast<unsigned long long>(number % 100'000'000));
  return std::string(digits) + LuhnDigit(digits);
}

std::string MakeSiret(const std::string& siren, uint32_t establishment) {
  char nic[8];
  std::snprintf(nic, sizeof nic, "%04u", establishment % 10'000);
  const std::string first = siren + nic;
  return first + LuhnDigit(first);
}

std::string MakeIban(const std::string& holder) {
  uint64_t hash = 14'695'981'039'346'656'037ull;  // FNV-1a.
  for (const char c : holder) hash = (hash ^ static_cast<uint8_t>(c)) * 1'099'511'628'211ull;
  const uint64_t bank = 99'999, branch = 63'000;  // No real bank has code 99999.
  const uint64_t account = hash % 100'000'000'000ull;
  // RIB key: 97 - (89 x bank + 15 x branch + 3 x account) mod 97.
  const uint64_t key = 97 - (89 * bank + 15 * branch + 3 * (account % 97)) % 97;
  char bban[32];
  std::snprintf(bban, sizeof bban, "%05llu%05llu%011llu%02llu", static_cast<unsigned long long>(bank),
                static_cast<unsigned long long>(branch), static_cast<unsigned long long>(account),
                static_cast<unsigned long long>(key));
  // ISO 13616: BBAN + "FR00" with F = 15 and R = 27, mod 97; the check digits are 98 minus it.
  uint64_t remainder = 0;
  for (const char c : std::string(bban) + "152700") remainder = (remainder * 10 + static_cast<uint64_t>(c - '0')) % 97;
  char iban[40];
  std::snprintf(iban, sizeof iban, "FR%02llu%s", static_cast<unsigned long long>(98 - remainder), bban);
  return iban;
}

std::string GivenName(Dice& dice) {
  static const std::vector<std::string> kNames = {
      "L\u00e9a",    "Yanis",  "Ma\u00ebl",  "In\u00e8s", "Nathan", "Chlo\u00e9", "Rayan",
      "Jade",        "Lucas",  "Amina",      "Hugo",      "Lina",   "Th\u00e9o",  "Sarah",
      "Mohamed",     "Zo\u00e9", "Enzo",     "Manon",     "Noah",   "Ana\u00efs", "Karim",
      "Louise",      "Adam",   "Camille"};
  return dice.Pick(kNames);
}

std::string FamilyName(Dice& dice) {
  static const std::vector<std::string> kNames = {
      "Martin",  "Bernard", "Dubois",    "Thomas",  "Robert",     "Richard", "Petit",
      "Durand",  "Leroy",   "Moreau",    "Simon",   "Laurent",    "Lef\u00e8vre", "Michel",
      "Garcia",  "Benali",  "Fontaine",  "Chevalier", "Roux",     "Vincent", "Fournier",
      "Morel",   "Girard",  "Andr\u00e9", "Mercier", "Dupuis",    "Bonnet",  "Fran\u00e7ois"};
  return dice.Pick(kNames);
}

std::string Street(Dice& dice) {
  static const std::vector<std::string> kStreets = {
      "rue Blatin", "avenue de la Lib\u00e9ration", "rue du Port", "boulevard Lavoisier",
      "rue de Montferrand", "rue des Vergnes", "avenue Edouard Michelin", "rue Fontgi\u00e8vre",
      "place de Jaude", "rue de l'Oradou"};
  return std::to_string(dice.Between(1, 120)) + " " + dice.Pick(kStreets) +
         ", 63000 Clermont-Ferrand";
}

events::ExpenseRecorded CardExpense(const std::string& id, const std::string& activity, Date day,
                                    const char* category, const char* account,
                                    const char* description, int64_t cents) {
  events::ExpenseRecorded expense;
  expense.expense_id = id;
  expense.activity_id.value = activity;
  expense.spent_on = day;
  expense.category = category;
  expense.account = account;
  expense.description = description;
  expense.amount_excl_vat = Money::FromCents(cents);
  expense.vat_rate_ppm = 200'000;
  expense.vat = Money::FromCents(MulDivRoundHalfUp(cents, 200'000, 1'000'000).value());
  expense.method = events::PaymentMethod::kCard;
  return expense;
}

events::DocumentLine Line(std::string description, int64_t quantity_milli, int64_t unit_price_cents,
                          int64_t vat_rate_ppm) {
  events::DocumentLine line;
  line.description = std::move(description);
  line.quantity_milli = quantity_milli;
  line.unit_price = Money::FromCents(unit_price_cents);
  line.vat_rate_ppm = vat_rate_ppm;
  return line;
}

namespace {

events::Posting BankFeePosting(const std::string& account, events::Side side, int64_t cents) {
  events::Posting posting;
  posting.account = account;
  posting.analytic = "CAE";
  posting.side = side;
  posting.amount = Money::FromCents(cents);
  posting.label = "Frais bancaires";
  return posting;
}

// The CAE: configured on 2 January 2025; each accounting month closes on the 5th of the next;
// the accountant books the bank's monthly fees on the 28th and closes fiscal year 2025 on 31 March
// 2026.
class CaeProgramme final : public Programme {
 public:
  void CommandsOn(Date day, std::vector<Scheduled>& out) override {
    if (day == Day(2025, 1, 2)) {
      events::CaeConfigured cae;
      cae.name = "CAE Exemple Auvergne";
      cae.siren = MakeSiren(90'000'000);
      cae.nic = MakeSiret(cae.siren, 1).substr(9);
      cae.ape_code = "7022Z";
      cae.vat_number = "FR00" + cae.siren;
      cae.address = "12 rue Blatin, 63000 Clermont-Ferrand";
      cae.fiscal_year_end_month = 12;
      cae.contribution_rate_ppm = 100'000;
      cae.vat_regime = events::VatRegime::kNormal;
      cae.headcount = 40;
      cae.atmp_rate_ppm = 12'000;
      cae.collective_agreement = "3249";
      cae.pension_institution = "Agirc-Arrco";
      cae.bank_iban = "FR7630003630001234567890154";
      cae.bank_bic = "SOGEFRPP";
      // The bodies the DSN names. Fictitious, shaped as the real ones (events/social_body_ids.h):
      // the URSSAF and the Agirc-Arrco caisse by a Luhn-valid SIRET, the prevoyance organism by
      // a code. The CAE's collective prevoyance / health contract covers its salaried
      // entrepreneurs (CESA); CJS youths on a summer contract and CAPE holders are outside it.
      cae.urssaf_siret = MakeSiret(MakeSiren(90'000'101), 1);
      cae.pension_institution_id = MakeSiret(MakeSiren(90'000'202), 1);
      cae.provident_organism_code = "P0901";
      cae.provident_contract_reference = "CAE-AUV-PREV-2025";
      cae.provident_population = "NC";
      cae.provident_regimes = {"cesa"};
      out.push_back(Scheduled{8 * 60, Support(), std::move(cae), std::nullopt});
    }
    if (day.day() == 5) {
      events::AccountingPeriodClosed closed;
      const Date month_start = Day(day.year(), day.month(), 1);
      closed.period_end = month_start;
      closed.period_start = month_start.AddDays(-1);
      closed.period_start = Day(closed.period_start.year(), closed.period_start.month(), 1);
      if (closed.period_start >= Day(2025, 1, 1)) {
        out.push_back(Scheduled{7 * 60, Support(), std::move(closed), std::nullopt});
      }
    }
    if (day.day() == 28) {
      events::JournalEntryRecorded fees;
      fees.entry_id = events::EntryId{"BANK-FEES-" + day.ToString().substr(0, 7)};
      fees.journal = "OD";
      fees.entry_date = day;
      fees.label = "Frais de tenue de compte " + day.ToString().substr(0, 7);
      fees.postings = {BankFeePosting("627000", events::Side::kDebit, 1'250),
                       BankFeePosting("512000", events::Side::kCredit, 1'250)};
      out.push_back(Scheduled{17 * 60, Accountant(), std::move(fees), std::nullopt});
    }
    if (day == Day(2026, 3, 31)) {
      events::FiscalYearClosed closed;
      closed.year_start = Day(2025, 1, 1);
      closed.year_end = Day(2026, 1, 1);
      out.push_back(Scheduled{9 * 60, Accountant(), std::move(closed), std::nullopt});
    }
  }
};

}  // namespace

std::unique_ptr<Programme> MakeCae() { return std::make_unique<CaeProgramme>(); }

}  // namespace coopledger::engine::demo
