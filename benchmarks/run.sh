#!/usr/bin/env bash
# Runs Cairn's JMH benchmarks, and the same suites on its peers, and writes one Markdown table of the results.
#
#   benchmarks/run.sh quick|full|smoke [extra JMH arguments]
#
#   quick  1 fork, 1 warmup iteration of 0.5 s and 3 measurement iterations of 0.7 s, on 100,000 keys
#          (-p keys=100000): Cairn's suites on both backends and all the peers, 106 benchmarks then, took 7 min 15 s
#          on 2 cores (2026-11-27, load average 2.6 falling to 1.5; benchmarks/RESULTS.md); 10 rows added since
#          (primitive state, updates during snapshots and rescaling on RocksDB) add about 45 s (estimated)
#   full   the defaults in the benchmark classes: 2 forks, 5 warmup and 5 measurement iterations of 1 s (of 6 s
#          for the value, map, list and primitive benchmarks that write, StateBenchmarkData.WRITE_ITERATION_SECONDS,
#          and for SnapshotBenchmark.incrementalCheckpoint), and each suite's own number of keys: 500,000 for the
#          value, map, list and primitive suites (as Flink's state benchmarks), 1,000,000 for snapshots and updates
#          during them, 1,250,000 for rescaling (as Flink's)
#   smoke  every benchmark once, as briefly as JMH allows, on 10,000 keys: checks that they run, measures nothing
#   paired CAIRN_PAIRS (default 8) pairs of forks per benchmark: one fork of Cairn's RocksDB backend, then one of
#          Flink's EmbeddedRocksDBStateBackend, then the other way round, and so on, each benchmark's two forks back
#          to back, each with the benchmark's own settings (-f 1 -p backend=... a side, no GC profiler); prints per
#          benchmark the ratio of each pair, their geometric mean with a 95% confidence interval, and how many pairs
#          Cairn won (io.cairn.benchmarks.PairedRatios). On a shared machine that drifts it separates backends
#          closer than one run of several forks can. CAIRN_PAIR=rocksdb-frocksdbjni/flink-rocksdb (Cairn's
#          backend/the peer) pairs them on one engine, CAIRN_PAIR=rocksdb/rocksdb-frocksdbjni Cairn's backend with
#          itself on the two engines, CAIRN_PAIR=offheap/flink-hashmap other backends. Give a filter that selects
#          only benchmarks both sides run:
#            CAIRN_PAIRS=10 benchmarks/run.sh paired 'ValueStateBenchmark.valueUpdate$'
#
# Cairn's benchmarks run from benchmarks/target/benchmarks.jar, every keyed-state suite on both of Cairn's backends
# (their default: -p backend=offheap,rocksdb), the incremental-checkpoint and coordinator suites on the off-heap
# one. Then, from benchmarks-peers/target/benchmarks-peers.jar and in JVMs of their own, with the same settings and
# keys: the value, map and list suites on Apache Flink's HashMapStateBackend and EmbeddedRocksDBStateBackend
# (-p backend=flink-hashmap,flink-rocksdb), the snapshot and rescale suites on both of them, through Flink's own
# snapshot and restore path (incremental checkpoints on the RocksDB one), Cairn's RocksDB backend on Flink's
# build of RocksDB beside Flink's (rocksdb-frocksdbjni: the same classes as rocksdb, on frocksdbjni instead of
# rocksdbjni), and the value suite on Chronicle Map (-p backend=chronicle-map). The table gives the score and B/op
# of every backend, the ratio Cairn offheap / peer (every peer), the ratio Cairn rocksdb / flink-rocksdb and the
# same-engine ratio Cairn rocksdb-frocksdbjni / flink-rocksdb. Set
# CAIRN_PEERS=0 to run Cairn's benchmarks only, CAIRN_PEERS=only for the peers only.
#
# Extra arguments go to JMH after the preset and override it, e.g. a benchmark filter, more forks, more keys:
#   benchmarks/run.sh quick 'ValueStateBenchmark.value(Get|Update)$' -f 2 -p keys=500000
# A filter selects the peers' benchmarks too; -p backend=... chooses Cairn's backends only (-p backend=offheap: the
# off-heap one alone). -jvmArgsAppend replaces the benchmarks' own JVM flags, in the peers' forks too;
# -jvmArgsPrepend adds to them.
# Results go to benchmarks/target/results/<mode>-<time>.json (all runs merged) and .md. The jars are built if they
# are missing or the peers' jar is older than the suites; set CAIRN_REBUILD=1 to rebuild them anyway.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
jar="$here/target/benchmarks.jar"
peers_jar="$root/benchmarks-peers/target/benchmarks-peers.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
peers="${CAIRN_PEERS:-1}"
# Cairn's RocksDB backend on Flink's engine: only the peers' jar has it.
rocksdb_on_frocksdb="rocksdb-frocksdbjni"

# Which suites run on which peers (a suite is a regular expression of benchmark names without the package).
# Snapshots and rescaling run on both of Flink's backends, through Flink's own snapshot and restore path; an
# incremental checkpoint only on its RocksDB backend (a heap checkpoint is always whole). Cairn's RocksDB backend
# runs beside Flink's there too, as rocksdb-frocksdbjni: on Flink's build of RocksDB, the peers' only one, so that
# the pair is also compared on one engine. The other suites (updates during a snapshot, the coordinator, primitive
# state, incremental-checkpoint internals) are Cairn's only: the peers' adapters do not offer what they measure.
flink_backends="flink-hashmap,rocksdb-frocksdbjni,flink-rocksdb"
flink_suites="ValueStateBenchmark\\.[A-Za-z0-9_]+|MapStateBenchmark\\.[A-Za-z0-9_]+|ListStateBenchmark\\.[A-Za-z0-9_]+"
flink_snapshot_backends="flink-hashmap"
flink_snapshot_suites="SnapshotBenchmark\\.(fullSnapshot|restore|syncPart)|RescaleBenchmark\\.[A-Za-z0-9_]+"
flink_rocksdb_snapshot_backends="rocksdb-frocksdbjni,flink-rocksdb"
flink_rocksdb_snapshot_suites="SnapshotBenchmark\\.[A-Za-z0-9_]+|RescaleBenchmark\\.[A-Za-z0-9_]+"
chronicle_backends="chronicle-map"
chronicle_suites="ValueStateBenchmark\\.[A-Za-z0-9_]+"

# Forked JVMs ignore the jar's manifest. The peers' forks get Chronicle Map's flags (see shared DEPENDENCIES.md and
# benchmarks-peers/pom.xml) in front of the benchmark's own (-jvmArgsPrepend), so that they keep the flags of
# Cairn's forks (Agrona's, and RescaleBenchmark's heap).
peer_jvm_flags="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED"
peer_jvm_flags+=" --add-exports=java.base/jdk.internal.ref=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED"
peer_jvm_flags+=" --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED -Dchronicle.analytics.disable=true"

usage()
{
    awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}" >&2
    exit 2
}

[[ $# -ge 1 ]] || usage
mode="$1"
shift
case "$mode" in
    quick) preset=(-f 1 -wi 1 -w 500ms -i 3 -r 700ms -p keys=100000) ;;
    full)  preset=() ;;
    smoke) preset=(-f 1 -wi 0 -i 1 -r 100ms -p keys=10000) ;;
    paired) preset=(-f 1) ;;
    *)     echo "run.sh: unknown mode '$mode'" >&2; usage ;;
esac

# JMH accepts each option once, but -p once per param: a preset option the caller also gives (for -p, a param the
# caller also sets) is dropped, so the caller's wins.
args=()
given=("$@")
for (( i = 0; i < ${#preset[@]}; i += 2 )); do
    option="${preset[i]}"
    value="${preset[i + 1]}"
    overridden=0
    for (( j = 0; j < ${#given[@]}; j++ )); do
        if [[ "${given[j]}" == "$option" ]] && [[ "$option" != "-p" || "${given[j + 1]:-}" == "${value%%=*}="* ]]; then
            overridden=1
        fi
    done
    (( overridden )) || args+=("$option" "$value")
done

# The caller's arguments, split for the peers' runs: benchmark filters (JMH's positional arguments), and options.
# Every JMH option takes one value but the list options. The peers' runs choose their own backends and put their
# JVM flags in front of any the caller prepends.
filters=()
peer_options=()
user_jvm_prepend=""
for (( i = 0; i < ${#given[@]}; i++ )); do
    arg="${given[i]}"
    case "$arg" in
        -l|-lp|-lprof|-lrf|-h) peer_options+=("$arg") ;;
        -*)
            value="${given[i + 1]:-}"
            i=$(( i + 1 ))
            if [[ "$arg" == "-jvmArgsPrepend" ]]; then
                user_jvm_prepend="$value"
            elif [[ "$arg" != "-p" || "$value" != backend=* ]]; then
                peer_options+=("$arg" "$value")
            fi
            ;;
        *) filters+=("$arg") ;;
    esac
done

# The suites' own jar, the one the peers' jar is shaded from.
plain_jar="$(find "$here/target" -maxdepth 1 -name 'cairn-benchmarks-*.jar' ! -name '*-tests.jar' \
    ! -name '*-sources.jar' 2>/dev/null | head -n 1 || true)"
build=0
[[ -f "$jar" ]] || build=1
if [[ "$peers" != "0" ]]; then
    [[ -f "$peers_jar" ]] || build=1
    # The peers' jar holds a copy of the suites: rebuild it when they are newer.
    [[ -n "$plain_jar" && "$plain_jar" -nt "$peers_jar" ]] && build=1
fi
[[ "${CAIRN_REBUILD:-0}" == "1" ]] && build=1
if (( build )); then
    modules="benchmarks"
    [[ "$peers" != "0" ]] && modules+=",benchmarks-peers"
    echo "run.sh: building $modules"
    (cd "$root" && mvn -q -B -pl "$modules" -am package -DskipTests)
fi

results="$here/target/results"
mkdir -p "$results"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
json="$results/$mode-$stamp.json"
table="$results/$mode-$stamp.md"
parts=()

# Paired forks: Cairn's backend from Cairn's jar (the one on Flink's engine from the peers' jar), the peer from the
# peers' jar, alternating which goes first; the result files in run order make the pairs.
if [[ "$mode" == "paired" ]]; then
    pairs="${CAIRN_PAIRS:-8}"
    pair="${CAIRN_PAIR:-rocksdb/flink-rocksdb}"
    ours="${pair%%/*}"
    theirs="${pair#*/}"
    if ! [[ "$pairs" =~ ^[1-9][0-9]*$ ]] || [[ "$pair" != */* || -z "$ours" || -z "$theirs" ]]; then
        echo "run.sh: CAIRN_PAIRS=$pairs CAIRN_PAIR=$pair: expected a count of pairs and CAIRN_BACKEND/PEER" >&2
        exit 2
    fi
    if (( ${#filters[@]} == 0 )); then
        echo "run.sh: paired needs a benchmark filter that selects only benchmarks both backends run" >&2
        exit 2
    fi
    # The benchmarks the filters select: each is paired on its own, so that its two forks run back to back.
    selected=()
    while read -r benchmark; do
        selected+=("^${benchmark//./\\.}\$")
    done < <("$java" -jar "$jar" -l "${filters[@]}" | grep -E '^io\.cairn\.' || true)
    if (( ${#selected[@]} == 0 )); then
        echo "run.sh: no benchmark matches the filter" >&2
        exit 1
    fi
    run_fork()
    {
        local backend="$1" benchmark="$2" part="$results/$mode-$stamp-$3-$1.json"
        if [[ "$backend" == "$ours" && "$backend" != "$rocksdb_on_frocksdb" ]]; then
            "$java" -jar "$jar" -foe true -rf json -rff "$part" ${args[@]+"${args[@]}"} \
                ${peer_options[@]+"${peer_options[@]}"} -p "backend=$backend" \
                ${user_jvm_prepend:+-jvmArgsPrepend "$user_jvm_prepend"} "$benchmark"
        else
            "$java" -jar "$peers_jar" -foe true -rf json -rff "$part" ${args[@]+"${args[@]}"} \
                ${peer_options[@]+"${peer_options[@]}"} -p "backend=$backend" \
                -jvmArgsPrepend "$peer_jvm_flags${user_jvm_prepend:+ $user_jvm_prepend}" "$benchmark"
        fi
        parts+=("$part")
    }
    for (( p = 1; p <= pairs; p++ )); do
        for (( b = 0; b < ${#selected[@]}; b++ )); do
            echo "run.sh: pair $p of $pairs of ${selected[b]} ($(date -u +%H:%M:%S) UTC)"
            if (( p % 2 )); then
                run_fork "$ours" "${selected[b]}" "$p-$b"
                run_fork "$theirs" "${selected[b]}" "$p-$b"
            else
                run_fork "$theirs" "${selected[b]}" "$p-$b"
                run_fork "$ours" "${selected[b]}" "$p-$b"
            fi
        done
    done
    "$java" -cp "$jar" io.cairn.benchmarks.ResultsTable --merge "$json" "${parts[@]}" > /dev/null
    "$java" -cp "$jar" io.cairn.benchmarks.PairedRatios "$ours" "$theirs" "${parts[@]}" > "$table"
    rm -f "${parts[@]}"
    echo
    cat "$table"
    echo
    echo "run.sh: results in $json and $table"
    exit 0
fi

# Forks take their JVM flags from @Fork; -foe true makes a failing benchmark fail the run.
if [[ "$peers" != "only" ]]; then
    cairn_json="$results/$mode-$stamp-cairn.json"
    "$java" -jar "$jar" -foe true -prof gc -rf json -rff "$cairn_json" ${args[@]+"${args[@]}"} "$@"
    parts+=("$cairn_json")
fi

# Runs the benchmarks of the given suites that the caller's filters select, on the given peers.
run_peers()
{
    local backends="$1" suites="$2" name="$3"
    local selected=() benchmark
    while read -r benchmark; do
        selected+=("^${benchmark//./\\.}\$")
    done < <("$java" -jar "$peers_jar" -l ${filters[@]+"${filters[@]}"} | grep -E "\.($suites)$" || true)
    if (( ${#selected[@]} == 0 )); then
        echo "run.sh: no $name benchmark matches the filter; none run"
        return
    fi
    local part="$results/$mode-$stamp-$name.json"
    echo
    echo "run.sh: ${#selected[@]} benchmarks on $backends"
    "$java" -jar "$peers_jar" -foe true -prof gc -rf json -rff "$part" ${args[@]+"${args[@]}"} \
        ${peer_options[@]+"${peer_options[@]}"} -p "backend=$backends" \
        -jvmArgsPrepend "$peer_jvm_flags${user_jvm_prepend:+ $user_jvm_prepend}" "${selected[@]}"
    parts+=("$part")
}

if [[ "$peers" != "0" ]]; then
    run_peers "$flink_backends" "$flink_suites" flink
    run_peers "$flink_snapshot_backends" "$flink_snapshot_suites" flink-snapshots
    run_peers "$flink_rocksdb_snapshot_backends" "$flink_rocksdb_snapshot_suites" flink-rocksdb-snapshots
    run_peers "$chronicle_backends" "$chronicle_suites" chronicle
fi

if (( ${#parts[@]} == 0 )); then
    echo "run.sh: no benchmark matches the filter" >&2
    exit 1
fi
"$java" -cp "$jar" io.cairn.benchmarks.ResultsTable --merge "$json" "${parts[@]}" > "$table"
rm -f "${parts[@]}"
echo
cat "$table"
echo
echo "run.sh: results in $json and $table"
