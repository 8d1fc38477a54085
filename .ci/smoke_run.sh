#!/usr/bin/env bash
# Starts `make run` as a new user would, on a throwaway SQLite file, and checks the promised pages answer.
set -euo pipefail
cd "$(dirname "$0")/.."
db_file="$(mktemp -d)/smoke.sqlite3"
port=8765
log="$(mktemp)"
# setsid gives the server its own process group, so the runserver reloader child stops with it.
DATABASE_URL="sqlite:///$db_file" setsid make run PORT=$port >"$log" 2>&1 &
server=$!
trap 'kill -- -$server 2>/dev/null || true' EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/healthz/" >/dev/null && break
  sleep 1
done
fail=0
check() {
  local path=$1 expect=$2 code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")
  if [ "$code" = "$expect" ]; then echo "ok   $code $path"; else echo "FAIL $code $path (expected $expect)"; fail=1; fi
}
slug=$(curl -fs "http://127.0.0.1:$port/search/" | grep -o 'href="/facilities/[^"]*/"' | head -n 1 | sed 's/href="//; s/"$//')
check / 200
check /about/ 200
check /healthz/ 200
check /search/ 200
check "${slug:-/facilities/missing/}" 200
check /facilities/no-such-place/ 404
check /admin/ 302
if [ "$fail" != 0 ]; then echo "--- make run output ---"; cat "$log"; exit 1; fi
grep -q "fictional demo facilities" "$log" || { echo "FAIL: make run did not load the demo data"; cat "$log"; exit 1; }
