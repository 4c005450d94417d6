// Error codes, Error and Result<T>: rejections are values, never exceptions.
//
// Result<T> is spelled like C++23 std::expected<T, Error> (has_value, value, error, operator*,
// operator->) so that moving to C++23 is a rename. Status is Result<void>.
#ifndef COOPLEDGER_EVENTS_RESULT_H_
#define COOPLEDGER_EVENTS_RESULT_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "events/assert.h"

namespace coopledger {

// Codes are persisted and sent to clients: never renumber, only append.
enum class ErrorCode : uint16_t {
  kInvalidArgument = 1,     // Malformed command or input: the caller must change it.
  kPostingsMustBalance = 2, // An entry's debits and credits differ: fix the entry.
  kPeriodClosed = 3,        // Valid command, wrong state: no retry until the state changes.
  kVersionConflict = 4,     // Another writer appended first: re-read the stream, then retry.
  kStorageIo = 5,           // The disk or RocksDB failed: retry the same call later.
  kCorruption = 6,          // Stored bytes failed a check: stop and call a human.
  kAmountOverflow = 7,      // A sum left the int64 range of cents: the input is absurd.
  kInvalidDate = 8,         // Not a calendar date, or outside the supported years.
  kNotFound = 9,            // The thing named does not exist: check the id.
  kDuplicateCommand = 10,   // The command id was used with another payload: pick a new id.
  kStoreLocked = 11,        // Another process writes this store: stop it or use it instead.
  kPersonalDataErased = 12, // The person's key was erased: the data is gone for good.
  kUnsupported = 13,        // Written by a newer version: upgrade coopledger.
  kAlreadyExists = 14,      // Creating something that is already there.
  kOutsideContract = 15,    // Work on a day the member has no contract: check the day.
  kWorkingTimeLimit = 16,   // Over the legal daily or weekly limit (minors): split the work.
  kOverlappingHours = 17,   // The member already has work at that time: correct one of them.
  kExceedsOpenAmount = 18,  // More than what remains open on the document: lower the amount.
  kDocumentValidated = 19,  // A validated document never changes: issue a credit note.
  kNotReversible = 20,      // That event cannot be reversed: use its corrective event.
};

// Returns the stable snake_case name of `code`, e.g. "version_conflict".
std::string_view ErrorCodeName(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "version_conflict: stream member/M-0001: expected version 3, actual 4".
  std::string ToString() const;
  // Prepends context to the message: "line 3: " + message.
  Error WithContext(std::string_view context) const;

 private:
  ErrorCode code_;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit.
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit.

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }
  T& value() & {
    COOPLEDGER_ASSERT(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    COOPLEDGER_ASSERT(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    COOPLEDGER_ASSERT(has_value());
    return std::get<0>(std::move(state_));
  }
  const Error& error() const {
    COOPLEDGER_ASSERT(!has_value());
    return std::get<1>(state_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT: implicit.

  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  void value() const { COOPLEDGER_ASSERT(has_value()); }
  const Error& error() const {
    COOPLEDGER_ASSERT(failed_);
    return error_;
  }

 private:
  Error error_{ErrorCode::kInvalidArgument, ""};
  bool failed_ = false;
};

using Status = Result<void>;

inline Status OkStatus() { return Status(); }

}  // namespace coopledger

#define COOPLEDGER_CONCAT_INNER_(a, b) a##b
#define COOPLEDGER_CONCAT_(a, b) COOPLEDGER_CONCAT_INNER_(a, b)

// Returns the error of `expr` (a Result or Status) from the enclosing function.
#define COOPLEDGER_RETURN_IF_ERROR(expr)                                            \
  do {                                                                              \
    auto&& coopledger_status_ = (expr);                                             \
    if (!coopledger_status_.has_value()) return coopledger_status_.error();         \
  } while (false)

// `lhs = *expr` when expr holds a value; returns its error otherwise.
#define COOPLEDGER_ASSIGN_OR_RETURN(lhs, expr) \
  COOPLEDGER_ASSIGN_OR_RETURN_IMPL_(COOPLEDGER_CONCAT_(coopledger_result_, __LINE__), lhs, expr)
#define COOPLEDGER_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                      \
  if (!result.has_value()) return result.error();            \
  lhs = std::move(result).value()

#endif  // COOPLEDGER_EVENTS_RESULT_H_
