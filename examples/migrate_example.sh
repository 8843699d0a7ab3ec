#!/usr/bin/env bash
# Migrate a copy of examples/legacy_project: its tests before, the dry-run diff, the migration
# with its summary, the report of what is left for a human, and its tests after with the legacy
# module deleted. The bundled example itself is never modified.
#
# Usage: examples/migrate_example.sh [WORK_DIR]   (default: a temporary folder, removed at exit)
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
if command -v data-layer-migrate >/dev/null 2>&1; then
    migrate=(data-layer-migrate)
else
    migrate=("$python" -m codemods)
fi

if [ $# -ge 1 ]; then
    work="$1"
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
rm -rf "$work/legacy_project"
cp -R "$here/legacy_project" "$work/legacy_project"
cd "$work/legacy_project"
# A git repository, so the diff headers are repository-relative and the result can be inspected.
git init -q . && git add -A && git -c user.name=example -c user.email=example@invalid commit -qm legacy

# Bold step titles on a terminal only: logs, pipes, NO_COLOR and TERM=dumb get no escape codes.
if [ -t 1 ] && [ -z "${NO_COLOR:-}" ] && [ "${TERM:-dumb}" != dumb ]; then
    bold=$'\033[1m' plain=$'\033[0m'
else
    bold='' plain=''
fi
step() { printf '\n%s== %s%s\n' "$bold" "$*" "$plain"; }

step "The example's own tests, before"
PYTHONPATH=src "$python" -m pytest -q -p no:cacheprovider tests

step "Dry run: ${migrate[*]} all --diff ."
"${migrate[@]}" all --diff . || true

step "Migrate: ${migrate[*]} all ."
status=0
"${migrate[@]}" all . || status=$?
echo "(exit status $status: 1 means sites are left for a human, listed above)"

step "What is left: ${migrate[*]} report ."
"${migrate[@]}" report . || true

step "Nothing left to rewrite: ${migrate[*]} all --check ."
"${migrate[@]}" all --check -q .

step "The tests again, with the legacy module deleted"
rm src/daydreaming_dagster/config/paths.py
PYTHONPATH=src "$python" -m pytest -q -p no:cacheprovider tests

step "Done: the migrated copy is in $work/legacy_project (git diff shows every change)"
