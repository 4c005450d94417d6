// coopledger's entry point: wires the clock, the logger and the command line.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <iostream>

#include "adapters/cli.h"
#include "adapters/rules_loader.h"

int main(int argc, char** argv) {
  coopledger::engine::SystemClock clock;
  coopledger::adapters::CliContext context;
  context.clock = &clock;
  context.rules_dir = coopledger::adapters::DefaultRulesDirectory();
  for (int i = 0; i < argc; ++i) context.command_line += (i ? " " : "") + std::string(argv[i]);
  context.log = spdlog::stderr_color_st("coopledger");
  context.log->set_level(spdlog::level::warn);
  context.in = &std::cin;
  context.out = &std::cout;
  context.err = &std::cerr;
  return coopledger::adapters::RunCli(argc, argv, context);
}
