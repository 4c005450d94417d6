#include "adapters/export_record.h"

#include <CLI/CLI.hpp>

#include <filesystem>

#include "adapters/files.h"
#include "engine/exports.h"
#include "engine/hash_chain.h"

namespace coopledger::adapters {
namespace {

// PDFs and FECs of a large CAE stay far below this.
constexpr size_t kExportBytesMax = size_t{1} << 31;

}  // namespace

void AddExportActorOptions(CLI::App& verb, ExportActor& actor) {
  verb.add_option("--actor", actor.id, "Who exports (recorded with the export)")
      ->capture_default_str();
  verb.add_option("--role", actor.role, "The actor's role")->capture_default_str();
}

Status RecordExport(const CliContext& context, const ExportActor& actor, const std::string& kind,
                    const std::string& parameters, const std::vector<ExportedFile>& files) {
  COOPLEDGER_ASSIGN_OR_RETURN(const events::ActorRole role, ParseRole(actor.role));
  std::vector<events::ExportRecorded> exports;
  // The command id names what was exported and when: the same export made twice is two facts.
  std::string identity = kind + "\n" + parameters + "\n" +
                         std::to_string(context.clock->Now().micros());
  for (const ExportedFile& file : files) {
    const events::Hash hash = engine::Sha256(file.bytes);
    events::ExportRecorded record;
    record.export_kind = kind;
    record.parameters = parameters;
    record.file_name = file.name;
    record.file_sha256.assign(hash.begin(), hash.end());
    exports.push_back(std::move(record));
    identity += "\n" + file.name + " " + engine::ToHex(hash);
  }
  COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<engine::EventStore> store, OpenForWriting(context));
  const events::CommandId command_id{"export-" + engine::ToHex(engine::Sha256(identity))};
  COOPLEDGER_RETURN_IF_ERROR(engine::RecordExports(
      *store, *context.clock, command_id, events::Actor{actor.id, role}, std::move(exports)));
  return OkStatus();
}

Status RecordWrittenFile(const CliContext& context, const ExportActor& actor,
                         const std::string& kind, const std::string& parameters,
                         const std::string& path) {
  Result<std::string> bytes = ReadFileUpTo(path, kExportBytesMax, ErrorCode::kStorageIo);
  Status recorded = bytes ? RecordExport(context, actor, kind, parameters, {{path, *bytes}})
                          : Status(bytes.error());
  if (!recorded) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  return recorded;
}

Status RecordAndWrite(const CliContext& context, const ExportActor& actor, const std::string& kind,
                      const std::string& parameters, const std::string& path,
                      const std::string& bytes) {
  COOPLEDGER_RETURN_IF_ERROR(RecordExport(context, actor, kind, parameters, {{path, bytes}}));
  return WriteFileAtomically(path, bytes);
}

}  // namespace coopledger::adapters
