#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdlib>

int main(int argc, char** argv) {
    // ekel-office processes started by these tests run the shipped demo configuration, whose
    // signers' pilot keys `seed-demo` makes with passwords from the environment, as scripts/run.sh
    // gives `make run`. Children inherit these.
    setenv("EKEL_SIGNER_LURAH_PASSWORD", "kata-sandi-demo-lurah", 0);
    setenv("EKEL_SIGNER_SEKRETARIS_PASSWORD", "kata-sandi-demo-sekretaris", 0);
    return doctest::Context(argc, argv).run();
}
