# E-Kelurahan: `make run` and `make test` do all set-up on a fresh Debian 12 machine (as root).
SHELL := /bin/bash
JOBS ?= $(shell nproc)
RELEASE_DIR := build/release
TEST_DIR := build/test
FUZZ_DIR := build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := fuzz_envelope fuzz_understanding
CONFIG ?= config/kota.toml

.PHONY: all deps build run test bench fuzz clean

all: build

deps:
	@scripts/install-deps.sh

build: deps
	cmake -S . -B $(RELEASE_DIR) -DCMAKE_BUILD_TYPE=Release -DEKEL_BUILD_TESTS=OFF -DEKEL_BUILD_BENCH=OFF > /dev/null
	cmake --build $(RELEASE_DIR) -j $(JOBS) --target ekel-bot ekel-office

run: build
	@scripts/run.sh $(RELEASE_DIR) $(CONFIG)

# Debug build with AddressSanitizer and UndefinedBehaviorSanitizer; the exit code is the verdict.
test: deps
	cmake -S . -B $(TEST_DIR) -DCMAKE_BUILD_TYPE=Debug -DEKEL_SANITIZE=ON -DEKEL_WERROR=ON -DEKEL_BUILD_BENCH=OFF > /dev/null
	cmake --build $(TEST_DIR) -j $(JOBS)
	cd $(TEST_DIR) && ctest --output-on-failure -j $(JOBS)

# libFuzzer with ASan+UBSan (clang, its own build directory; not part of `make test`): runs each
# target for FUZZ_SECONDS on its seed corpus and fails if one finds a crash.
fuzz:
	@scripts/install-deps.sh fuzz
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEKEL_BUILD_FUZZ=ON \
	  -DEKEL_BUILD_TESTS=OFF -DEKEL_BUILD_BENCH=OFF > /dev/null
	cmake --build $(FUZZ_DIR) -j $(JOBS) --target $(FUZZ_TARGETS)
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

clean:
	rm -rf build
