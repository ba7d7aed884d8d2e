#!/usr/bin/env bash
# The whole test suite, from a fresh clone: install, boundaries, lint,
# typecheck, unit and integration tests, production build, end-to-end tests in
# Chromium. Ends with one line: `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1

passed=0
failed=0
failures=()
step() {
  local name=$1
  shift
  echo
  echo "=== $name"
  local started=$SECONDS
  if "$@"; then
    echo "=== $name: ok ($((SECONDS - started)) s)"
    passed=$((passed + 1))
  else
    echo "=== $name: FAILED ($((SECONDS - started)) s)"
    failed=$((failed + 1))
    failures+=("$name")
  fi
}

apt_updated=0
apt_install() {
  [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
  if [ "$apt_updated" = 0 ]; then apt-get update -qq && apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {
  if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then return 0; fi
  echo "installing Debian chromium for the browser tests"
  apt_install chromium && return 0
  echo "Chromium not found at /usr/bin/chromium: install it (apt-get install -y chromium) or set CHROMIUM_PATH" >&2
  return 1
}

# The search typo-recall test misspells words from Debian's English word list.
ensure_wordlist() {
  if [ -r /usr/share/dict/american-english ]; then return 0; fi
  echo "installing Debian wamerican (word list for the typo-recall test)"
  apt_install wamerican && return 0
  echo "/usr/share/dict/american-english missing: install wamerican; the typo-recall test will be skipped" >&2
  return 1
}

# Setup: dependencies (better-sqlite3 compiles from source) and the browser.
if ! pnpm install --frozen-lockfile; then
  echo "pnpm install failed"
  echo "0 passed, 1 failed"
  exit 1
fi
ensure_chromium || true
ensure_wordlist || true

find apps packages tooling -name .vitest-result.json -not -path "*/node_modules/*" -delete 2>/dev/null

step "architecture boundaries" node scripts/check-boundaries.mjs
step "lint" pnpm exec turbo run lint --continue --output-logs=errors-only
step "typecheck" pnpm exec turbo run typecheck --continue --output-logs=errors-only
step "unit and integration tests" pnpm exec turbo run test --continue --filter=!@quire/e2e --concurrency=2
step "build" pnpm exec turbo run build --output-logs=errors-only
step "end-to-end tests (Chromium)" pnpm --filter @quire/e2e test

# Sum the test counts every vitest run wrote, plus one per step above.
read -r tests_passed tests_failed < <(node scripts/count-tests.mjs)
echo
if [ ${#failures[@]} -gt 0 ]; then echo "failed steps: ${failures[*]}"; fi
echo "steps: $passed passed, $failed failed; tests: $tests_passed passed, $tests_failed failed"
total_passed=$((passed + tests_passed))
total_failed=$((failed + tests_failed))
echo "$total_passed passed, $total_failed failed"
[ "$total_failed" -eq 0 ]
