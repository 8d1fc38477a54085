#!/usr/bin/env bash
# Times import_samhsa on the real 2023 directory: a first import and a re-import of the workbook and of
# the CSV, each into a fresh database, on SQLite and on PostgreSQL. Never touches the development database.
#   bash benchmarks/import_timing.sh [path/to/shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data}
work=$(mktemp -d)
export DEBUG=1
for db in sqlite postgres; do
  for file in samhsa_national_directory_su_2023.xlsx samhsa_su_facilities_2023.csv; do
    if [ "$db" = sqlite ]; then
      export DATABASE_URL="sqlite:///$work/timing.sqlite3"; rm -f "$work/timing.sqlite3"
    else
      psql -h 127.0.0.1 -U postgres -qc "drop database if exists iopfinder_import_timing" -c "create database iopfinder_import_timing"
      export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iopfinder_import_timing
    fi
    .venv/bin/python manage.py migrate -v0
    for run in first again; do
      start=$(date +%s.%N)
      summary=$(.venv/bin/python manage.py import_samhsa "$data/$file" | tail -n 1)
      end=$(date +%s.%N)
      printf '%-8s %-40s %-5s %5.1f s  %s\n' "$db" "$file" "$run" "$(echo "$end - $start" | bc)" "${summary%%, skipped*}"
    done
  done
done
psql -h 127.0.0.1 -U postgres -qc "drop database if exists iopfinder_import_timing"
rm -rf "$work"
