#!/usr/bin/env bash
# The long fuzz run (issue 21): every target under Jazzer's libFuzzer driver for SECONDS each (default 600),
# coverage-guided over SemStream's own classes and Avro's, with a corpus kept in target/fuzz-corpus/<target> so
# a second run goes on where the first stopped. Writes docs/fuzz.json: executions, seconds and findings per
# target. A finding (a crash, a hang over 30 s, or memory over 3 GB) leaves its input in target/fuzz-findings.
#   [FILE_FACTOR=F] scripts/fuzz.sh [SECONDS] [TARGET...]      TARGET: TransmitterInputs ChannelInputs ReceiverInputs FileInputs
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-600}
# the file readers run about a hundred times faster than a role's topology: they get FILE_FACTOR times as long
FILE_FACTOR=${FILE_FACTOR:-1}
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(TransmitterInputs ChannelInputs ReceiverInputs FileInputs)
mvn -q -B install -DskipTests -pl fuzz -am
mvn -q -B -pl fuzz dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$PWD/fuzz/target/classpath.txt"
CP="fuzz/target/classes:$(cat fuzz/target/classpath.txt)"
mkdir -p fuzz/target/fuzz-findings
export GLIBC_TUNABLES="${GLIBC_TUNABLES:-glibc.malloc.mmap_threshold=268435456:glibc.malloc.trim_threshold=1073741824}"
rows=()
for t in "${TARGETS[@]}"; do
  seconds=$SECONDS_EACH
  [ "$t" = FileInputs ] && seconds=$((SECONDS_EACH * FILE_FACTOR))
  corpus="fuzz/target/fuzz-corpus/$t"
  mkdir -p "$corpus"
  log="fuzz/target/fuzz-$t.log"
  echo "fuzz: $t for ${seconds} s (log: $log)" >&2
  set +e
  java -cp "$CP" com.code_intelligence.jazzer.Jazzer --target_class="io.semstream.fuzz.$t" \
    --instrumentation_includes='io.semstream.**:org.apache.avro.**' \
    --disabled_hooks=com.code_intelligence.jazzer.sanitizers.ServerSideRequestForgery \
    --jvm_args='-Xmx3g:-Dai.djl.offline=true:-Dorg.slf4j.simpleLogger.defaultLogLevel=error' --reproducer_path=fuzz/target/fuzz-findings \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="fuzz/target/fuzz-findings/$t-" "$corpus" > "$log" 2>&1
  code=$?
  set -e
  runs=$(grep -aoE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1)
  runs=${runs:-$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')}
  findings=$(ls fuzz/target/fuzz-findings 2>/dev/null | grep -c "^$t-" || true)
  echo "fuzz: $t: ${runs:-0} executions, exit $code, $findings finding(s)" >&2
  rows+=("{\"target\": \"$t\", \"seconds\": $seconds, \"executions\": ${runs:-0}, \"exitCode\": $code, \"findings\": $findings}")
done
{
  echo "{\"date\": \"$(date -u +%F)\", \"command\": \"FILE_FACTOR=$FILE_FACTOR scripts/fuzz.sh $SECONDS_EACH\", \"targets\": ["
  (IFS=,; echo "${rows[*]}" | sed 's/},{/},\n{/g')
  echo "]}"
} > docs/fuzz.json
cat docs/fuzz.json
