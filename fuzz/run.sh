#!/usr/bin/env bash
# Coverage-guided fuzzing of the intake (issue 11) with Jazzer. Not part of `mvn verify`, which only
# replays the regression corpus under src/test/resources/io/recordingarchiver/IntakeFuzzTestInputs/.
# Usage: fuzz/run.sh [target ...]   targets: signedDelivery forgedOrUnsignedDelivery objectKeysAreSafe
#                                   (default: all three)
# Each target runs until 100,000 executions (@FuzzTest maxExecutions) or 30 minutes, whichever first.
# A finding (a failed property or an unexpected exception) is written by Jazzer into the regression
# corpus as crash-<sha1> and fails the run; afterwards up to FUZZ_KEEP (default 40) of the smallest
# inputs of the generated corpus are copied into the regression corpus, so `mvn verify` replays the
# paths the fuzzer reached. Prints one summary line per target and writes fuzz/SUMMARY.md.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
TARGETS=("$@")
[[ ${#TARGETS[@]} -gt 0 ]] || TARGETS=(signedDelivery forgedOrUnsignedDelivery objectKeysAreSafe)
KEEP=${FUZZ_KEEP:-40}
INPUTS=src/test/resources/io/recordingarchiver/IntakeFuzzTestInputs
SUMMARY=$HERE/SUMMARY.md
mvn -B -q test-compile || exit 1
echo "| target | executions | seconds | findings | corpus kept |" > "$SUMMARY"
echo "|---|---|---|---|---|" >> "$SUMMARY"
status=0
for target in "${TARGETS[@]}"; do
  log=$ROOT/target/fuzz-$target.log
  mkdir -p "$INPUTS/$target"
  before=$(ls "$INPUTS/$target" | grep -c '^crash-' || true)
  JAZZER_FUZZ=1 mvn -B test -Dtest="IntakeFuzzTest#$target" -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsurefire.redirectTestOutputToFile=false > "$log" 2>&1
  rc=$?
  after=$(ls "$INPUTS/$target" | grep -c '^crash-' || true)
  runs=$(grep -Eo 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)
  execs=$(echo "$runs" | awk '{print $2}')
  secs=$(echo "$runs" | awk '{print $5}')
  if [[ -z "$execs" ]]; then
    execs=$(grep -Eo '^#[0-9]+' "$log" | tail -1 | tr -d '#')
  fi
  corpus=$(ls -d .cifuzz-corpus/io.recordingarchiver.IntakeFuzzTest/"$target" 2>/dev/null || true)
  kept=0
  if [[ -n "$corpus" ]]; then
    while read -r f; do
      [[ -n "$f" ]] || continue
      cp "$f" "$INPUTS/$target/corpus-$(basename "$f")"
      kept=$((kept + 1))
    done < <(ls -S -r "$corpus" 2>/dev/null | head -n "$KEEP" | sed "s|^|$corpus/|")
  fi
  findings=$((after - before))
  echo "$target: ${execs:-?} executions in ${secs:-?} s, $findings new findings, $kept corpus inputs kept (mvn exit $rc; log $log)"
  echo "| $target | ${execs:-?} | ${secs:-?} | $findings | $kept |" >> "$SUMMARY"
  [[ $rc == 0 ]] || status=1
done
exit $status
