#!/usr/bin/env bash
# Prints one closing line for the whole suite from the Surefire reports of every module:
#   tests: N passed, N failed, N skipped
# and exits 1 when no test ran at all (a suite that runs nothing must not look green).
set -euo pipefail
cd "$(dirname "$0")/.."
total=0 failed=0 skipped=0
for report in */target/surefire-reports*/TEST-*.xml; do
  [ -f "$report" ] || continue
  header=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  count() { echo "$header" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
  total=$((total + $(count tests)))
  failed=$((failed + $(count failures) + $(count errors)))
  skipped=$((skipped + $(count skipped)))
done
# A new line first: Maven may leave a colour reset code without a line break.
echo
echo "tests: $((total - failed - skipped)) passed, $failed failed, $skipped skipped"
[ "$total" -gt 0 ]
