#!/usr/bin/env bash
# Scaffold an EF Core migration for every provider context of src/Storage.
#
#   tools/ef-migrations.sh NAME            add migration NAME for SQLite and PostgreSQL
#   tools/ef-migrations.sh --reset NAME    delete both migration folders first, then add NAME
#                                          (pre-release: regenerate `Initial` freely)
#
# Uses the design-time-only startup project tools/EfDesign (not in Procurement.sln); its
# local feed of empty stand-in packages is packed first when missing. See docs/ef-migrations.md.
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

harness="tools/EfDesign"
feed="$harness/feed"
project="src/Storage"

# provider context -> output folder (relative to src/Storage)
contexts=(SqliteProcurementDb PostgresProcurementDb)
declare -A outdir=(
  [SqliteProcurementDb]="Migrations/Sqlite"
  [PostgresProcurementDb]="Migrations/PostgreSql"
)

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# 1. Local feed with the empty stand-ins for the packages the registry copy lacks.
standins=("$harness"/standins/*/*.csproj)
need_feed=0
for csproj in "${standins[@]}"; do
  id="$(basename "$csproj" .csproj)"
  version="$(sed -n 's:.*<Version>\([^<]*\)</Version>.*:\1:p' "$csproj")"
  [[ -f "$feed/$id.$version.nupkg" ]] || need_feed=1
done
if (( need_feed )); then
  echo "==> packing stand-in packages into $feed"
  mkdir -p "$feed"
  for csproj in "${standins[@]}"; do
    dotnet pack "$csproj" -c Release -o "$feed" --nologo -v quiet
  done
fi

# 2. dotnet-ef from the local tool manifest (.config/dotnet-tools.json), and a restore of the
#    harness (`dotnet ef` reads project metadata before it builds, so it needs obj/ in place).
dotnet tool restore >/dev/null
dotnet restore "$harness" --nologo -v quiet

# 3. Optionally start over.
if (( reset )); then
  for ctx in "${contexts[@]}"; do
    dir="$project/${outdir[$ctx]}"
    if [[ -d "$dir" ]]; then echo "==> removing $dir"; rm -rf "$dir"; fi
  done
fi

# 4. One migration per provider context (each call builds, so it sees the files added before).
for ctx in "${contexts[@]}"; do
  echo "==> $ctx: migrations add $name -> $project/${outdir[$ctx]}"
  dotnet ef migrations add "$name" \
    --project "$project" \
    --startup-project "$harness" \
    --context "$ctx" \
    --output-dir "${outdir[$ctx]}"
done

echo "==> done: migration '$name' added for ${contexts[*]}"
