#!/usr/bin/env bash
# Scaffold an EF Core migration for every provider context of src/Storage, then regenerate the SQL scripts.
#
#   tools/ef-migrations.sh NAME            add migration NAME for SQLite, PostgreSQL and SQL Server
#   tools/ef-migrations.sh --reset NAME    delete the three migration folders first, then add NAME
#                                          (pre-release: regenerate `Initial` freely)
#
# The startup project is tools/EfDesign (design-time factories only, not in Procurement.sln). See docs/ef-migrations.md.
set -euo pipefail

usage() { echo "usage: $0 [--reset] NAME" >&2; exit 2; }

reset=0
name=""
for arg in "$@"; do
  case "$arg" in
    --reset) reset=1 ;;
    -h|--help) usage ;;
    -*) echo "unknown option: $arg" >&2; usage ;;
    *) [[ -z "$name" ]] || usage; name="$arg" ;;
  esac
done
[[ -n "$name" ]] || usage

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
source tools/ef-contexts.sh

if (( reset )); then
  for ctx in "${contexts[@]}"; do
    dir="$project/${outdir[$ctx]}"
    if [[ -d "$dir" ]]; then echo "==> removing $dir"; rm -rf "$dir"; fi
  done
fi

# Each call builds, so it sees the files added before.
for ctx in "${contexts[@]}"; do
  echo "==> $ctx: migrations add $name -> $project/${outdir[$ctx]}"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$harness" --context "$ctx" --output-dir "${outdir[$ctx]}"
done

tools/sql-scripts.sh
echo "==> done: migration '$name' added for ${contexts[*]}"
