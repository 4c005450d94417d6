#include "engine/exports.h"

namespace coopledger::engine {

Result<std::vector<Seq>> RecordExports(EventStore& store, Clock& clock,
                                       const events::CommandId& command_id,
                                       const events::Actor& actor,
                                       std::vector<events::ExportRecorded> exports) {
  const Result<Date> today = clock.Now().Day();
  if (!today) return today.error();
  AppendBatch batch;
  batch.actor = actor;
  for (size_t i = 0; i < exports.size(); ++i) {
    const std::string field = "exports[" + std::to_string(i) + "].";
    if (exports[i].export_kind.empty()) {
      return Error(ErrorCode::kInvalidArgument, field + "export_kind: required");
    }
    if (exports[i].file_name.empty()) {
      return Error(ErrorCode::kInvalidArgument, field + "file_name: required");
    }
    if (exports[i].file_sha256.size() != events::kHashSize) {
      return Error(ErrorCode::kInvalidArgument, field + "file_sha256: must be 32 bytes");
    }
    batch.events.push_back(ProposedEvent{
        events::Event{kExportStream, *today, std::move(exports[i])}, kAnyVersion});
  }
  if (batch.events.empty()) return Error(ErrorCode::kInvalidArgument, "exports: none to record");
  COOPLEDGER_ASSIGN_OR_RETURN(const AppendResult appended, store.Append(command_id, batch));
  return appended.seqs;
}

}  // namespace coopledger::engine
