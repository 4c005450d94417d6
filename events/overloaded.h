// Overloaded{lambdas...}: one visitor for std::visit from several lambdas.
#ifndef COOPLEDGER_EVENTS_OVERLOADED_H_
#define COOPLEDGER_EVENTS_OVERLOADED_H_

namespace coopledger {

template <typename... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <typename... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

}  // namespace coopledger

#endif  // COOPLEDGER_EVENTS_OVERLOADED_H_
