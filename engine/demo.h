// The demo: a deterministic, realistic data set built through the same commands a user sends,
// on a simulated clock, so that the same seed gives a byte-identical log.
//   - a Clermont-Ferrand CJS in July and August 2025: 15 youths aged 16 to 18, 30 clients of
//     the four kinds, about 100 jobs, hours per youth per day, invoices, payments (some late and
//     reminded), consumables, a self-financing car wash, a grant, volunteering at a local event;
//   - a KPA-Cite group of 8 adults under CAPE over 2025;
//   - 3 CESA entrepreneurs active from January 2025 to June 2026.
// Accounting periods close each month, five days after its end; one late fact (hours of July
// recorded in August) shows how a closed period is respected.
#ifndef COOPLEDGER_ENGINE_DEMO_H_
#define COOPLEDGER_ENGINE_DEMO_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "engine/event_store.h"
#include "engine/rules.h"

namespace coopledger::engine {

struct DemoOptions {
  uint64_t seed = 2025;
  int32_t scale = 1;  // Copies of every programme (members, clients, jobs); 1000 -> millions.
  // The last day simulated; unset: the whole demo (to 2026-07-10). An earlier day leaves the
  // later payroll steps undone (the payroll bench stops before July 2025's run).
  std::optional<Date> until;
  Rules rules;
  // Called now and then with the number of commands done, for a progress line.
  std::function<void(uint64_t commands, Date day)> progress;
};

struct DemoReport {
  uint64_t commands = 0;
  Seq head_seq = 0;
};

// Builds the demo into the empty store at `path` (created if missing). kAlreadyExists if the
// store has events. Keys come from a generator seeded with options.seed.
Result<DemoReport> RunDemo(const std::string& path, const DemoOptions& options);

}  // namespace coopledger::engine

#endif  // COOPLEDGER_ENGINE_DEMO_H_
