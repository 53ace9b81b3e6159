#!/usr/bin/env bash
# Installs what building and testing cairn needs, only where it is missing:
# Debian's -dev packages for the C libraries, the Python test oracles (pyarrow, duckdb; sqlite3 checked) and moto's S3 server.
set -euo pipefail

need_apt=()
pkg-config --exists libzstd 2>/dev/null || need_apt+=(libzstd-dev)
pkg-config --exists libgit2 2>/dev/null || need_apt+=(libgit2-dev)
pkg-config --exists libcurl 2>/dev/null || need_apt+=(libcurl4-openssl-dev)
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
    # The S3 tests run against moto's server; 5.2.5 is the first with the conditional writes they rely on.
    /usr/bin/env python3 -c "
import sys, importlib.metadata as m
v = tuple(int(p) for p in m.version('moto').split('.')[:3])
import flask, flask_cors  # moto's server extra
sys.exit(0 if v >= (5, 2, 5) else 1)" 2>/dev/null || py_missing+=("moto[server]>=5.2.5")
    # The differential query tests run SQLite through the standard library's sqlite3, which pip cannot
    # add to a Python built without libsqlite3-dev.
    /usr/bin/env python3 -c "import sqlite3" 2>/dev/null || {
        echo "install-deps: $(/usr/bin/env python3 -c 'import sys; print(sys.executable)') has no sqlite3 module (built without libsqlite3-dev); the query tests need it" >&2
        exit 1
    }
    if [ ${#py_missing[@]} -gt 0 ]; then
        echo "install-deps: pip install ${py_missing[*]}" >&2
        /usr/bin/env python3 -m pip install --quiet "${py_missing[@]}" 2>/dev/null \
            || /usr/bin/env python3 -m pip install --quiet --break-system-packages "${py_missing[@]}"
    fi
fi
