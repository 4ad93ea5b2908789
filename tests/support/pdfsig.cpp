#include "tests/support/pdfsig.h"

#include "shared/util/error.h"
#include "tests/support/process.h"

namespace ekel::test {

namespace {

RunResult must_run(const std::string& program, const std::vector<std::string>& args, const std::string& output) {
    RunResult done = run_process(program, args, {{"TZ", "UTC"}}, "/", output);
    if (done.exit_code != 0) throw Error(program + " failed: " + done.out + done.err);
    return done;
}

}  // namespace

Pdfsig::Pdfsig(const std::string& ca_pem_path) : nss_("sql:" + dir_.file("nssdb")) {
    must_run("/usr/bin/mkdir", {dir_.file("nssdb")}, dir_.file("mkdir"));
    must_run("/usr/bin/certutil", {"-N", "-d", nss_, "--empty-password"}, dir_.file("certutil-new"));
    must_run("/usr/bin/certutil", {"-A", "-d", nss_, "-n", "Kelurahan CA", "-t", "C,C,C", "-i", ca_pem_path},
             dir_.file("certutil-add"));
}

std::string Pdfsig::report(const std::string& pdf_path) const {
    const RunResult done = run_process("/usr/bin/pdfsig", {"-nssdir", nss_, pdf_path}, {{"TZ", "UTC"}}, "/",
                                       dir_.file("pdfsig"));
    return done.out + done.err;
}

}  // namespace ekel::test
