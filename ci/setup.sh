# Sourced by ci/test and ci/run-suite: installs what is missing (Debian 12, as root
# or with sudo), once, idempotently; then defines helpers.
set -euo pipefail

DMV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DMV_JOBS=$(nproc 2>/dev/null || echo 2)

dmv_apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "ci: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if [ ! -f /tmp/.dmv-apt-updated ]; then
        $sudo apt-get update -qq && touch /tmp/.dmv-apt-updated
    fi
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# The build's own dependencies (git: the commit recorded in reports and `dmverify --version`).
DMV_BUILD_PKGS=(build-essential cmake pkg-config git libflint-dev libflint-arb-dev libmpfr-dev libgmp-dev
                libopenblas-dev liblapacke-dev librandom123-dev libcjson-dev python3)

# What the tests use beyond the build (found by grepping tests/ for the programs and modules
# they call): /usr/bin/python3 with NumPy (tests/cli/e2e-sample*.sh), Chromium
# (tests/reports/e2e-html.sh), gcovr (ci/test's coverage floor), pkg-config and cmake
# (tests/install/e2e-install.sh). Under CI=true a test that cannot run is a failure, so
# nothing here is optional. (bench/run installs python3-torch itself; ctest never runs it.)
DMV_TEST_PKGS=(python3-numpy chromium gcovr libopenmpi-dev openmpi-bin) # Open MPI: ci/test's MPI stage
# The fuzz targets (ci/fuzz, ci/test's last stage; docs/fuzzing.md): clang with libFuzzer; valgrind (ci/valgrind).
DMV_FUZZ_PKGS=(clang-14 libclang-rt-14-dev valgrind)

# The published data is in the repository (data/, see data/README.md); the program finds it
# by itself (a build tree reads the repository's data/, an installed one share/dmverify/data).

dmv_configure_build() { # dir [cmake args...]
    local dir=$1; shift
    cmake -S "$DMV_ROOT" -B "$DMV_ROOT/$dir" "$@" >/dev/null
    cmake --build "$DMV_ROOT/$dir" -j "$DMV_JOBS"
}

# ctest, and under CI=true no test may be skipped or left not run (the summary says so).
dmv_ctest() { # build-dir [ctest args...]
    local dir=$1; shift
    local log="$DMV_ROOT/$dir/ctest.log"
    local rc
    set +e
    ctest --test-dir "$dir" --no-tests=error --output-on-failure -j "$DMV_JOBS" "$@" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    set -e
    [ "$rc" -eq 0 ] || return "$rc"
    if [ "${CI:-}" = true ] && grep -qE 'Not Run|\*\*\*Skipped|tests did not run' "$log"; then
        echo "ci/test: some test was skipped or not run (a failure under CI=true)" >&2
        return 1
    fi
}
