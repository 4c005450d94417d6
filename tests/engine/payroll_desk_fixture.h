// Command tests of the payroll desk: the service reads the repository's rules with their payroll
// tables, which only the adapters' JSON loader reads, on the fixture's world (SetUpWorld).
#ifndef COOPLEDGER_TESTS_ENGINE_PAYROLL_DESK_FIXTURE_H_
#define COOPLEDGER_TESTS_ENGINE_PAYROLL_DESK_FIXTURE_H_

#include "adapters/rules_loader.h"
#include "engine/payroll_run.h"
#include "tests/engine/command_fixture.h"

namespace coopledger::test {

class PayrollDeskTest : public CommandHandlerTest {
 protected:
  void SetUp() override {
    CommandHandlerTest::SetUp();
    service_.reset();
    service_ = engine::CommandService::Create(store_.get(), &clock_,
                                              adapters::LoadRules(adapters::DefaultRulesDirectory()).value())
                   .value();
    SetUpWorld();  // M-0001 in A-CJS, job J-0001 on 2025-07-10.
  }
};

}  // namespace coopledger::test

#endif  // COOPLEDGER_TESTS_ENGINE_PAYROLL_DESK_FIXTURE_H_
