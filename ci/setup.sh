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

# The build's own dependencies.
DMV_BUILD_PKGS=(build-essential cmake pkg-config git libflint-dev libflint-arb-dev libmpfr-dev libgmp-dev
                libopenblas-dev liblapacke-dev librandom123-dev libcjson-dev python3)

# Data published with the papers sits beside the checkout (../shared/data), never in git.
DMV_DATA_DIR="${DMV_DATA_DIR:-$(cd "$DMV_ROOT/.." && pwd)/shared/data}"

dmv_configure_build() { # dir [cmake args...]
    local dir=$1; shift
    cmake -S "$DMV_ROOT" -B "$DMV_ROOT/$dir" -DDMV_SHARED_DATA="$DMV_DATA_DIR" "$@" >/dev/null
    cmake --build "$DMV_ROOT/$dir" -j "$DMV_JOBS"
}
