#!/usr/bin/env bash
# Runs every test of ChatIntake on a fresh machine: installs what the tests need, builds, tests, and ends with
# the line "N passed, N failed, N skipped". Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"

# What the tests need from outside the .NET SDK. The admin panel's browser tests drive Debian's Chromium through
# Playwright (which downloads no browser of its own); the messenger-emulator suites of later issues add theirs here.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
if [ -f Bot.Tests/package-lock.json ] && command -v npm >/dev/null; then
  (cd Bot.Tests && npm ci --no-audit --no-fund)
fi

mkdir -p artifacts
results="artifacts/test-results"
rm -rf "$results"
dotnet build ChatIntake.sln -c Release -nologo -clp:ErrorsOnly
status=0
dotnet test Bot.Tests -c Release --no-build -nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

trx=$(find "$results" -name '*.trx' | head -n 1)
if [ -z "$trx" ]; then
  echo "0 passed, 1 failed"
  echo "no test results were written" >&2
  exit 1
fi
counters=$(grep -o '<Counters [^>]*>' "$trx")
passed=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
failed=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
total=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
executed=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
skipped=$(( total - executed ))
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi
