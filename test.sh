#!/usr/bin/env bash
# Runs every test of ChatIntake on a fresh machine: installs what the tests need, builds, tests, and ends with
# the line "N passed, N failed, N skipped". Exits non-zero on any failure.
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
status=0
dotnet test Bot.Tests -c Release --no-build -nologo --logger "trx;LogFileName=results.trx" --results-directory "$results" || status=$?

# This run's own file, by name: a stray file left by an interrupted earlier run must not be counted.
trx="$results/results.trx"
if [ ! -f "$trx" ]; then
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
# The ten slowest tests, from the durations the trx records (hh:mm:ss.fffffff), slowest first.
echo "Slowest tests:"
grep -o '<UnitTestResult [^>]*>' "$trx" \
  | sed -n 's/.*testName="\([^"]*\)".*duration="\([0-9]*\):\([0-9]*\):\([0-9.]*\)".*/\2 \3 \4 \1/p' \
  | awk '{ s = $1 * 3600 + $2 * 60 + $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "%8.2f s  %s\n", s, $0 }' \
  | sort -rn | awk 'NR <= 10' # reads to the end: head would close the pipe early, and pipefail would stop the script
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped} skipped"
if [ "$status" -ne 0 ] || [ "${failed:-0}" -ne 0 ] || [ "${passed:-0}" -eq 0 ]; then
  exit 1
fi
