#include <gtest/gtest.h>
#include <rocksdb/perf_context.h>
#include <rocksdb/perf_level.h>

#include <random>

#include "engine/hash_chain.h"
#include "events/codec.h"
#include "tests/engine/store_fixture.h"
#include "tests/test_util/tamper.h"

namespace coopledger::test {
namespace {

using engine::kAnyVersion;
using events::Event;
using events::Seq;

class EventStoreTest : public StoreTest {};

TEST_F(EventStoreTest, AssignsGapFreeSeqsFromOneAndChainsHashes) {
  Open();
  EXPECT_EQ(store_->head().seq, 0u);
  EXPECT_EQ(AppendOne("c1", HoursEvent(1, 10, 60)).value().seqs, std::vector<Seq>{1});
  EXPECT_EQ(store_->Append(events::CommandId{"c2"},
                           Batch({HoursEvent(2, 10, 60), HoursEvent(1, 11, 30)}))
                .value()
                .seqs,
            (std::vector<Seq>{2, 3}));
  const std::vector<events::StoredEvent> log = store_->ReadLog(1, 100).value();
  ASSERT_EQ(log.size(), 3u);
  events::Hash running{};
  for (const events::StoredEvent& event : log) {
    EXPECT_EQ(event.prev_hash, running);
    running = engine::ChainHash(running, events::Encode(event));
  }
  EXPECT_EQ(store_->head().hash, running);
  EXPECT_EQ(log[2].stream, "member/M-0001");
  EXPECT_EQ(log[2].stream_version, 2u);
  EXPECT_EQ(log[2].command_id.value, "c2");
}

TEST_F(EventStoreTest, FlushMovesTheMemoryTablesToFilesAndKeepsEveryEvent) {
  Open(/*sync=*/false);
  for (int i = 1; i <= 50; ++i) ASSERT_TRUE(AppendOne("c" + std::to_string(i), HoursEvent(1, i, 30)));
  auto statistic = [this](const std::string& name) {
    for (const auto& [label, value] : store_->Statistics()) {
      if (label == name) return value;
    }
    ADD_FAILURE() << "no statistic " << name;
    return uint64_t{0};
  };
  EXPECT_EQ(statistic("events_sst_bytes"), 0u);
  ASSERT_TRUE(store_->Flush().has_value());
  EXPECT_GT(statistic("events_sst_bytes"), 0u);
  const engine::Head head = store_->head();
  store_.reset();
  engine::StoreOptions read_only = Options();
  read_only.read_only = true;
  std::unique_ptr<engine::EventStore> reader = engine::OpenEventStore(read_only).value();
  EXPECT_EQ(reader->head().seq, 50u);
  EXPECT_EQ(reader->head().hash, head.hash);
  EXPECT_EQ(reader->ReadLog(1, 100).value().size(), 50u);
  EXPECT_TRUE(reader->Flush().has_value());  // Nothing to do read-only.
}

TEST_F(EventStoreTest, RecordedTimeComesFromTheClockAndNeverDecreases) {
  Open();
  ASSERT_TRUE(AppendOne("c1", HoursEvent(1, 1, 60)).has_value());
  clock_.AdvanceMicros(-5'000'000);  // The clock steps back.
  ASSERT_TRUE(AppendOne("c2", HoursEvent(1, 2, 60)).has_value());
  clock_.AdvanceMicros(60'000'000);
  ASSERT_TRUE(AppendOne("c3", HoursEvent(1, 3, 60)).has_value());
  const auto log = store_->ReadLog(1, 10).value();
  EXPECT_EQ(log[0].recorded_at.micros(), kStartMicros);
  EXPECT_EQ(log[1].recorded_at.micros(), kStartMicros);
  EXPECT_EQ(log[2].recorded_at.micros(), kStartMicros + 55'000'000);
}

TEST_F(EventStoreTest, RefusesAStaleExpectedVersionNamingStreamAndVersions) {
  Open();
  ASSERT_TRUE(AppendOne("c1", HoursEvent(7, 1, 60), engine::kNoStream).has_value());
  ASSERT_TRUE(AppendOne("c2", HoursEvent(7, 2, 60), 1).has_value());
  Result<engine::AppendResult> stale = AppendOne("c3", HoursEvent(7, 3, 60), 1);
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code(), ErrorCode::kVersionConflict);
  EXPECT_EQ(stale.error().message(),
            "events[0].stream member/M-0007: expected version 1, actual 2");
  EXPECT_EQ(store_->head().seq, 2u);
  EXPECT_EQ(store_->StreamVersion("member/M-0007").value(), 2u);
}

TEST_F(EventStoreTest, AConflictInABatchAppendsNothingOfIt) {
  Open();
  ASSERT_TRUE(AppendOne("c1", HoursEvent(1, 1, 60)).has_value());
  engine::AppendBatch batch = Batch({HoursEvent(2, 1, 60), HoursEvent(1, 2, 60)});
  batch.events[1].expected_version = 0;  // member/M-0001 is at 1.
  Result<engine::AppendResult> result = store_->Append(events::CommandId{"c2"}, batch);
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), ErrorCode::kVersionConflict);
  EXPECT_EQ(store_->head().seq, 1u);
  EXPECT_EQ(store_->StreamVersion("member/M-0002").value(), 0u);
  // The refused command id stays free.
  batch.events[1].expected_version = 1;
  EXPECT_EQ(store_->Append(events::CommandId{"c2"}, batch).value().seqs, (std::vector<Seq>{2, 3}));
}

TEST_F(EventStoreTest, RepeatedCommandIdWithSamePayloadReturnsTheOriginalSeqs) {
  Open();
  ASSERT_TRUE(AppendOne("c1", HoursEvent(1, 1, 60)).has_value());
  ASSERT_TRUE(AppendOne("c2", HoursEvent(1, 2, 60)).has_value());
  Result<engine::AppendResult> again = AppendOne("c1", HoursEvent(1, 1, 60));
  ASSERT_TRUE(again.has_value());
  EXPECT_TRUE(again->replayed);
  EXPECT_EQ(again->seqs, std::vector<Seq>{1});
  EXPECT_EQ(store_->head().seq, 2u);
  // Also after reopening: the command record is durable.
  Open();
  EXPECT_EQ(AppendOne("c1", HoursEvent(1, 1, 60)).value().seqs, std::vector<Seq>{1});
}

TEST_F(EventStoreTest, RepeatedCommandIdWithAnotherPayloadIsRefused) {
  Open();
  ASSERT_TRUE(AppendOne("c1", HoursEvent(1, 1, 60)).has_value());
  Result<engine::AppendResult> other = AppendOne("c1", HoursEvent(1, 1, 61));
  ASSERT_FALSE(other.has_value());
  EXPECT_EQ(other.error().code(), ErrorCode::kDuplicateCommand);
  EXPECT_NE(other.error().message().find("c1"), std::string::npos);
  EXPECT_EQ(store_->head().seq, 1u);
}

TEST_F(EventStoreTest, RefusesMalformedBatchesNamingTheField) {
  Open();
  EXPECT_EQ(AppendOne("", HoursEvent(1, 1, 60)).error().message(),
            "command_id: must have 1 to 128 bytes and no NUL");
  EXPECT_EQ(store_->Append(events::CommandId{"c"}, Batch({})).error().message(),
            "events: a command appends at least one event");
  Event nameless = HoursEvent(1, 1, 60);
  nameless.stream.clear();
  EXPECT_EQ(store_->Append(events::CommandId{"c"}, Batch({HoursEvent(1, 1, 1), nameless}))
                .error()
                .message(),
            "events[1].stream: must have 1 to 256 bytes and no NUL");
  EXPECT_EQ(store_->head().seq, 0u);
}

TEST_F(EventStoreTest, ReopeningRestoresHeadAndStreamVersions) {
  Open();
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(AppendOne("c" + std::to_string(i), HoursEvent(i % 2, i, 60)).has_value());
  }
  const engine::Head before = store_->head();
  Open();
  const engine::Head after = store_->head();
  EXPECT_EQ(after.seq, before.seq);
  EXPECT_EQ(after.hash, before.hash);
  EXPECT_EQ(after.recorded_at, before.recorded_at);
  EXPECT_EQ(store_->StreamVersion("member/M-0000").value(), 3u);
  EXPECT_EQ(AppendOne("c9", HoursEvent(0, 9, 60), 3).value().seqs, std::vector<Seq>{6});
}

TEST_F(EventStoreTest, ReadsAreBoundedBySeqStreamAndRecordedTime) {
  Open();
  for (int i = 0; i < 20; ++i) {
    clock_.AdvanceMicros(1'000'000);
    ASSERT_TRUE(AppendOne("c" + std::to_string(i), HoursEvent(i % 3, i, 60)).has_value());
  }
  const auto page = store_->ReadLog(5, 4).value();
  ASSERT_EQ(page.size(), 4u);
  EXPECT_EQ(page.front().seq, 5u);
  EXPECT_EQ(page.back().seq, 8u);
  EXPECT_TRUE(store_->ReadLog(21, 10).value().empty());

  const auto stream = store_->ReadStream("member/M-0001", 3, 100).value();
  ASSERT_EQ(stream.size(), 5u);  // Versions 3..7 of seqs 2, 5, 8, ..., 20.
  EXPECT_EQ(stream.front().seq, 8u);
  EXPECT_EQ(stream.front().stream_version, 3u);
  EXPECT_TRUE(store_->ReadStream("member/M-0009", 1, 100).value().empty());

  // Event i was recorded at start + (i) seconds.
  EXPECT_EQ(store_->FirstSeqRecordedAtOrAfter(Timestamp::FromMicros(kStartMicros + 10'000'000))
                .value(),
            10u);
  EXPECT_EQ(store_->FirstSeqRecordedAtOrAfter(Timestamp::FromMicros(kStartMicros)).value(), 1u);
  EXPECT_EQ(store_->FirstSeqRecordedAtOrAfter(Timestamp::FromMicros(kStartMicros + 99'000'000))
                .value(),
            21u);
}

TEST_F(EventStoreTest, ASecondWriterIsRefusedNamingTheHolder) {
  Open();
  engine::StoreOptions second = Options();
  second.holder = "coopledger serve --port 8080";
  Result<std::unique_ptr<engine::EventStore>> refused = engine::OpenEventStore(second);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code(), ErrorCode::kStoreLocked);
  EXPECT_NE(refused.error().message().find("store test"), std::string::npos)
      << refused.error().message();
  // A reader may open beside the writer, and cannot append.
  engine::StoreOptions reader = Options();
  reader.read_only = true;
  std::unique_ptr<engine::EventStore> read_only = engine::OpenEventStore(reader).value();
  EXPECT_EQ(read_only->Append(events::CommandId{"c"}, Batch({HoursEvent(1, 1, 1)}))
                .error()
                .code(),
            ErrorCode::kInvalidArgument);
}

TEST_F(EventStoreTest, OpeningAMissingStoreSaysHowToCreateIt) {
  engine::StoreOptions options = Options();
  options.create_if_missing = false;
  Result<std::unique_ptr<engine::EventStore>> missing = engine::OpenEventStore(options);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.error().message().find("coopledger init"), std::string::npos);
}

void TamperWithStoredEvent(const std::string& path, Seq seq, size_t offset_from_end) {
  std::string error;
  ASSERT_TRUE(FlipStoredEventByte(path, seq, offset_from_end, &error)) << error;
}

TEST_F(EventStoreTest, VerifyNamesTheSeqWhoseStoredBytesWereChanged) {
  Open();
  for (int i = 0; i < 50; ++i) {
    ASSERT_TRUE(AppendOne("c" + std::to_string(i), HoursEvent(i, i, 60)).has_value());
  }
  EXPECT_TRUE(store_->Verify(nullptr).value().ok());
  EXPECT_EQ(store_->Verify(nullptr).value().events_checked, 50u);
  store_.reset();
  TamperWithStoredEvent(Options().path, 37, 20);
  Open();
  const engine::VerifyReport report = store_->Verify(nullptr).value();
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(*report.first_bad_seq, 37u);
  EXPECT_EQ(report.reason, "stored hash does not match the event's bytes");
}

TEST_F(EventStoreTest, VerifyNamesTheSeqWhoseStoredHashWasChanged) {
  Open();
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(AppendOne("c" + std::to_string(i), HoursEvent(i, i, 60)).has_value());
  }
  const size_t value_size = 32 + events::Encode(store_->ReadLog(4, 1).value()[0]).size();
  store_.reset();
  TamperWithStoredEvent(Options().path, 4, value_size);  // First byte of the stored hash.
  Open();
  EXPECT_EQ(*store_->Verify(nullptr).value().first_bad_seq, 4u);
}

// A snapshot larger than the part size is written in parts and read back whole, whichever seq
// it is found from; parts are not snapshots of their own.
TEST_F(StoreTest, ASnapshotLargerThanAPartIsWrittenInPartsAndReadBackWhole) {
  engine::StoreOptions options = Options(/*sync=*/false);
  options.snapshot_part_bytes = 10;
  store_ = engine::OpenEventStore(options).value();
  const std::string five = "WST 5 state in four parts of ten";  // 32 bytes: four parts.
  const std::string nine = "WST 9";                            // One value.
  const std::string twelve = "WST 12 in three parts";          // 21 bytes: three parts.
  ASSERT_TRUE(store_->PutSnapshot("work_state", 5, five).has_value());
  ASSERT_TRUE(store_->PutSnapshot("work_state", 9, nine).has_value());
  ASSERT_TRUE(store_->PutSnapshot("work_state", 12, twelve).has_value());
  ASSERT_TRUE(store_->PutSnapshot("work_state_other", 3, twelve).has_value());

  auto expect_found = [this](engine::Seq at_most, std::optional<std::pair<engine::Seq, std::string>> expected) {
    SCOPED_TRACE("at most " + std::to_string(at_most));
    Result<std::optional<std::pair<engine::Seq, std::string>>> found = store_->FindSnapshot("work_state", at_most);
    ASSERT_TRUE(found.has_value()) << found.error().ToString();
    EXPECT_EQ(*found, expected);
  };
  for (int round = 0; round < 2; ++round) {  // Then from the files, after a reopen.
    expect_found(4, std::nullopt);
    expect_found(5, std::make_pair(engine::Seq{5}, five));
    expect_found(8, std::make_pair(engine::Seq{5}, five));  // Lands on the parts of 5 first.
    expect_found(9, std::make_pair(engine::Seq{9}, nine));
    expect_found(12, std::make_pair(engine::Seq{12}, twelve));
    expect_found(1000, std::make_pair(engine::Seq{12}, twelve));
    EXPECT_EQ(store_->SnapshotSeqs("work_state").value(), (std::vector<engine::Seq>{5, 9, 12}));
    store_.reset();
    options.read_only = true;
    store_ = engine::OpenEventStore(options).value();
  }
}

// Looking for a projection's snapshot before its first one finds none without reading the value
// of the key before it, another projection's snapshot (RocksDB reads a blob value as its
// iterator lands on the key): the balances before their first snapshot read nothing of a 1 MB
// ledger snapshot. RocksDB's perf context counts the blob bytes read.
TEST_F(StoreTest, FindingNoSnapshotReadsNoOtherProjectionsSnapshot) {
  Open();
  std::mt19937_64 random(7);
  std::string ledger(1 << 20, '\0');
  for (char& byte : ledger) byte = static_cast<char>(random());  // Incompressible.
  ASSERT_TRUE(store_->PutSnapshot("ledger", 10, ledger).has_value());
  ASSERT_TRUE(store_->PutSnapshot("member_balances", 50, std::string(8192, 'm')).has_value());
  ASSERT_TRUE(store_->Flush().has_value());  // Values to blob files.
  store_.reset();
  engine::StoreOptions options = Options();
  options.read_only = true;
  store_ = engine::OpenEventStore(options).value();

  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  Result<std::optional<std::pair<engine::Seq, std::string>>> none = store_->FindSnapshot("member_balances", 40);
  ASSERT_TRUE(none.has_value()) << none.error().ToString();
  EXPECT_EQ(*none, std::nullopt);
  EXPECT_EQ(rocksdb::get_perf_context()->blob_read_byte, 0u);

  Result<std::optional<std::pair<engine::Seq, std::string>>> found = store_->FindSnapshot("ledger", 40);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ((*found)->second, ledger);
  EXPECT_GE(rocksdb::get_perf_context()->blob_read_byte, ledger.size());  // The counter counts.
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
}

// A snapshot stored in parts, found from a later seq (the lookup lands on its last part), is
// read once: not each part as the lookup steps back through them and then again to join them.
TEST_F(StoreTest, ASnapshotInPartsFoundFromALaterSeqIsReadOnce) {
  engine::StoreOptions options = Options();
  options.snapshot_part_bytes = 64 << 10;
  store_ = engine::OpenEventStore(options).value();
  std::mt19937_64 random(8);
  std::string state(512 << 10, '\0');  // Eight parts, each a blob.
  for (char& byte : state) byte = static_cast<char>(random());
  ASSERT_TRUE(store_->PutSnapshot("work_state", 10, state).has_value());
  ASSERT_TRUE(store_->Flush().has_value());
  store_.reset();
  options.read_only = true;
  store_ = engine::OpenEventStore(options).value();

  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kEnableCount);
  rocksdb::get_perf_context()->Reset();
  Result<std::optional<std::pair<engine::Seq, std::string>>> found = store_->FindSnapshot("work_state", 20);
  const uint64_t read = rocksdb::get_perf_context()->blob_read_byte;
  rocksdb::SetPerfLevel(rocksdb::PerfLevel::kDisable);
  ASSERT_TRUE(found.has_value() && found->has_value());
  EXPECT_EQ(**found, std::make_pair(engine::Seq{10}, state));
  EXPECT_GE(read, state.size());
  // The landing on the last part reads it once more: 9/8 of the state, where stepping back read 2x.
  EXPECT_LT(read, state.size() + state.size() / 4) << read;
}

// Flush returns once the compactions its table files made due are done: four flushes of
// snapshot keys make one due in RocksDB (four files at level 0), which would otherwise run
// beside whatever reads the store next.
TEST_F(StoreTest, FlushReturnsWithNoCompactionDueOrRunning) {
  Open(/*sync=*/false);
  std::mt19937_64 random(9);
  std::string value(1000, '\0');  // Below the blob size: compacted with the keys.
  for (int flush = 0; flush < 4; ++flush) {
    for (engine::Seq seq = 1; seq <= 5000; ++seq) {
      for (char& byte : value) byte = static_cast<char>(random());
      ASSERT_TRUE(store_->PutSnapshot("ledger", seq, value).has_value());
    }
    ASSERT_TRUE(store_->Flush().has_value());
  }
  uint64_t compactions = 99;
  for (const auto& [name, count] : store_->Statistics()) {
    if (name == "compactions_pending_or_running") compactions = count;
  }
  EXPECT_EQ(compactions, 0u);
}

}  // namespace
}  // namespace coopledger::test
