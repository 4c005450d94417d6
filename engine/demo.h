// The demo: a deterministic, realistic data set built through the same commands a user sends,
// on a simulated clock, so that the same seed gives a byte-identical log.
//   - a Clermont-Ferrand CJS in July and August 2025: 15 youths aged 16 to 18, 30 clients of
//     the four kinds, about 100 jobs, hours per youth per day, invoices, payments (some late and
//     reminded), consumables, a self-financing car wash, a grant, volunteering at a local event;
//   - a KPA-Cite group of 8 adults under CAPE over 2025;
//   - 3 CESA entrepreneurs active from January 2025 to June 2026.
// Accounting periods close each month, five days after its end; one late fact (hours of July
// recorded in August) shows how a closed period is respected. With DemoOptions::dsn_file, each
// month's DSN is filed on the 5th of the next month.
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
  // When set, the demo files each pay month's DSN on the 5th of the next month: this returns the
  // file's bytes for the month as the store stands (adapters/dsn_store.h), the demo records its
  // DeclarationFiled with the SHA-256. The July 2025 hours recorded on 6 August then come as a
  // late correction of a month already filed.
  std::function<Result<std::string>(EventStore& store, Date month, Date filed_on)> dsn_file;
  // When set, the demo files the end-of-contract signal (FCTU) of each CJS youth on the 2nd of
  // the month after the contract's end, once the last payslip is issued and the month closed:
  // within the 5 working days of CSS R133-14 for the demo's contracts.
  std::function<Result<std::string>(EventStore& store, const std::string& member_id, Date filed_on)> fctu_file;
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
