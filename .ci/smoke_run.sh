#!/usr/bin/env bash
# Starts `make run` and `make demo` as a new user would, on throwaway SQLite files, and checks the promised pages.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp="$(mktemp -d)"
fail=0
servers=()
trap 'for s in "${servers[@]}"; do kill -- -"$s" 2>/dev/null || true; done' EXIT

# start NAME PORT MAKE-ARGS...: `make` in its own process group (setsid), so the runserver reloader child stops with it.
start() {
  local name=$1 port=$2; shift 2
  setsid make "$@" PORT="$port" >"$tmp/$name.log" 2>&1 &
  servers+=($!)
  local started=$SECONDS
  for _ in $(seq 1 240); do
    curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null && break
    sleep 1
  done
  echo "$name: serving after $((SECONDS - started)) s"
}
check() {
  local port=$1 path=$2 expect=$3 code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  if [ "$code" = "$expect" ]; then echo "ok   $code $path"; else echo "FAIL $code $path (expected $expect)"; fail=1; fi
}
pages() {
  local port=$1 slug
  slug=$(curl -fs "http://127.0.0.1:$port/search/" | grep -o 'href="/facilities/[^"]*/"' | head -n 1 | sed 's/href="//; s/"$//')
  check "$port" / 200
  check "$port" /about/ 200
  check "$port" /healthz/ 200
  check "$port" /search/ 200
  check "$port" "${slug:-/facilities/missing/}" 200
  check "$port" /facilities/no-such-place/ 404
  check "$port" /admin/ 302
}

# make run: the real national directory, loaded on the first run (the promise: well within 2 minutes).
DATABASE_URL="sqlite:///$tmp/run.sqlite3" start run 8765 run
pages 8765
grep -q "Created 7,957" "$tmp/run.log" || { echo "FAIL: make run did not load the national directory"; fail=1; }
count=$(curl -fs "http://127.0.0.1:8765/api/v1/facilities/?location=10001&radius=25&page_size=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["count"])')
echo "facilities within 25 miles of 10001: $count"
[ "$count" -gt 100 ] || { echo "FAIL: expected over 100 facilities near 10001"; fail=1; }
# make run compiles the Spanish catalogue: the Spanish search answers in Spanish.
check 8765 "/es/search/?location=10001" 200
# Read whole, then searched: `curl | grep -q` under pipefail fails when grep stops reading before curl is done.
spanish=$(curl -fs "http://127.0.0.1:8765/es/search/?location=10001" || true)
[[ "$spanish" == *"Buscar un programa"* ]] \
  || { echo "FAIL: /es/search/ is not in Spanish (is locale/es/LC_MESSAGES/django.mo compiled?)"; fail=1; }
# Open data: the README's HSDS request answers with the programs near Dayton, and the export writes every service.
near=$(curl -fs "http://127.0.0.1:8765/api/hsds/service_at_locations?postcode=45402&proximity=5000&per_page=1" | python3 -c 'import json, sys; print(json.load(sys.stdin)["total_items"])')
echo "HSDS services within 5 km of 45402: $near"
[ "$near" -gt 0 ] || { echo "FAIL: expected HSDS services near 45402"; fail=1; }
DATABASE_URL="sqlite:///$tmp/run.sqlite3" DEBUG=1 .venv/bin/python manage.py export_hsds --output "$tmp/services.ndjson" || fail=1
lines=$(wc -l < "$tmp/services.ndjson")
echo "HSDS export: $lines services"
[ "$lines" -gt 10000 ] || { echo "FAIL: expected over 10,000 services in the HSDS export"; fail=1; }
# The real directory's pages timed as made (BENCHMARKS.md): the script runs, and the pages answer 200.
DATABASE_URL="sqlite:///$tmp/run.sqlite3" .venv/bin/python -m benchmarks.pages --runs 3 --warmup 1 \
  "/search/?location=10001&radius=25" "/api/v1/facilities/?location=10001&radius=25" || fail=1

# make demo: the fictional listings, in a database of their own.
DEMO_DATABASE_URL="sqlite:///$tmp/demo.sqlite3" start demo 8766 demo
pages 8766
grep -q "fictional demo facilities" "$tmp/demo.log" || { echo "FAIL: make demo did not load the demo data"; fail=1; }

if [ "$fail" != 0 ]; then for log in "$tmp"/*.log; do echo "--- $log ---"; cat "$log"; done; exit 1; fi
