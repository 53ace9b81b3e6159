#!/usr/bin/env bash
# Regenerates completions/ from the argument parser (a test checks they are current).
set -euo pipefail
CAIRN=${1:-.build/debug/cairn}
cd "$(dirname "$0")/.."
"$CAIRN" --generate-completion-script bash > completions/cairn.bash
"$CAIRN" --generate-completion-script zsh > completions/_cairn
"$CAIRN" --generate-completion-script fish > completions/cairn.fish
echo "completions/ regenerated"
