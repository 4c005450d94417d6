#include "engine/exports.h"

namespace coopledger::engine {

Status CheckExportRecord(const events::ExportRecorded& record, const std::string& field) {
  if (record.export_kind.empty()) {
    return Error(ErrorCode::kInvalidArgument, field + "export_kind: required");
  }
  if (record.file_name.empty()) {
    return Error(ErrorCode::kInvalidArgument, field + "file_name: required");
  }
  if (record.file_sha256.size() != events::kHashSize) {
    return Error(ErrorCode::kInvalidArgument, field + "file_sha256: must be 32 bytes");
  }
  return OkStatus();
}

Result<std::vector<Seq>> RecordExports(EventStore& store, Clock& clock,
                                       const events::CommandId& command_id,
                                       const events::Actor& actor,
                                       std::vector<events::ExportRecorded> exports) {
  const Result<Date> today = clock.Now().Day();
  if (!today) return today.error();
  AppendBatch batch;
  batch.actor = actor;
  for (size_t i = 0; i < exports.size(); ++i) {
    COOPLEDGER_RETURN_IF_ERROR(
        CheckExportRecord(exports[i], "exports[" + std::to_string(i) + "]."));
    batch.events.push_back(ProposedEvent{
        events::Event{kExportStream, *today, std::move(exports[i])}, kAnyVersion});
  }
  if (batch.events.empty()) return Error(ErrorCode::kInvalidArgument, "exports: none to record");
  COOPLEDGER_ASSIGN_OR_RETURN(const AppendResult appended, store.Append(command_id, batch));
  return appended.seqs;
}

}  // namespace coopledger::engine
