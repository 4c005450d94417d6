// Snapshots of the validation state (projections/work_state.h), which is also what receivables
// are computed from: engine/snapshots.h stores them; `check` compares them byte for byte.
#ifndef COOPLEDGER_PROJECTIONS_WORK_STATE_SNAPSHOT_H_
#define COOPLEDGER_PROJECTIONS_WORK_STATE_SNAPSHOT_H_

#include <string>
#include <string_view>

#include "events/result.h"
#include "projections/work_state.h"

namespace coopledger::projections {

// The whole state as bytes (grammar in work_state_snapshot.cc). The same state always gives the
// same bytes.
std::string WorkStateSnapshot(const WorkState& state);
// The state SnapshotOf wrote; kCorruption for any other bytes.
Result<WorkState> WorkStateFromSnapshot(std::string_view bytes);

}  // namespace coopledger::projections

#endif  // COOPLEDGER_PROJECTIONS_WORK_STATE_SNAPSHOT_H_
