// Backup of a live store and restore with erasures re-applied.
#include <rocksdb/utilities/backup_engine.h>

#include <filesystem>
#include <set>

#include "engine/replay.h"
#include "engine/rocks_event_store.h"
#include "engine/writer_lock.h"

namespace coopledger::engine {
namespace {

namespace fs = std::filesystem;

// Every person erased in the log of `store`.
Result<std::set<std::string>> ErasedPersons(EventStore& store) {
  std::set<std::string> erased;
  COOPLEDGER_RETURN_IF_ERROR(ReplayLog(store, [&erased](const events::StoredEvent& event) {
    if (const auto* erasure = std::get_if<events::PersonalDataErased>(&event.body)) {
      erased.insert(erasure->person_id.value);
    }
  }));
  return erased;
}

}  // namespace

Result<BackupInfo> RocksEventStore::Backup(const std::string& backup_directory) {
  rocksdb::BackupEngine* raw_engine = nullptr;
  rocksdb::Status status = rocksdb::BackupEngine::Open(
      rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_directory), &raw_engine);
  if (!status.ok()) return FromRocks(status, "open backup directory " + backup_directory);
  std::unique_ptr<rocksdb::BackupEngine> engine(raw_engine);
  rocksdb::CreateBackupOptions create_options;
  create_options.flush_before_backup = true;
  rocksdb::BackupID id = 0;
  status = engine->CreateNewBackup(create_options, db_.get(), &id);
  if (!status.ok()) return FromRocks(status, "back up " + options_.path);
  rocksdb::BackupInfo info;
  status = engine->GetBackupInfo(id, &info);
  if (!status.ok()) return FromRocks(status, "read backup info");
  return BackupInfo{id, info.size, info.number_files};
}

Result<VerifyReport> RestoreStore(const std::string& backup_directory,
                                  const std::string& target_path, Clock* clock) {
  const bool target_exists = fs::exists(fs::path(target_path) / "CURRENT");
  std::set<std::string> erased;
  if (target_exists) {
    const std::string writer = CurrentWriter(target_path);
    if (!writer.empty()) {
      return Error(ErrorCode::kStoreLocked,
                   "store " + target_path + " is open for writing by " + writer + "; stop it first");
    }
    // The store being replaced may know erasures that the backup predates.
    StoreOptions current;
    current.path = target_path;
    current.read_only = true;
    COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store, OpenEventStore(current));
    COOPLEDGER_ASSIGN_OR_RETURN(erased, ErasedPersons(*store));
  }

  const std::string staging_path = target_path + ".restoring";
  std::error_code error;
  fs::remove_all(staging_path, error);
  {
    rocksdb::BackupEngineReadOnly* raw_engine = nullptr;
    rocksdb::Status status = rocksdb::BackupEngineReadOnly::Open(
        rocksdb::Env::Default(), rocksdb::BackupEngineOptions(backup_directory), &raw_engine);
    if (!status.ok()) return FromRocks(status, "open backup directory " + backup_directory);
    std::unique_ptr<rocksdb::BackupEngineReadOnly> engine(raw_engine);
    status = engine->RestoreDBFromLatestBackup(staging_path, staging_path);
    if (!status.ok()) return FromRocks(status, "restore from " + backup_directory);
  }

  VerifyReport report;
  {
    StoreOptions options;
    options.path = staging_path;
    options.clock = clock;
    options.holder = "coopledger restore";
    COOPLEDGER_ASSIGN_OR_RETURN(std::unique_ptr<EventStore> store, OpenEventStore(options));
    COOPLEDGER_ASSIGN_OR_RETURN(const std::set<std::string> erased_in_backup,
                                ErasedPersons(*store));
    erased.insert(erased_in_backup.begin(), erased_in_backup.end());
    std::vector<events::PersonId> persons;
    for (const std::string& person : erased) persons.push_back(events::PersonId{person});
    COOPLEDGER_RETURN_IF_ERROR(store->ApplyErasures(persons));
    COOPLEDGER_ASSIGN_OR_RETURN(report, store->Verify(nullptr));
  }
  if (!report.ok()) {
    return Error(ErrorCode::kCorruption,
                 "restored store in " + staging_path + " fails verification at seq " +
                     std::to_string(*report.first_bad_seq) + ": " + report.reason);
  }
  if (target_exists) {
    const std::string kept =
        target_path + ".replaced-" + std::to_string(clock->Now().micros() / 1'000'000);
    fs::rename(target_path, kept, error);
    if (error) return Error(ErrorCode::kStorageIo, "move " + target_path + " aside: " + error.message());
  }
  fs::rename(staging_path, target_path, error);
  if (error) {
    return Error(ErrorCode::kStorageIo, "move restored store into " + target_path + ": " +
                                            error.message());
  }
  return report;
}

}  // namespace coopledger::engine
