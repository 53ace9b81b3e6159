#!/usr/bin/env bash
# Writes Tests/CLITests/Fixtures/anndata-versions/: one small .h5ad per older anndata version (plus one
# with an integer X in CSC or dense layout), each from that version installed into its own virtual
# environment, and a README.md naming the versions and libraries used.
#
# Run by hand when adding a version; never from CI or tests: the files are committed, so the tests
# check cairn against what those versions really wrote, without installing them.
#
# Usage: scripts/make_anndata_fixtures.sh [VERSION...]   (default: every version below)
# Needs: python3 (3.11 here) with venv, and PyPI. Virtual environments go under ${VENVS:-/tmp/cairn-anndata-venvs}.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/Tests/CLITests/Fixtures/anndata-versions"
venvs="${VENVS:-/tmp/cairn-anndata-venvs}"

# version | the other X layout (integer X) | pins that make it install from wheels on Python 3.11
# (wheels only: old numpy/scipy/pandas source builds take long and mostly fail).
versions=(
    "0.6.13|dense|pandas<1.6 numpy<1.24 h5py<3.9 scipy<1.10 six"
    "0.6.19|csc|pandas<1.6 numpy<1.24 h5py<3.9 scipy<1.10 six"
    "0.6.22.post1|dense|pandas<1.6 numpy<1.24 h5py<3.9 scipy<1.10"
    "0.7.8|csc|pandas<1.6 numpy<1.24 h5py<3.9 scipy<1.10"
    "0.8.0|dense|pandas<1.6 numpy<1.24 h5py<3.9 scipy<1.10"
    "0.9.2|csc|pandas<2.1 numpy<1.25 scipy<1.12"
    "0.10.9|dense|pandas<2.3 numpy<2 scipy<1.15"
    "0.11.4|csc|pandas<2.3 numpy<2.3"
)
# Left out: anndata before 0.6.13 publishes no wheel (sources only); 0.6.14-0.6.18 write what 0.6.13
# and 0.6.19 write.

wanted=("$@")
mkdir -p "$out" "$venvs"
for entry in "${versions[@]}"; do
    IFS='|' read -r version layout pins <<<"$entry"
    if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " =~ " $version " ]]; then continue; fi
    venv="$venvs/anndata-$version"
    # (pip, not an import, asks: 0.6.19 imports only with the writer's shims.)
    if [ "$("$venv/bin/pip" show anndata 2>/dev/null | sed -n 's/^Version: //p')" != "$version" ]; then
        echo "make_anndata_fixtures: installing anndata $version" >&2
        python3 -m venv "$venv"
        # shellcheck disable=SC2086  # pins are separate words
        "$venv/bin/pip" install -q --disable-pip-version-check --only-binary=:all: "anndata==$version" $pins
    fi
    rm -f "$out/anndata-$version.h5ad" "$out/anndata-$version-"*.h5ad
    "$venv/bin/python" "$root/scripts/anndata_fixture_writer.py" "$out" full
    "$venv/bin/python" "$root/scripts/anndata_fixture_writer.py" "$out" "$layout"
    "$venv/bin/pip" list --format=freeze 2>/dev/null | grep -iE '^(anndata|h5py|numpy|pandas|scipy)==' | paste -sd' ' \
        >"$venvs/anndata-$version.libraries"
done

# README: every version whose libraries were recorded (by this run or an earlier one).
{
    echo "# h5ad files written by older anndata versions"
    echo
    echo "Made by \`scripts/make_anndata_fixtures.sh\` (with \`scripts/anndata_fixture_writer.py\`), each version"
    echo "installed from PyPI wheels into its own virtual environment on Python $(python3 -c 'import platform; print(platform.python_version())'). Do not edit by hand;"
    echo "rerun the script to add a version. \`AnnDataVersionTests\` imports each file into cairn, exports it,"
    echo "and compares the export with the file as the current anndata reads both."
    echo
    echo "- \`anndata-<version>.h5ad\`: 50 cells × 30 genes, CSR float32 X, a \`counts\` layer, raw (its own var),"
    echo "  obsm (\`X_pca\` float32, \`X_umap\` float64), varm \`PCs\`, obsp \`connectivities\` (0.7 on), nested uns"
    echo "  (scalars, strings, arrays, booleans), obs with unordered and ordered categoricals in a non-alphabetical"
    echo "  order (with missing values), repeated and unique strings, int64, float32, float64 and bool columns."
    echo "- \`anndata-<version>-csc-int.h5ad\` / \`-dense-int.h5ad\`: integer X (int64 CSC / int32 dense) and an"
    echo "  integer layer in the same layout, with the same obs and var."
    echo
    echo "| anndata | libraries | files |"
    echo "| --- | --- | --- |"
    for entry in "${versions[@]}"; do
        IFS='|' read -r version layout pins <<<"$entry"
        libraries="$venvs/anndata-$version.libraries"
        [ -f "$libraries" ] || continue
        echo "| $version | $(cat "$libraries") | \`anndata-$version.h5ad\`, \`anndata-$version-$layout-int.h5ad\` |"
    done
    echo
    echo "Notes:"
    echo "- 0.6.13 keeps obs, var, obsm, varm and raw.var as compound datasets with fixed-length byte strings,"
    echo "  categories in uns/<column>_categories, and sparse matrices with h5sparse attributes. 0.6.19 and"
    echo "  0.6.22 store their compound strings variable-length (h5py 3 writes Python strings so; with the h5py 2"
    echo "  of their day they were fixed-length); 0.6.22 keeps obsm and varm as groups already."
    echo "- anndata 0.6.x imports names that Python 3.10 and scipy 1.3 moved; the writer puts them back"
    echo "  before importing it. Nothing it writes is touched."
    echo "- Not made: anndata before 0.6.13 (no wheel on PyPI, sources only); 0.6.14-0.6.18 (layouts as above)."
} >"$out/README.md"
echo "make_anndata_fixtures: wrote $out" >&2
