#!/usr/bin/env bash
# Recording Archiver benchmarks (issues 6 and 9). Usage: bench/run.sh [--quick]
#   --quick   small sizes and short phases (a few minutes), writes bench/work/RESULTS-quick.md
#   default   1 GiB / 4 GiB files, 3 alternating runs (about 20 minutes), writes bench/RESULTS.md
# Needs: JDK 17, Maven, and from Debian: rclone, wrk, curl (nginx-light optional, else python3).
# Everything listens on 127.0.0.1 only. It never runs as part of `mvn test`.
set -euo pipefail

QUICK=0
[[ "${1:-}" == "--quick" ]] && QUICK=1
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
WORK=$HERE/work
mkdir -p "$WORK"
# A CA-bundle variable set for HTTPS elsewhere makes rclone refuse to start; nothing here uses TLS.
unset AWS_CA_BUNDLE || true

S3_PORT=${BENCH_S3_PORT:-19000}
FILE_PORT=${BENCH_FILE_PORT:-19080}
HTTP_PORT=${BENCH_HTTP_PORT:-19081}
MGMT_PORT=${BENCH_MGMT_PORT:-19082}
# the same files behind a per-connection rate cap (nginx limit_rate), the way a far object store behaves
CAPPED_PORT=${BENCH_CAPPED_PORT:-19083}
CAP_RATE=${BENCH_CAP_RATE:-25m}
MiB=$((1024 * 1024))
GiB=$((1024 * MiB))
if [[ $QUICK == 1 ]]; then
  SIZES=("64 MiB:$((64 * MiB))" "256 MiB:$((256 * MiB))")
  RUNS=1; PAR_SIZE=$((32 * MiB)); PAR_COUNT=8
  RATES=(100 500); PHASE_S=5; LOAD_TRANSFERS=4; LOAD_SIZE_NAME="256 MiB"; LOAD_SIZE=$((256 * MiB))
  CAPPED_SIZE=$((64 * MiB)); SMALL_HEAP_SIZE=$((64 * MiB))
  OUT=$WORK/RESULTS-quick.md
else
  SIZES=("1 GiB:$GiB" "4 GiB:$((4 * GiB))")
  RUNS=${BENCH_RUNS:-3}; PAR_SIZE=$((256 * MiB)); PAR_COUNT=8
  RATES=(100 250 500 1000); PHASE_S=10; LOAD_TRANSFERS=4; LOAD_SIZE_NAME="1 GiB"; LOAD_SIZE=$GiB
  CAPPED_SIZE=$GiB; SMALL_HEAP_SIZE=$GiB
  OUT=$HERE/RESULTS.md
fi
OUT=${BENCH_OUT:-$OUT}
SECTIONS=" ${BENCH_SECTIONS:-1 3 4 5 6 7} "
ARCH_JAR=${BENCH_ARCHIVER_JAR:-$ROOT/target/recording-archiver.jar}
# the archiver reads application.properties and routes/ from its working directory (a patched tree)
ARCH_DIR=${BENCH_ARCHIVER_DIR:-$ROOT}
read -r -a ARCH_OPTS <<< "${BENCH_ARCHIVER_JAVA_OPTS:-}"
on() { [[ $SECTIONS == *" $1 "* ]]; }
FIRST_SIZE=$((16 * MiB))
TSV=$WORK/results.tsv
: > "$TSV"
LOG=$WORK/bench.log
: > "$LOG"
PIDS=()

log() { echo "[$(date +%T)] $*" | tee -a "$LOG" >&2; }
now_ns() { date +%s%N; }
secs_since() { awk -v a="$1" -v b="$(now_ns)" 'BEGIN{printf "%.2f", (b-a)/1e9}'; }
median() { sort -g | awk '{v[NR]=$1} END{ if (NR==0) {print "nan"} else if (NR%2) {print v[(NR+1)/2]} else {printf "%.2f\n", (v[NR/2]+v[NR/2+1])/2} }'; }
record() { printf '%s\t%s\n' "$1" "$2" >> "$TSV"; }   # metric-name value
val_last() { awk -F'\t' -v k="$1" '$1==k {v=$2} END {print v}' "$TSV"; }
cleanup() {
  # only our own children that are still running (a pid is checked against its command line)
  for p in "${PIDS[@]:-}"; do
    [[ -n "$p" ]] && grep -q "$WORK" "/proc/$p/cmdline" 2>/dev/null && kill "$p" 2>/dev/null || true
  done
  wait 2>/dev/null || true
}
trap cleanup EXIT

# CPU seconds (user + system) a process has used so far
CLK_TCK=$(getconf CLK_TCK)
proc_cpu_s() { awk -v t="$CLK_TCK" '{sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / t}' "/proc/$1/stat"; }
per_gib() { awk -v c="$1" -v b="$2" 'BEGIN{ printf "%.2f", c / (b / 1073741824) }'; }   # seconds, bytes

# ---------------------------------------------------------------- tools, build
need_apt=()
command -v rclone >/dev/null || need_apt+=(rclone)
command -v wrk >/dev/null || need_apt+=(wrk)
command -v curl >/dev/null || need_apt+=(curl)
if (( ${#need_apt[@]} )); then
  log "installing from Debian: ${need_apt[*]}"
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need_apt[@]}" >/dev/null
fi
cd "$ROOT"
if [[ ! -f target/recording-archiver.jar ]]; then
  log "building the archiver"; mvn -q -B package -DskipTests
fi
log "compiling the bench driver (test classpath)"
mvn -q -B test-compile
[[ -s $WORK/cp.txt ]] || mvn -q -B dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=test
CP="$ROOT/target/test-classes:$ROOT/target/classes:$(cat "$WORK/cp.txt")"
S3PROXY_JAR=$WORK/s3proxy-4.1.0-jar-with-dependencies.jar
[[ -f $S3PROXY_JAR ]] || mvn -q -B dependency:copy -Dartifact=org.gaul:s3proxy:4.1.0:jar:jar-with-dependencies -DoutputDirectory="$WORK"
driver() { java -cp "$CP" io.recordingarchiver.bench.BenchTool "$@"; }
[[ -f $WORK/keys/key.der ]] || driver keygen "$WORK/keys"

# ---------------------------------------------------------------- files to serve
FILES=$WORK/files
mkdir -p "$FILES"
make_file() { # name size -> creates FILES/name (random bytes) and FILES/name.sha256
  local f=$FILES/$1 size=$2
  if [[ ! -f $f || $(stat -c %s "$f") != "$size" || ! -f $f.sha256 ]]; then
    log "generating $1 ($size bytes)"
    head -c "$size" /dev/urandom > "$f"
    sha256sum "$f" | cut -d' ' -f1 > "$f.sha256"
  fi
}
for s in "${SIZES[@]}"; do make_file "rec-${s#*:}.mp4" "${s#*:}"; done
make_file "rec-$PAR_SIZE.mp4" "$PAR_SIZE"
make_file "rec-$FIRST_SIZE.mp4" "$FIRST_SIZE"
make_file "rec-$CAPPED_SIZE.mp4" "$CAPPED_SIZE"
make_file "rec-$SMALL_HEAP_SIZE.mp4" "$SMALL_HEAP_SIZE"

# ---------------------------------------------------------------- servers
S3DATA=$WORK/s3data
rm -rf "$S3DATA"; mkdir -p "$S3DATA/recordings"
cat > "$WORK/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:$S3_PORT
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=archiver-local
s3proxy.credential=archiver-local-secret
jclouds.provider=filesystem-nio2
jclouds.filesystem.basedir=$S3DATA
EOF
java -jar "$S3PROXY_JAR" --properties "$WORK/s3proxy.conf" > "$WORK/s3proxy.log" 2>&1 &
S3PROXY_PID=$!; PIDS+=("$S3PROXY_PID")

if command -v nginx >/dev/null; then
  FILE_SERVER="nginx $(nginx -v 2>&1 | sed 's/.*\///') (sendfile, 1 worker)"
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
user root;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on;
  client_body_temp_path $WORK/nginx/tmp; proxy_temp_path $WORK/nginx/tmp;
  fastcgi_temp_path $WORK/nginx/tmp; uwsgi_temp_path $WORK/nginx/tmp; scgi_temp_path $WORK/nginx/tmp;
  default_type application/octet-stream;
  server { listen 127.0.0.1:$FILE_PORT; root $FILES; }
  server { listen 127.0.0.1:$CAPPED_PORT; root $FILES; limit_rate $CAP_RATE; }
}
EOF
  nginx -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" &
  CAPPED=1
else
  CAPPED=0
  FILE_SERVER="python3 http.server"
  (cd "$FILES" && exec python3 -m http.server "$FILE_PORT" --bind 127.0.0.1 >/dev/null 2>&1) &
fi
PIDS+=("$!")
for _ in $(seq 100); do
  curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" && curl -s -o /dev/null "http://127.0.0.1:$FILE_PORT/" && break
  sleep 0.2
done

export RCLONE_CONFIG_BENCHS3_TYPE=s3 RCLONE_CONFIG_BENCHS3_PROVIDER=Other \
  RCLONE_CONFIG_BENCHS3_ENDPOINT=http://127.0.0.1:$S3_PORT RCLONE_CONFIG_BENCHS3_REGION=us-east-1 \
  RCLONE_CONFIG_BENCHS3_ACCESS_KEY_ID=archiver-local RCLONE_CONFIG_BENCHS3_SECRET_ACCESS_KEY=archiver-local-secret \
  RCLONE_CONFIG_BENCHS3_FORCE_PATH_STYLE=true
RCLONE="rclone --config /dev/null"
clear_bucket() { find "$S3DATA/recordings" -mindepth 1 -delete; }
SRC_PORT=$FILE_PORT   # the source the next archives read from (section 6 switches to the capped one)
url_of() { echo "http://127.0.0.1:$SRC_PORT/rec-$1.mp4"; }   # size -> URL (a query is added per use)
sha_of() { cat "$FILES/rec-$1.mp4.sha256"; }

# ---------------------------------------------------------------- the archiver
ARCH_PID=""; ARCH_START=""
EXTRA_OPTS=()   # JVM options of the next archiver only (section 7: -Xmx128m)
start_archiver() { # name -> starts a fresh archiver (own data dir), waits until ready, records ready time
  local data=$WORK/runs/$1
  rm -rf "$data"; mkdir -p "$data"
  ARCH_START=$(now_ns)
  # through the README's launch command (bin/archiver: its JVM options, then ours, which win)
  (cd "$ARCH_DIR" && exec env ARCHIVER_JAR="$ARCH_JAR" ARCHIVER_CDS_ARCHIVE="$WORK/archiver.jsa" "$ROOT/bin/archiver" \
    "${ARCH_OPTS[@]}" "${EXTRA_OPTS[@]}" -Darchiver.http.port="$HTTP_PORT" -Darchiver.management.port="$MGMT_PORT" \
    -Darchiver.data-dir="$data" \
    -Darchiver.webhook.public-key="$(cat "$WORK/keys/public.pem")" \
    -Darchiver.s3.embedded=false -Darchiver.s3.endpoint="http://127.0.0.1:$S3_PORT" \
    -Darchiver.s3.path-style=true -Darchiver.s3.access-key=archiver-local \
    -Darchiver.s3.secret-key=archiver-local-secret -Darchiver.s3.bucket=recordings \
    -Darchiver.download.require-https=false -Darchiver.download.allow-private-networks=true \
    > "$data/archiver.log" 2>&1) &
  ARCH_PID=$!; ARCH_DATA=$data; PIDS+=("$ARCH_PID")
  for _ in $(seq 1200); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MGMT_PORT/observe/health") == 200 ]]; then
      READY_S=$(secs_since "$ARCH_START"); return 0
    fi
    kill -0 "$ARCH_PID" 2>/dev/null || { tail -30 "$data/archiver.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "archiver did not become ready" >&2; exit 1
}
peak_rss_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$ARCH_PID/status"; }
stop_archiver() {
  PEAK_MB=$(peak_rss_mb)
  # with BENCH_ARCHIVER_JAVA_OPTS=-XX:NativeMemoryTracking=summary: where the resident memory went
  jcmd "$ARCH_PID" VM.native_memory summary > "$ARCH_DATA/nmt.txt" 2>/dev/null || true
  kill "$ARCH_PID"; wait "$ARCH_PID" 2>/dev/null || true
}
ours() { # size count timeout -> seconds from first webhook to the last manifest verified
  driver archive "$WORK/keys" "http://127.0.0.1:$HTTP_PORT/webhooks/realtimekit" \
    "http://127.0.0.1:$S3_PORT" recordings "$(url_of "$1")" "$1" "$(sha_of "$1")" "$2" "$3" \
    | tee -a "$LOG" | sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p' | awk '{printf "%.2f\n", $1}'
}
rclone_copy() { # size key -> seconds; rclone's CPU seconds (user + system) go to $WORK/rclone-cpu
  local t0; t0=$(now_ns)
  local TIMEFORMAT='%U %S'
  { time $RCLONE copyurl "$(url_of "$1")?X-Amz-Signature=$RANDOM$RANDOM" "benchs3:recordings/$2" 2>>"$LOG" ; } \
    2> "$WORK/rclone-time"
  awk '{printf "%.2f", $1 + $2}' "$WORK/rclone-time" > "$WORK/rclone-cpu"
  secs_since "$t0"
}
ours_cpu() { # size count timeout -> seconds, like ours; the archiver's CPU seconds for them go to $WORK/ours-cpu
  local c0 t; c0=$(proc_cpu_s "$ARCH_PID")
  t=$(ours "$1" "$2" "$3")
  awk -v a="$(proc_cpu_s "$ARCH_PID")" -v b="$c0" 'BEGIN{printf "%.2f", a - b}' > "$WORK/ours-cpu"
  echo "$t"
}
plain_download() { # size -> seconds
  local t0; t0=$(now_ns)
  curl -sf -o /dev/null "$(url_of "$1")?X-Amz-Signature=$RANDOM"
  secs_since "$t0"
}

# bin/archiver's first run writes its class archive when it stops; one unmeasured run, so that every
# measured run maps it the way a user's second and later runs do
if [[ $SECTIONS == *[13467]* ]]; then
  rm -f "$WORK/archiver.jsa"; start_archiver cds-training; stop_archiver
  [[ -f $WORK/archiver.jsa ]] || log "bin/archiver wrote no class archive (runs measured without it)"
fi
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "load average before: $LOAD_BEFORE; busiest processes:"; ps -eo pid,pcpu,etime,comm --sort=-pcpu | head -6 >> "$LOG"
# ---------------------------------------------------------------- 1+2. throughput and memory
if on 1; then
log "1/2. archive throughput and peak RSS: ${#SIZES[@]} sizes x $RUNS alternating runs"
for run in $(seq "$RUNS"); do
  for s in "${SIZES[@]}"; do
    name=${s%%:*}; size=${s#*:}
    order=(ours rclone); (( run % 2 == 0 )) && order=(rclone ours)
    for who in "${order[@]}"; do
      clear_bucket
      if [[ $who == ours ]]; then
        start_archiver "tp-$run-$size"
        record "ready_s" "$READY_S"
        t=$(ours_cpu "$size" 1 1800); stop_archiver
        record "ours $name" "$t"; record "rss $name" "$PEAK_MB"
        record "ours cpu/GiB $name" "$(per_gib "$(cat "$WORK/ours-cpu")" "$size")"
        log "run $run $name: archiver ${t}s, peak RSS ${PEAK_MB} MB (ready after ${READY_S}s)"
      else
        t=$(rclone_copy "$size" "rclone/$run-$size.mp4")
        got=$($RCLONE size --json "benchs3:recordings/rclone/$run-$size.mp4" | sed -n 's/.*"bytes":\([0-9]*\).*/\1/p')
        [[ $got == "$size" ]] || { echo "rclone stored $got bytes, expected $size" >&2; exit 1; }
        record "rclone $name" "$t"; log "run $run $name: rclone ${t}s"
        record "rclone cpu/GiB $name" "$(per_gib "$(cat "$WORK/rclone-cpu")" "$size")"
      fi
    done
    t=$(plain_download "$size"); record "curl $name" "$t"; log "run $run $name: plain download ${t}s"
  done
done
clear_bucket
fi

# ---------------------------------------------------------------- 3. parallel recordings
if on 3; then
log "3. $PAR_COUNT recordings of $((PAR_SIZE / MiB)) MiB at once"
start_archiver par
t=$(ours "$PAR_SIZE" "$PAR_COUNT" 1800); stop_archiver
record "ours par" "$t"; record "rss par" "$PEAK_MB"
log "archiver: ${t}s for $PAR_COUNT, peak RSS ${PEAK_MB} MB"
clear_bucket
t0=$(now_ns); rpids=()
for i in $(seq "$PAR_COUNT"); do
  $RCLONE copyurl "$(url_of "$PAR_SIZE")?X-Amz-Signature=$i$RANDOM" "benchs3:recordings/rclone-par/$i.mp4" 2>>"$LOG" &
  rpids+=($!)
done
for p in "${rpids[@]}"; do wait "$p"; done
t=$(secs_since "$t0"); record "rclone par" "$t"; log "rclone: ${t}s for $PAR_COUNT"
t0=$(now_ns); cpids=()
for i in $(seq "$PAR_COUNT"); do curl -sf -o /dev/null "$(url_of "$PAR_SIZE")?X-Amz-Signature=$i" & cpids+=($!); done
for p in "${cpids[@]}"; do wait "$p"; done
t=$(secs_since "$t0"); record "curl par" "$t"; log "plain downloads: ${t}s for $PAR_COUNT"
clear_bucket
fi

# ---------------------------------------------------------------- 4. intake under load
if on 4; then
log "4. intake under load: rates ${RATES[*]}/s for ${PHASE_S}s each, while $LOAD_TRANSFERS transfers of $LOAD_SIZE_NAME run"
load_size=$LOAD_SIZE
total=0; for r in "${RATES[@]}" 500; do total=$((total + r * PHASE_S * 13 / 10)); done
driver bodies "$WORK/keys" "$total" "$WORK/bodies.tsv"
next_line=0
wrk_phase() { # rate label
  local rate=$1 conns delay n first
  conns=$(( rate / 10 )); (( conns < 4 )) && conns=4
  delay=$(( 1000 * conns / rate ))
  n=$(( rate * PHASE_S * 13 / 10 )); first=$next_line; next_line=$((next_line + n))
  wrk -t2 -c"$conns" -d"${PHASE_S}s" --timeout 5s -s "$HERE/intake.lua" \
    "http://127.0.0.1:$HTTP_PORT/webhooks/realtimekit" -- "$WORK/bodies.tsv" "$first" "$((first + n - 1))" "$delay" 2 \
    > "$WORK/wrk-$2.txt" 2>&1 || true
  local res; res=$(grep '^RESULT' "$WORK/wrk-$2.txt" || echo "RESULT requests=0")
  log "  $2: $res"
  local req dur; req=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$res"); dur=$(sed 's/.*duration_us=\([0-9]*\).*/\1/' <<<"$res")
  record "intake $2 rps" "$(awk -v a="$req" -v b="$dur" 'BEGIN{printf "%.0f", a/(b/1e6)}')"
  for k in p50_ms p99_ms non200 connect_err read_err timeouts reused_bodies; do
    record "intake $2 $k" "$(sed -n "s/.*$k=\([0-9.]*\).*/\1/p" <<<"$res")"
  done
}
start_archiver intake-idle
wrk_phase 500 idle-500
stop_archiver
start_archiver intake
driver archive "$WORK/keys" "http://127.0.0.1:$HTTP_PORT/webhooks/realtimekit" "http://127.0.0.1:$S3_PORT" recordings \
  "$(url_of "$load_size")" "$load_size" "$(sha_of "$load_size")" "$LOAD_TRANSFERS" 3600 > "$WORK/load-transfers.json" 2>>"$LOG" &
LOAD_PID=$!; PIDS+=("$LOAD_PID")
# wait until every transfer is under way (the dispatcher has claimed them) before loading the intake
for _ in $(seq 600); do
  # the archive route's line: "Recording <id>: archiving (<size> bytes announced)"
  (( $(grep -c "archiving ($load_size bytes" "$WORK/runs/intake/archiver.log" || true) >= LOAD_TRANSFERS )) && break
  sleep 0.1
done
for r in "${RATES[@]}"; do
  wrk_phase "$r" "load-$r"
  if kill -0 "$LOAD_PID" 2>/dev/null; then record "intake load-$r transfers_running" yes
  else record "intake load-$r transfers_running" no; log "  (the transfers had finished before this phase ended)"; fi
done
wait "$LOAD_PID" || { echo "the transfers under load failed" >&2; exit 1; }
log "  transfers under load: $(cat "$WORK/load-transfers.json")"
stop_archiver
record "rss intake" "$PEAK_MB"
clear_bucket
fi

# ---------------------------------------------------------------- 5. start-up
start_embedded() { # name (java | bin/archiver path) -> starts an archiver on embedded defaults (own data dir, the embedded
  # store and H2; only the ports and the webhook key set), records the time to /observe/health 200, stops it
  local name=$1; shift
  local data=$WORK/runs/$name t0 pid
  rm -rf "$data"; mkdir -p "$data"
  t0=$(now_ns)
  local settings=(-Darchiver.http.port="$HTTP_PORT" -Darchiver.management.port="$MGMT_PORT"
    -Darchiver.webhook.public-key="$(cat "$WORK/keys/public.pem")")
  if [[ $1 == java ]]; then   # java -jar JAR: the settings go before -jar
    (cd "$data" && exec java "${settings[@]}" -jar "$ARCH_JAR" > "$data/archiver.log" 2>&1) &
  else                        # bin/archiver: its arguments go to the JVM
    (cd "$data" && exec "$@" "${settings[@]}" > "$data/archiver.log" 2>&1) &
  fi
  pid=$!; PIDS+=("$pid")
  for _ in $(seq 2400); do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$MGMT_PORT/observe/health") == 200 ]]; then
      READY_S=$(secs_since "$t0"); kill "$pid"; wait "$pid" 2>/dev/null || true; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { tail -30 "$data/archiver.log" >&2; exit 1; }
    sleep 0.05
  done
  echo "archiver did not become ready" >&2; exit 1
}
if on 5; then
log "5. start-up on embedded defaults: plain java -jar, the README's bin/archiver, and bin/archiver with C1 only"
export ARCHIVER_JAR=$ARCH_JAR ARCHIVER_CDS_ARCHIVE=$WORK/startup.jsa
rm -f "$ARCHIVER_CDS_ARCHIVE"
start_embedded start-cds-training "$ROOT/bin/archiver"   # writes the class archive when it stops
[[ -f $ARCHIVER_CDS_ARCHIVE ]] || { echo "bin/archiver wrote no class archive" >&2; exit 1; }
for run in $(seq 5); do   # interleaved, so both see the same load
  start_embedded "start-plain-$run" java; record "ready_plain_s" "$READY_S"
  start_embedded "start-launcher-$run" "$ROOT/bin/archiver"; record "ready_launcher_s" "$READY_S"
  # the trade-off bin/archiver decided against: C1 only starts sooner, but hashes at a third of the speed
  start_embedded "start-c1-$run" "$ROOT/bin/archiver" -XX:TieredStopAtLevel=1; record "ready_c1_s" "$READY_S"
  log "  run $run: ready $(val_last ready_plain_s)s with java -jar, $(val_last ready_launcher_s)s with bin/archiver, $(val_last ready_c1_s)s with bin/archiver C1 only"
done
log "5. start-up: process start to ready, and to the first archive ($((FIRST_SIZE / MiB)) MiB)"
for run in $(seq "$RUNS"); do
  start_archiver "start-$run"
  ours "$FIRST_SIZE" 1 300 > /dev/null
  first=$(secs_since "$ARCH_START"); stop_archiver
  record "ready_s" "$READY_S"; record "first_s" "$first"
  log "  run $run: ready ${READY_S}s, first archive verified ${first}s after start"
done
clear_bucket
fi

# ---------------------------------------------------------------- 6. capped source
if on 6; then
if [[ $CAPPED == 1 ]]; then
  log "6. a source capped at $CAP_RATE per connection: $((CAPPED_SIZE / MiB)) MiB x $RUNS alternating runs"
  SRC_PORT=$CAPPED_PORT
  for run in $(seq "$RUNS"); do
    order=(ours rclone); (( run % 2 == 0 )) && order=(rclone ours)
    for who in "${order[@]}"; do
      clear_bucket
      if [[ $who == ours ]]; then
        start_archiver "capped-$run"
        t=$(ours_cpu "$CAPPED_SIZE" 1 3600); stop_archiver
        record "ours capped" "$t"; record "ours cpu/GiB capped" "$(per_gib "$(cat "$WORK/ours-cpu")" "$CAPPED_SIZE")"
        log "run $run capped: archiver ${t}s"
      else
        t=$(rclone_copy "$CAPPED_SIZE" "rclone/capped-$run.mp4")
        record "rclone capped" "$t"; record "rclone cpu/GiB capped" "$(per_gib "$(cat "$WORK/rclone-cpu")" "$CAPPED_SIZE")"
        log "run $run capped: rclone ${t}s"
      fi
    done
  done
  SRC_PORT=$FILE_PORT
  clear_bucket
else
  log "6. skipped: the capped source needs nginx (limit_rate); install nginx-light"
fi
fi

# ---------------------------------------------------------------- 7. small heap, four at once
if on 7; then
log "7. 4 recordings of $((SMALL_HEAP_SIZE / MiB)) MiB at once under -Xmx128m (the heap of a 512 MiB container)"
EXTRA_OPTS=(-Xmx128m -XX:+ExitOnOutOfMemoryError)
start_archiver small-heap
if t=$(ours_cpu "$SMALL_HEAP_SIZE" 4 3600) && [[ -n $t ]]; then small_ok=yes; else small_ok=no; fi
alive=no; kill -0 "$ARCH_PID" 2>/dev/null && alive=yes
if [[ $alive == yes ]]; then stop_archiver; else PEAK_MB=nan; fi
EXTRA_OPTS=()
record "ours small-heap" "${t:-nan}"; record "rss small-heap" "$PEAK_MB"; record "small-heap ok" "$small_ok/$alive"
record "ours cpu/GiB small-heap" "$(per_gib "$(cat "$WORK/ours-cpu" 2>/dev/null || echo 0)" "$((4 * SMALL_HEAP_SIZE))")"
log "archiver under -Xmx128m: ${t:-failed}s for 4, all verified: $small_ok, still alive: $alive, peak RSS ${PEAK_MB} MB"
clear_bucket
fi

# ---------------------------------------------------------------- report
val() { awk -F'\t' -v k="$1" '$1==k {print $2}' "$TSV" | median; }
mx() { awk -F'\t' -v k="$1" '$1==k {print $2}' "$TSV" | sort -g | tail -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (b+0==0) print "—"; else printf "%.2f", a/b }'; }
yes_no() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN{ ok = (op=="<=") ? (v+0<=t+0) : (v+0<t+0); print ok ? "yes" : "**no**" }'; }
disk=$(df -h "$WORK" | awk 'NR==2 {print $2" ("$4" free), "$1}')
jdk=$(java -version 2>&1 | head -1)
{
  echo "# Benchmark results"
  echo
  echo "Generated by \`bench/run.sh$([[ $QUICK == 1 ]] && echo ' --quick')\` on $(date -u +%Y-%m-%dT%H:%MZ) from commit $(git -C "$ROOT" rev-parse --short HEAD)."
  echo
  echo "**Machine:** $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(free -g | awk '/Mem:/ {print $2}') GiB RAM, disk $disk, $jdk;"
  echo "rclone $(rclone version 2>/dev/null | head -1 | awk '{print $2}'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}'), file server $FILE_SERVER,"
  echo "S3: one standalone s3proxy 4.1.0 (filesystem-nio2 backend, its own JVM) shared by the archiver and rclone."
  echo "Other load on the machine (not ours): load average $LOAD_BEFORE before the run, $(cut -d' ' -f1-3 /proc/loadavg) after it (2 cores shared with other jobs: absolute numbers are noisy, the ratios compare runs interleaved under the same conditions)."
  [[ -n ${BENCH_ARCHIVER_JAVA_OPTS:-} || -n ${BENCH_ARCHIVER_JAR:-} ]] && echo "**Variant:** archiver JVM options \`${BENCH_ARCHIVER_JAVA_OPTS:-}\`, jar \`${ARCH_JAR#$ROOT/}\`, run from \`$ARCH_DIR\`."
  echo "Times are medians of $RUNS runs (the archiver and rclone alternate first); the archiver runs with its default settings"
  echo "(part size 8 MiB, 4 parallel parts, 4 recordings at once), launched by the README's \`bin/archiver\` (its JVM options: 128 MB heap, serial GC, AppCDS), timed from the signed UPLOADED webhook to its manifest being readable with the right size and SHA-256."
  echo
  echo "| what | ours | reference | ratio | target | met? |"
  echo "|---|---|---|---|---|---|"
  if on 1; then
  for s in "${SIZES[@]}"; do
    n=${s%%:*}; size=${s#*:}
    o=$(val "ours $n"); r=$(val "rclone $n"); c=$(val "curl $n")
    mbps() { awk -v b="$size" -v t="$1" 'BEGIN{ printf "%.0f", b/1048576/t }'; }
    echo "| 1. archive $n: seconds (MiB/s) vs rclone copyurl | $o ($(mbps "$o")) | $r ($(mbps "$r")) | $(ratio "$o" "$r") | ≤ 0.8 | $(yes_no "$(ratio "$o" "$r")" "<=" 0.8) |"
    echo "| 1. archive $n: seconds vs plain download (curl > /dev/null) | $o | $c ($(mbps "$c") MiB/s) | $(ratio "$o" "$c") | ≤ 1.5 | $(yes_no "$(ratio "$o" "$c")" "<=" 1.5) |"
    oc=$(val "ours cpu/GiB $n"); rc=$(val "rclone cpu/GiB $n")
    echo "| 1. archive $n: CPU seconds per GiB (user + system) vs rclone copyurl | $oc | $rc | $(ratio "$oc" "$rc") | ≤ 1.0 | $(yes_no "$(ratio "$oc" "$rc")" "<=" 1.0) |"
  done
  n1=${SIZES[0]%%:*}; n2=${SIZES[1]%%:*}
  m1=$(mx "rss $n1"); m2=$(mx "rss $n2")
  echo "| 2. peak RSS archiving $n1 (MB, VmHWM of the archiver process alone, worst run) | $m1 | — | — | ≤ 256 | $(yes_no "$m1" "<=" 256) |"
  echo "| 2. peak RSS archiving $n2 (MB) vs $n1 | $m2 | $m1 | $(ratio "$m2" "$m1") | ≤ 256, ratio ≤ 1.10 | $(awk -v a="$m2" -v r="$(ratio "$m2" "$m1")" 'BEGIN{print (a<=256 && r<=1.10) ? "yes" : "**no**"}') |"
  fi
  if on 3; then
  o=$(val "ours par"); r=$(val "rclone par"); c=$(val "curl par")
  echo "| 3. $PAR_COUNT × $((PAR_SIZE / MiB)) MiB at once: seconds vs $PAR_COUNT concurrent rclone copyurl | $o | $r | $(ratio "$o" "$r") | ≤ 1.0 | $(yes_no "$(ratio "$o" "$r")" "<=" 1.0) |"
  echo "| 3. $PAR_COUNT × $((PAR_SIZE / MiB)) MiB at once: seconds vs $PAR_COUNT concurrent plain downloads | $o | $c | $(ratio "$o" "$c") | — | — |"
  m=$(val "rss par")
  echo "| 3. peak RSS, $PAR_COUNT at once (MB) | $m | — | — | < 400 | $(yes_no "$m" "<" 400) |"
  fi
  if on 4; then
  for r in "${RATES[@]}"; do
    p99=$(val "intake load-$r p99_ms"); bad=$(( $(val "intake load-$r non200" | cut -d. -f1) + $(val "intake load-$r connect_err" | cut -d. -f1) + $(val "intake load-$r read_err" | cut -d. -f1) + $(val "intake load-$r timeouts" | cut -d. -f1) ))
    target="—"; met="—"
    if (( r == 500 )); then target="p99 < 100 ms, 0 errors"; met=$(awk -v p="$p99" -v b="$bad" 'BEGIN{print (p<100 && b==0) ? "yes" : "**no**"}'); fi
    echo "| 4. intake at $r/s during $LOAD_TRANSFERS × $LOAD_SIZE_NAME transfers: achieved/s, p50 / p99 ms, errors (transfers still running: $(val "intake load-$r transfers_running")) | $(val "intake load-$r rps")/s, $(val "intake load-$r p50_ms") / $p99 ms, $bad errors | idle at 500/s: p99 $(val "intake idle-500 p99_ms") ms | $(ratio "$p99" "$(val "intake idle-500 p99_ms")") | $target | $met |"
  done
  echo "| 4. peak RSS during the load test (MB) | $(val "rss intake") | — | — | < 400 | $(yes_no "$(val "rss intake")" "<" 400) |"
  fi
  if on 6 && [[ $CAPPED == 1 ]]; then
  o=$(val "ours capped"); r=$(val "rclone capped")
  echo "| 6. archive $((CAPPED_SIZE / MiB)) MiB from a source capped at $CAP_RATE per connection: seconds vs rclone copyurl | $o | $r | $(ratio "$o" "$r") | ≤ 0.35 | $(yes_no "$(ratio "$o" "$r")" "<=" 0.35) |"
  oc=$(val "ours cpu/GiB capped"); rc=$(val "rclone cpu/GiB capped")
  echo "| 6. capped source: CPU seconds per GiB vs rclone copyurl | $oc | $rc | $(ratio "$oc" "$rc") | ≤ 1.0 | $(yes_no "$(ratio "$oc" "$rc")" "<=" 1.0) |"
  fi
  if on 7; then
  ok=$(awk -F'\t' '$1=="small-heap ok" {print $2}' "$TSV")
  echo "| 7. 4 × $((SMALL_HEAP_SIZE / MiB)) MiB at once under -Xmx128m: seconds; all verified / process alive | $(val "ours small-heap") | — | — | all archived, no OOM | $([[ $ok == yes/yes ]] && echo yes || echo "**no** ($ok)") |"
  m=$(val "rss small-heap")
  echo "| 7. peak RSS, 4 at once under -Xmx128m (MB) | $m | — | — | ≤ 256 | $(yes_no "$m" "<=" 256) |"
  echo "| 7. CPU seconds per GiB, 4 at once under -Xmx128m | $(val "ours cpu/GiB small-heap") | — | — | — | — |"
  fi
  if on 5; then
  echo "| 5. start-up on embedded defaults: process start to ready (s, median of 5), plain \`java -jar\` | $(val ready_plain_s) | — | — | < 2 | $(yes_no "$(val ready_plain_s)" "<" 2) |"
  echo "| 5. start-up on embedded defaults: process start to ready (s, median of 5), README's \`bin/archiver\` (AppCDS, bounded memory) | $(val ready_launcher_s) | — | — | < 2 | $(yes_no "$(val ready_launcher_s)" "<" 2) |"
  echo "| 5. start-up on embedded defaults: process start to ready (s, median of 5), \`bin/archiver -XX:TieredStopAtLevel=1\` (C1 only) | $(val ready_c1_s) | — | — | — | — |"
  echo "| 5. start-up: process start to ready (s, /observe/health 200) | $(val ready_s) | — | — | — | — |"
  echo "| 5. start-up: process start to first archive verified ($((FIRST_SIZE / MiB)) MiB) (s) | $(val first_s) | — | — | — | — |"
  fi
  echo
  echo "Raw samples: \`bench/work/results.tsv\`, log: \`bench/work/bench.log\` (both regenerated on every run, not committed)."
  echo
  echo "Findings, causes and proposed fixes: [FINDINGS.md](FINDINGS.md)."
} | grep -v -E '\| (nan|)( \(nan\))? \|' > "$OUT"
cat "$OUT"
log "wrote $OUT"
