#!/usr/bin/env bash
# Installs what building and testing cairn needs, only where it is missing:
# Debian's -dev packages for the C libraries, and the Python test oracles (pyarrow, duckdb).
set -euo pipefail

need_apt=()
pkg-config --exists libzstd 2>/dev/null || need_apt+=(libzstd-dev)
pkg-config --exists libgit2 2>/dev/null || need_apt+=(libgit2-dev)
pkg-config --exists zlib 2>/dev/null || need_apt+=(zlib1g-dev)
pkg-config --exists hdf5-serial 2>/dev/null || need_apt+=(libhdf5-dev)
[ -f /usr/include/snappy-c.h ] || need_apt+=(libsnappy-dev)
command -v pkg-config >/dev/null || need_apt+=(pkg-config)
command -v git >/dev/null || need_apt+=(git)
command -v python3 >/dev/null || need_apt+=(python3 python3-pip)

if [ ${#need_apt[@]} -gt 0 ]; then
    echo "install-deps: apt-get install ${need_apt[*]}" >&2
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ "${CAIRN_SKIP_PYTHON:-0}" != 1 ]; then
    py_missing=()
    for mod in pyarrow duckdb numpy anndata h5py; do
        /usr/bin/env python3 -c "import $mod" 2>/dev/null || py_missing+=("$mod")
    done
    if [ ${#py_missing[@]} -gt 0 ]; then
        echo "install-deps: pip install ${py_missing[*]}" >&2
        /usr/bin/env python3 -m pip install --quiet "${py_missing[@]}" 2>/dev/null \
            || /usr/bin/env python3 -m pip install --quiet --break-system-packages "${py_missing[@]}"
    fi
fi
