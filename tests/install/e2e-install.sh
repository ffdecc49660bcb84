#!/bin/bash
# The installed package, end to end: `cmake --install` into a temporary prefix, then
#  - the installed program runs (`dmverify --version` names the project version, `list` works),
#    and the headers, the libraries, the data and the docs are where the package says;
#  - a small consumer program is built twice against the installed package only, once with
#    find_package(dmverify) (CMake) and once with pkg-config (dmverify.pc), and computes a
#    certified exact law that it checks against a value derived by hand (below).
#
# The hand derivation (docs/schemes.md 1-3): the VE process (alpha = 1, sigma(s) = s,
# f = 0, g^2 = 2s), data N(m, lambda) with m = 1, lambda = 1, T = 2, a uniform grid of
# 2 steps to eps = 0 (s = 2, 1, 0; h = 1), Euler on the PF-ODE:
#   y' = y + h F(y, s),  F = (1/2) g^2 S = -s (y - m) / (lambda + s^2),
# so y' - m = (1 - h s / (1 + s^2)) (y - m): factor 1 - 2/5 = 3/5 at s = 2 and
# 1 - 1/2 = 1/2 at s = 1, A = 3/10 in all. From the standard VE start N(0, T^2 = 4):
#   mean = m + A (0 - m) = 7/10,  var = A^2 4 = 9/25,
# and W2 to the data N(1, 1): sqrt((3/10)^2 + (3/5 - 1)^2) = 1/2.
set -u
BUILD=${DMV_BINARY_DIR:?DMV_BINARY_DIR must point at the build folder}
SRC=${DMV_SOURCE_DIR:?DMV_SOURCE_DIR must point at the source folder}
CMAKE=${DMV_CMAKE_COMMAND:-cmake}
CC=${DMV_C_COMPILER:-cc}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

PREFIX=$T/prefix
"$CMAKE" --install "$BUILD" --prefix "$PREFIX" >"$T/install.log" 2>&1 || { cat "$T/install.log"; echo "FAIL: cmake --install"; exit 1; }

# the layout (GNUInstallDirs: lib or lib64 or lib/<multiarch>)
version=$(sed -n 's/^project(dmverify VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")
[ -n "$version" ] || bad "no project version in CMakeLists.txt"
out=$("$PREFIX/bin/dmverify" --version) || bad "installed dmverify --version exits $?"
case $out in "dmverify $version (commit "*) ;; *) bad "dmverify --version printed '$out', expected 'dmverify $version (commit ...'" ;; esac
"$PREFIX/bin/dmverify" list >/dev/null || bad "installed dmverify list"
for f in include/dmv/ref.h include/dmv/spec.h include/dmv/error.h share/dmverify/data/cifar10_eigenvalues.npy \
         share/dmverify/data/pierret_galerne_table.csv share/doc/dmverify/README.md share/doc/dmverify/docs/schemes.md; do
    [ -f "$PREFIX/$f" ] || bad "not installed: $f"
done
for f in "$SRC"/data/*; do
    cmp -s "$f" "$PREFIX/share/dmverify/data/$(basename "$f")" || bad "installed data differ: $(basename "$f")"
done
pc=$(find "$PREFIX" -name dmverify.pc | head -n 1)
cfg=$(find "$PREFIX" -name dmverifyConfig.cmake | head -n 1)
[ -n "$pc" ] || bad "dmverify.pc not installed"
[ -n "$cfg" ] || bad "dmverifyConfig.cmake not installed"
[ -n "$(find "$PREFIX" -name dmverifyConfigVersion.cmake)" ] || bad "dmverifyConfigVersion.cmake not installed"
for l in dmv_io dmv_stats dmv_fast dmv_ref dmv_theorems dmv_reports; do
    [ -n "$(find "$PREFIX" -name "lib$l.a")" ] || bad "lib$l.a not installed"
done

# the consumer: only the installed headers and libraries
mkdir -p "$T/consumer"
cat >"$T/consumer/consumer.c" <<'C'
#include <stdio.h>
#include "dmv/ref.h"

static int check(const char *what, const arb_t x, long num, long den)
{
    int ok;
    char *str;
    arb_t q;
    arb_init(q);
    arb_set_si(q, num);
    arb_div_si(q, q, den, 256);
    ok = arb_contains(x, q) && mag_cmp_2exp_si(arb_radref(x), -100) < 0;
    str = arb_get_str(x, 30, 0);
    printf("%s = %s (hand: %ld/%ld): %s\n", what, str, num, den, ok ? "ok" : "WRONG");
    flint_free(str);
    arb_clear(q);
    return ok;
}

int main(void)
{
    dmv_process p;
    dmv_grid g;
    dmv_scheme s;
    dmv_init init;
    dmv_gaussian data;
    dmv_ref_schedule sch;
    dmv_error err;
    arb_t lambda, mean, m0, v0, mo, vo, w2;
    const double lam1 = 1, mean1 = 1;
    int ok = 1;

    dmv_error_init(&err);
    dmv_process_default(&p, DMV_PROCESS_VE);
    p.t_max = 2;
    dmv_grid_default(&g);
    g.kind = DMV_GRID_UNIFORM, g.steps = 2, g.eps = 0;
    dmv_scheme_default(&s);
    s.kind = DMV_SCHEME_EULER;
    dmv_init_default(&init);
    data.d = 1, data.lambda = &lam1, data.mean = &mean1, data.basis = NULL;
    arb_init(lambda), arb_init(mean), arb_init(m0), arb_init(v0), arb_init(mo), arb_init(vo), arb_init(w2);
    arb_one(lambda), arb_one(mean);
    if (dmv_ref_schedule_init(&sch, &p, &g, &s, DMV_REF_PREC, &err) != DMV_OK ||
        dmv_ref_init_law1(m0, v0, &init, &p, lambda, mean, DMV_REF_PREC, &err) != DMV_OK ||
        dmv_ref_scheme_law1(mo, vo, &sch, lambda, mean, m0, v0, NULL, DMV_REF_PREC, &err) != DMV_OK ||
        dmv_ref_scheme_w2_to_data(w2, NULL, &p, &g, &s, &init, &data, NULL, 1, DMV_REF_PREC, &err) != DMV_OK) {
        printf("error: %s\n", err.msg);
        return 1;
    }
    ok &= check("start mean", m0, 0, 1);
    ok &= check("start var", v0, 4, 1);
    ok &= check("mean", mo, 7, 10);
    ok &= check("var", vo, 9, 25);
    ok &= check("w2", w2, 1, 2);
    dmv_ref_schedule_clear(&sch);
    arb_clear(lambda), arb_clear(mean), arb_clear(m0), arb_clear(v0), arb_clear(mo), arb_clear(vo), arb_clear(w2);
    flint_cleanup();
    return ok ? 0 : 1;
}
C
cat >"$T/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.18)
project(consumer LANGUAGES C)
find_package(dmverify 0.1 REQUIRED CONFIG)
if(NOT EXISTS "${dmverify_DATA_DIR}/cifar10_eigenvalues.npy")
  message(FATAL_ERROR "dmverify_DATA_DIR '${dmverify_DATA_DIR}' holds no cifar10_eigenvalues.npy")
endif()
add_executable(consumer consumer.c)
target_link_libraries(consumer PRIVATE dmverify::dmv_ref)
CM
# with CMake: find_package(dmverify), nothing but the prefix
if "$CMAKE" -S "$T/consumer" -B "$T/consumer/build" -DCMAKE_PREFIX_PATH="$PREFIX" -DCMAKE_C_COMPILER="$CC" \
        -DCMAKE_BUILD_TYPE=Debug >"$T/cmake.log" 2>&1 &&
    "$CMAKE" --build "$T/consumer/build" >>"$T/cmake.log" 2>&1; then
    "$T/consumer/build/consumer" || bad "the find_package(dmverify) consumer computes a wrong law"
else
    cat "$T/cmake.log"; bad "building the consumer with find_package(dmverify)"
fi
# the version file refuses an incompatible request
cat >"$T/consumer/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.18)
project(consumer2 LANGUAGES C)
find_package(dmverify 99.0 REQUIRED CONFIG)
CM
"$CMAKE" -S "$T/consumer" -B "$T/consumer/build99" -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null 2>&1 &&
    bad "find_package(dmverify 99.0) accepted version $version"

# with pkg-config: dmverify.pc, nothing but the prefix
if command -v pkg-config >/dev/null; then
    pcdir=$(dirname "$pc")
    pv=$(PKG_CONFIG_PATH=$pcdir pkg-config --modversion dmverify) || bad "pkg-config --modversion dmverify"
    [ "$pv" = "$version" ] || bad "dmverify.pc version '$pv', expected '$version'"
    cflags=$(PKG_CONFIG_PATH=$pcdir pkg-config --cflags dmverify) && libs=$(PKG_CONFIG_PATH=$pcdir pkg-config --libs dmverify) ||
        bad "pkg-config --cflags/--libs dmverify"
    # shellcheck disable=SC2086
    if "$CC" -std=c11 -Wall -Wextra -Wpedantic -Werror $cflags "$T/consumer/consumer.c" -o "$T/consumer/consumer-pc" $libs 2>"$T/cc.log"; then
        "$T/consumer/consumer-pc" || bad "the pkg-config consumer computes a wrong law"
    else
        cat "$T/cc.log"; bad "building the consumer with pkg-config ($cflags ... $libs)"
    fi
else
    bad "pkg-config is not installed (ci/setup.sh installs it)"
fi
[ $fail -eq 0 ] && echo "e2e-install: ok (prefix $PREFIX, version $version)"
exit $fail
