#!/usr/bin/env bash
# Recording Archiver chaos soak (issue 11). Not part of `mvn verify` (SoakIT runs a small one there).
# Usage: soak/run.sh [--name=value ...]   every flag also reads SOAK_<NAME> from the environment.
#   --recordings=500 --max-size=1610612736 --large-share=0.03 --medium-share=0.15 --audio-share=0.15
#   --expired-share=0.10 --unannounced-share=0.05 --out-of-order-share=0.25 --repeated-share=0.20
#   --source-fault-share=0.10 --instances=3 --kills=10 --restart-pause=PT5S --s3-outages=2
#   --s3-outage=PT30S --pg-restart=true --lease=PT1M --heap=512m --seed=11 --window=30 --deadline=PT3H
#   --label="text put at the top of RESULTS.md"
# Defaults are the issue's: 500 recordings (most small, some over 1 GiB, some with audio), 10 kill -9,
# the S3 store stopped for 30 s twice, 503 bursts and cut connections, one PostgreSQL restart.
# The PostgreSQL restart (`pg_ctlcluster --skip-systemctl-redirect 15 main restart`) affects every
# other user of the local server: pass --pg-restart=false on a shared machine.
# Needs: JDK 17, Maven, the local PostgreSQL (127.0.0.1:5432, trust auth, database `test`).
# Everything listens on 127.0.0.1 only; the run stops by itself (settled or deadline).
# Writes soak/RESULTS.md (override with --results=PATH); exits 0 only when every recording was
# archived exactly once, no multipart upload is left and no signed delivery was answered 4xx.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
cd "$ROOT"
[[ "${SOAK_SKIP_BUILD:-false}" == "true" ]] || mvn -B -q package -DskipTests
mvn -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/soak-classpath.txt
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git diff --quiet HEAD 2>/dev/null && echo "" || echo " (with uncommitted changes)")
args=("$@")
has_flag() { local f; for f in "${args[@]:-}"; do [[ $f == --$1=* ]] && return 0; done; return 1; }
has_flag results || args+=("--results=$HERE/RESULTS.md")
has_flag pg-restart || [[ -n "${SOAK_PG_RESTART:-}" ]] || args+=("--pg-restart=true")
has_flag label || args+=("--label=Run of commit $COMMIT$DIRTY on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, shared machine.")
exec java -Darchiver.jar="$ROOT/target/recording-archiver.jar" \
  -cp "$ROOT/target/test-classes:$ROOT/target/classes:$(cat target/soak-classpath.txt)" \
  io.recordingarchiver.e2e.SoakDriver "${args[@]}"
