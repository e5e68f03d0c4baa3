#!/usr/bin/env bash
# Runs Cairn's JMH benchmarks and writes a Markdown table of the results.
#
#   benchmarks/run.sh quick|full|smoke [extra JMH arguments]
#
#   quick  1 fork, 2 warmup and 3 measurement iterations of 1 s: every benchmark in about 3 minutes on 2 cores
#   full   the defaults in the benchmark classes: 2 forks, 5 warmup and 5 measurement iterations of 1 s
#   smoke  every benchmark once, as briefly as JMH allows: checks that they run, measures nothing
#
# Extra arguments go to JMH after the preset and override it, e.g. a benchmark filter and more forks:
#   benchmarks/run.sh quick 'ValueStateBenchmark.value(Get|Update)$' -f 2
# Results go to benchmarks/target/results/<mode>-<time>.json and .md. The jar is built if it is missing;
# set CAIRN_REBUILD=1 to rebuild it anyway.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

usage()
{
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
mode="$1"
shift
case "$mode" in
    quick) preset=(-f 1 -wi 2 -w 1s -i 3 -r 1s) ;;
    full)  preset=() ;;
    smoke) preset=(-f 1 -wi 0 -i 1 -r 100ms) ;;
    *)     echo "run.sh: unknown mode '$mode'" >&2; usage ;;
esac

# JMH accepts each option once: a preset option the caller also gives is dropped, so the caller's wins.
args=()
for (( i = 0; i < ${#preset[@]}; i += 2 )); do
    option="${preset[i]}"
    overridden=0
    for given in "$@"; do
        [[ "$given" == "$option" ]] && overridden=1
    done
    (( overridden )) || args+=("$option" "${preset[i + 1]}")
done

if [[ ! -f "$jar" || "${CAIRN_REBUILD:-0}" == "1" ]]; then
    echo "run.sh: building $jar"
    (cd "$root" && mvn -q -B -pl benchmarks -am package -DskipTests)
fi

results="$here/target/results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$results/$mode-$stamp.json"
table="$results/$mode-$stamp.md"

# Forks take their JVM flags from @Fork; -foe true makes a failing benchmark fail the run.
"$java" -jar "$jar" -foe true -prof gc -rf json -rff "$json" ${args[@]+"${args[@]}"} "$@"

"$java" -cp "$jar" io.cairn.benchmarks.ResultsTable "$json" > "$table"
echo
cat "$table"
echo
echo "run.sh: results in $json and $table"
