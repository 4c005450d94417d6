// ExportRecorded as a command: what the server appends for an export made over HTTP.
#include <gtest/gtest.h>

#include "engine/exports.h"
#include "engine/hash_chain.h"
#include "tests/engine/command_fixture.h"

namespace coopledger::test {
namespace {

events::ExportRecorded Export() {
  events::ExportRecorded record;
  record.export_kind = "dsn";
  record.parameters = "--month 2025-07";
  record.file_name = "dsn-2025-07.txt";
  const events::Hash hash = engine::Sha256("S10.G00.00.001,'coopledger'");
  record.file_sha256.assign(hash.begin(), hash.end());
  return record;
}

TEST_F(CommandHandlerTest, ExportRecordedIsAppendedToTheExportsStreamToday) {
  const events::StoredEvent event = AcceptOne(Export());
  EXPECT_EQ(event.stream, engine::kExportStream);
  EXPECT_EQ(event.effective.ToString(), "2025-09-30");
  const auto& record = std::get<events::ExportRecorded>(event.body);
  EXPECT_EQ(record.export_kind, "dsn");
  EXPECT_EQ(record.file_sha256.size(), events::kHashSize);
  EXPECT_EQ(service_->state().last_seq(), event.seq) << "the service's state follows the log";
}

TEST_F(CommandHandlerTest, RefusesAnExportRecordWithoutKindFileOrHash) {
  ExpectRefusals<events::ExportRecorded>(
      Export(), {
                    {[](auto& c) { c.export_kind.clear(); }, ErrorCode::kInvalidArgument,
                     "export_kind: required"},
                    {[](auto& c) { c.file_name.clear(); }, ErrorCode::kInvalidArgument,
                     "file_name: required"},
                    {[](auto& c) { c.file_sha256.resize(31); }, ErrorCode::kInvalidArgument,
                     "file_sha256: must be 32 bytes"},
                });
}

}  // namespace
}  // namespace coopledger::test
