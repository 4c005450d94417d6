// Field lists: each event and value struct names its fields once, and generic code (the codec,
// the JSON adapter, random test data) walks them. The wire name of a field is the camelCase of
// its C++ name (member_id -> memberId); its JSON name is the C++ name itself. A Money field
// carries its unit in both external names: C++ `amount` is wire `amountCents`, JSON
// `amount_cents`. A Date is a day number on the wire and "YYYY-MM-DD" in JSON.
#ifndef COOPLEDGER_EVENTS_FIELDS_H_
#define COOPLEDGER_EVENTS_FIELDS_H_

#include <string_view>

// COOPLEDGER_FOR_EACH(m, a, b, c) expands to m(a) m(b) m(c), for up to 256 arguments.
#define COOPLEDGER_PARENS_ ()
#define COOPLEDGER_EXPAND_(...) COOPLEDGER_EXPAND3_(COOPLEDGER_EXPAND3_(COOPLEDGER_EXPAND3_(__VA_ARGS__)))
#define COOPLEDGER_EXPAND3_(...) COOPLEDGER_EXPAND2_(COOPLEDGER_EXPAND2_(COOPLEDGER_EXPAND2_(__VA_ARGS__)))
#define COOPLEDGER_EXPAND2_(...) COOPLEDGER_EXPAND1_(COOPLEDGER_EXPAND1_(COOPLEDGER_EXPAND1_(__VA_ARGS__)))
#define COOPLEDGER_EXPAND1_(...) __VA_ARGS__
#define COOPLEDGER_FOR_EACH(macro, ...) \
  __VA_OPT__(COOPLEDGER_EXPAND_(COOPLEDGER_FOR_EACH_HELPER_(macro, __VA_ARGS__)))
#define COOPLEDGER_FOR_EACH_HELPER_(macro, first, ...) \
  macro(first) __VA_OPT__(COOPLEDGER_FOR_EACH_AGAIN_ COOPLEDGER_PARENS_(macro, __VA_ARGS__))
#define COOPLEDGER_FOR_EACH_AGAIN_() COOPLEDGER_FOR_EACH_HELPER_

#define COOPLEDGER_VISIT_FIELD_(name) visitor(#name, self.name);

// Declares, inside struct `Type`, its name, its field list and member-wise equality.
// VisitFields(self, visitor) calls visitor("field_name", self.field_name) in declaration order,
// for a const or a mutable `self`.
#define COOPLEDGER_FIELDS(Type, ...)                                         \
  static constexpr std::string_view kTypeName = #Type;                       \
  template <typename Self, typename Visitor>                                 \
  static void VisitFields(Self& self, Visitor& visitor) {                    \
    COOPLEDGER_FOR_EACH(COOPLEDGER_VISIT_FIELD_, __VA_ARGS__)                \
  }                                                                          \
  friend bool operator==(const Type&, const Type&) = default

namespace coopledger::events {

// Specialised for every enum that appears in an event: kNames[i] is the wire (and JSON) name of
// the enumerator with value i. The codec checks these against the schema's enumerants.
template <typename Enum>
struct EnumNames;

template <typename T>
concept HasFields = requires { T::kTypeName; };

}  // namespace coopledger::events

#endif  // COOPLEDGER_EVENTS_FIELDS_H_
