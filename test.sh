#!/usr/bin/env bash
# Runs every test of ChatIntake on a fresh machine: installs what the tests need, builds, runs the whole suite on SQLite
# and again on PostgreSQL (a throwaway cluster on 127.0.0.1 in a temporary folder), and ends with the one combined line
# "N passed, N failed, N skipped". Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

# What the tests need from outside the .NET SDK, installed with apt when missing (CI runs as root on Debian):
# Debian's Chromium for the browser tests (Playwright downloads no browser of its own here), a colour emoji font so
# screenshots show what people see, and Node with npm for telegram-test-api and the Web Chat bundle.
apt_packages=()
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || apt_packages+=(fonts-noto-color-emoji)
command -v node >/dev/null || apt_packages+=(nodejs)
command -v npm >/dev/null || apt_packages+=(npm)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || apt_packages+=(postgresql)
if [ ${#apt_packages[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_packages[@]}" >/dev/null
fi
(cd Bot.Tests && npm ci --no-audit --no-fund --loglevel=error)

mkdir -p artifacts
results="artifacts/test-results"
rm -rf "$results"
dotnet build ChatIntake.sln -c Release -nologo -clp:ErrorsOnly

# A throwaway PostgreSQL cluster: loopback only, in a temporary folder, as the unprivileged "postgres" user when run
# as root (initdb refuses root); fsync off, since nothing in it outlives the run. Stopped and removed on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/chatintake-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres "$pg_dir"
  as_pg=(runuser -u postgres --)
fi
stop_cluster() {
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$pg_dir"
}
trap stop_cluster EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$pg_dir/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$pg_dir/initdb.log" 2>&1
pg_port=""
for _ in 1 2 3 4 5; do
  port=$(( 20000 + RANDOM % 30000 ))
  if "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/server.log" -w start \
      -o "-p $port -k $pg_dir -c listen_addresses=127.0.0.1 -c max_connections=600 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
    pg_port=$port
    break
  fi
done
if [ -z "$pg_port" ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "the throwaway PostgreSQL cluster did not start; see its log:" >&2
  cat "$pg_dir/server.log" >&2 || true
  exit 1
fi

status=0
# Four test classes at a time on two cores: much of a test's time is waiting (browsers, processes, the network), and
# the suite's waits are bounded and polled (README, "How the tests are built"), so a busier machine slows them, not fails them.
parallel=(-- xUnit.MaxParallelThreads=4)
# Tests of several instances on one database are [Trait("Database", "PostgresOnly")]: a SQLite file is one process's.
dotnet test Bot.Tests -c Release --no-build -nologo --filter "Database!=PostgresOnly" \
  --logger "trx;LogFileName=sqlite.trx" --results-directory "$results/sqlite" "${parallel[@]}" || status=$?
# The same suite on PostgreSQL; the few tests of SQLite's own machinery (pragmas, SQLite-era data upgrades) are marked
# [Trait("Database", "SqliteOnly")], and tests with no database in them (a build probe) [Trait("Database", "Any")]: both ran above.
CHATINTAKE_TEST_PROVIDER=Postgres CHATINTAKE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=postgres" \
  dotnet test Bot.Tests -c Release --no-build -nologo --filter "Database!=SqliteOnly&Database!=Any" \
    --logger "trx;LogFileName=postgres.trx" --results-directory "$results/postgres" "${parallel[@]}" || status=$?

passed=0; failed=0; skipped=0; trx_count=0
for run in sqlite postgres; do
  # This run's own file, by name: a stray file left by an interrupted earlier run must not be counted.
  trx="$results/$run/$run.trx"
  if [ ! -f "$trx" ]; then
    echo "no test results were written for the $run run" >&2
    failed=$(( failed + 1 ))
    continue
  fi
  trx_count=$(( trx_count + 1 ))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$(( passed + ${p:-0} )); failed=$(( failed + ${f:-0} )); skipped=$(( skipped + ${t:-0} - ${e:-0} ))
done

# The ten slowest tests of both runs, from the durations the trx files record (hh:mm:ss.fffffff), slowest first.
echo "Slowest tests:"
for run in sqlite postgres; do
  trx="$results/$run/$run.trx"
  if [ -f "$trx" ]; then
    grep -o '<UnitTestResult [^>]*>' "$trx" \
      | sed -n 's/.*testName="\([^"]*\)".*duration="\([0-9]*\):\([0-9]*\):\([0-9.]*\)".*/\2 \3 \4 \1/p' \
      | awk -v run="$run" '{ s = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "%8.2f s  [%s] %s\n", s, run, $0 }'
  fi
done | sort -rn | awk 'NR <= 10' # reads to the end: head would close the pipe early, and pipefail would stop the script
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ] || [ "$trx_count" -ne 2 ]; then
  exit 1
fi
