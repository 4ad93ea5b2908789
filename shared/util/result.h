#pragma once

#include <string>
#include <utility>
#include <variant>

namespace ekel {

/// A problem with an input, naming what was wrong (a field, a key, a row) in words a person reads.
struct Problem {
    std::string field;
    std::string message;
};

/// Either a value or a Problem. Member names follow std::expected so C++23 is a mechanical move.
template <typename T>
class Result {
public:
    Result(T value) : data_(std::move(value)) {}
    Result(Problem problem) : data_(std::move(problem)) {}

    static Result failure(std::string field, std::string message) {
        return Result(Problem{std::move(field), std::move(message)});
    }

    bool has_value() const { return data_.index() == 0; }
    explicit operator bool() const { return has_value(); }

    const T& value() const& { return std::get<0>(data_); }
    T& value() & { return std::get<0>(data_); }
    T&& value() && { return std::get<0>(std::move(data_)); }
    const T& operator*() const& { return value(); }
    const T* operator->() const { return &value(); }
    T* operator->() { return &value(); }
    const Problem& error() const { return std::get<1>(data_); }

private:
    std::variant<T, Problem> data_;
};

}  // namespace ekel
