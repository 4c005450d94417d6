// What every export verb does once its file is made: record it (engine/exports.h) in the store of
// --data, opened for writing. An export therefore fails, writing nothing, while another process
// holds the store (the message names it): an export that is not in the books is not made.
#ifndef COOPLEDGER_ADAPTERS_EXPORT_RECORD_H_
#define COOPLEDGER_ADAPTERS_EXPORT_RECORD_H_

#include <string>
#include <string_view>
#include <vector>

#include "adapters/cli.h"

namespace coopledger::adapters {

// Who exports: --actor and --role of the export verbs.
struct ExportActor {
  std::string id = "cli";
  std::string role = "accountant";
};
void AddExportActorOptions(CLI::App& verb, ExportActor& actor);

struct ExportedFile {
  std::string name;   // As written, or "-" for standard output.
  std::string bytes;  // Its whole content.
};

// Records `files` as one command: kind ("fec", "ledger", "sage", "invoice-pdf"...) and the
// verb's parameters ("--year 2025 --known-at 1200"). Call before writing them.
Status RecordExport(const CliContext& context, const ExportActor& actor, const std::string& kind,
                    const std::string& parameters, const std::vector<ExportedFile>& files);

// RecordExport of the one file `path`, then writes it (WriteFileAtomically): the file exists only
// once it is in the books.
Status RecordAndWrite(const CliContext& context, const ExportActor& actor, const std::string& kind,
                      const std::string& parameters, const std::string& path,
                      const std::string& bytes);

// For files a library writes itself (PDFs): reads `path` back and records it; if that fails the
// file is removed, so that no unrecorded export is left behind.
Status RecordWrittenFile(const CliContext& context, const ExportActor& actor,
                         const std::string& kind, const std::string& parameters,
                         const std::string& path);

}  // namespace coopledger::adapters

#endif  // COOPLEDGER_ADAPTERS_EXPORT_RECORD_H_
