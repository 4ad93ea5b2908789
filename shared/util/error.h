#pragma once

#include <stdexcept>
#include <string>

namespace ekel {

/// Base of our own exceptions: broken invariants, never bad input (that is a Result value).
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace ekel
