// The demo's programmes and the day-by-day plan they produce. Internal to engine/.
#ifndef COOPLEDGER_ENGINE_DEMO_PLAN_H_
#define COOPLEDGER_ENGINE_DEMO_PLAN_H_

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "events/event.h"

namespace coopledger::engine::demo {

// One command of the plan, due at `minute` (after midnight UTC) of its day. Allocations,
// reminders and credit notes may name an invoice as "draft:<draft id>", resolved when run.
struct Scheduled {
  int32_t minute = 0;
  events::Actor actor;
  events::EventBody body;
  // Clear personal data for the body's `personal` field (MemberJoined, ClientRegistered): the
  // runner seals it with the person's key just before the command.
  std::optional<events::PersonalData> personal;
};

// A programme (a CJS season, a KPA-Cite group, entrepreneurs) yields its commands day by day.
class Programme {
 public:
  virtual ~Programme() = default;
  // Appends the commands due on `day`, in their order of the day.
  virtual void CommandsOn(Date day, std::vector<Scheduled>& out) = 0;
};

// Deterministic choices: std::mt19937_64 is specified exactly; distributions are not, so draws
// go through these helpers.
class Dice {
 public:
  explicit Dice(uint64_t seed) : engine_(seed) {}
  int64_t Between(int64_t low, int64_t high) {  // Inclusive.
    return low + static_cast<int64_t>(engine_() % static_cast<uint64_t>(high - low + 1));
  }
  bool OneIn(int64_t n) { return Between(1, n) == 1; }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int64_t>(items.size()) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

// Shared builders.
events::Actor Facilitator(const std::string& activity);
// An expense paid by card with 20 % VAT: `cents` excluding VAT.
events::ExpenseRecorded CardExpense(const std::string& id, const std::string& activity, Date day,
                                    const char* category, const char* account,
                                    const char* description, int64_t cents);
events::Actor Accountant();
events::Actor Support();
Date Day(int year, int month, int day);
bool IsWeekday(Date day);
bool IsPublicHoliday(Date day);  // French public holidays of 2025 and 2026.
// A valid SIREN (Luhn) from a number, and a SIRET made of it and an establishment number.
std::string MakeSiren(uint64_t number);
std::string MakeSiret(const std::string& siren, uint32_t establishment);
// A valid French IBAN (RIB key and ISO 13616 check digits) of a fictitious bank, its account
// number derived from `holder` (a member id), so that the same member always gets the same one.
std::string MakeIban(const std::string& holder);
std::string GivenName(Dice& dice);
std::string FamilyName(Dice& dice);
std::string Street(Dice& dice);
// A document line: `quantity_milli` of `unit_price_cents` at `vat_rate_ppm`.
events::DocumentLine Line(std::string description, int64_t quantity_milli, int64_t unit_price_cents,
                          int64_t vat_rate_ppm = 200'000);

// `copy` (0-based) of each programme; ids carry a suffix from the second copy on.
std::unique_ptr<Programme> MakeCjsSeason(int32_t copy, uint64_t seed);
std::unique_ptr<Programme> MakeKpaCiteGroup(int32_t copy, uint64_t seed);
std::unique_ptr<Programme> MakeEntrepreneurs(int32_t copy, uint64_t seed);
// The CAE itself: configuration, and the monthly closes of accounting periods.
std::unique_ptr<Programme> MakeCae();

}  // namespace coopledger::engine::demo

#endif  // COOPLEDGER_ENGINE_DEMO_PLAN_H_
