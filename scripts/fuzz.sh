#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET...] — run faultline's cargo-fuzz targets (fuzz/fuzz_targets/)
# for SECONDS each (default 60; all targets when none is named) and print, per target,
# libFuzzer's own final stats: executions, executions per second, corpus size, crashes.
#
#   scripts/fuzz.sh            # every target, 60 s each (what `make fuzz` runs)
#   scripts/fuzz.sh 10 dsn     # one target, 10 s
#   FUZZ_SANITIZER=address scripts/fuzz.sh 60
#
# Exit status: 0 when no target crashed, 1 when one did (its reproducer is kept in
# fuzz/artifacts/<target>/), 2 when the setup or a run failed in another way.
#
# Toolchain: the project builds with stable Rust (1.95; no other toolchain can be
# downloaded here, so none is assumed), and cargo-fuzz is meant for nightly. What
# cargo-fuzz passes to rustc decides what works on stable:
# - The coverage instrumentation libFuzzer needs is all stable `-C` flags
#   (`-Cpasses=sancov-module`, `-Cllvm-args=-sanitizer-coverage-*`), plus
#   `--cfg fuzzing` and `-Cdebug-assertions` (overflow checks on). So
#   `cargo fuzz build --sanitizer none` builds and fuzzes on plain stable.
# - AddressSanitizer (cargo-fuzz's default) adds `-Zsanitizer=address`, which stable rustc
#   refuses ("the option `Z` is only accepted on the nightly compiler"). RUSTC_BOOTSTRAP=1
#   lets stable accept it, and stable's rust-std does ship the runtime
#   (`lib/rustlib/<host>/lib/librustc-stable_rt.asan.a`), so FUZZ_SANITIZER=address works.
# - The default here is `none`: faultline is `#![deny(unsafe_code)]`, and without
#   `-Zbuild-std` (which needs the rust-src component, not installed) std is not
#   instrumented either, so ASan finds nothing that safe Rust's bounds and overflow
#   checks don't already turn into a panic, a crash to libFuzzer. It costs ~4x the
#   executions (measured on the stack target: 67,500 vs 15,800 exec/s).
#
# A run stops at the first crash; the script then starts the target again for the time
# left (at most MAX_CRASHES times), so "crashes" counts distinct reproducers written.
# Seed corpora are copied in at run time from tests/fixtures/stacks and fuzz/seeds;
# fuzz/corpus, fuzz/artifacts and fuzz/target are gitignored.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FUZZ="$ROOT/fuzz"
export PATH="$HOME/.cargo/bin:$PATH"

CARGO_FUZZ_VERSION=0.13.2
SECONDS_PER_TARGET="${1:-60}"
shift || true
SANITIZER="${FUZZ_SANITIZER:-none}"
MAX_CRASHES="${FUZZ_MAX_CRASHES:-5}"
ALL_TARGETS=(stack dsn envelope)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=("${ALL_TARGETS[@]}")

say() { echo "fuzz: $*" >&2; }
die() { echo "fuzz: error: $*" >&2; exit 2; }

[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be a positive integer, got '$SECONDS_PER_TARGET'"
for t in "${TARGETS[@]}"; do
    [ -f "$FUZZ/fuzz_targets/$t.rs" ] || die "no target '$t' (have: ${ALL_TARGETS[*]})"
done

# --- install cargo-fuzz (idempotent) --------------------------------------------------
command -v cargo >/dev/null || die "no cargo: run scripts/ensure.sh rust first"
if ! cargo fuzz --version >/dev/null 2>&1; then
    say "cargo install cargo-fuzz --version $CARGO_FUZZ_VERSION (about a minute)"
    cargo install -q cargo-fuzz --version "$CARGO_FUZZ_VERSION"
fi
# libfuzzer-sys compiles libFuzzer's C++ sources.
command -v c++ >/dev/null || die "no C++ compiler (apt-get install g++)"

# --- build ----------------------------------------------------------------------------
case "$SANITIZER" in
    none) ;;
    address)
        export RUSTC_BOOTSTRAP=1 # lets stable rustc take -Zsanitizer (see the top)
        export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_odr_violation=0}"
        ;;
    *) die "FUZZ_SANITIZER must be none or address, got '$SANITIZER'" ;;
esac
HOST="$(rustc -vV | sed -n 's/^host: //p')"
say "cargo fuzz build --sanitizer $SANITIZER (${TARGETS[*]})"
for t in "${TARGETS[@]}"; do
    (cd "$FUZZ" && cargo fuzz build --release --sanitizer "$SANITIZER" "$t") >&2 \
        || die "cargo fuzz build $t failed"
done
BIN_DIR="$FUZZ/target/$HOST/release"

# --- seed corpora -----------------------------------------------------------------------
seed() {
    local target="$1" dir="$FUZZ/corpus/$1" f n=0
    mkdir -p "$dir"
    case "$target" in
        stack | envelope)
            # Every captured stack, whatever the folder layout (skipping the generator).
            while IFS= read -r -d '' f; do
                cp -f "$f" "$dir/seed-$(echo "${f#"$ROOT/tests/fixtures/stacks/"}" | tr '/ ' '__')"
                n=$((n + 1))
            done < <(find "$ROOT/tests/fixtures/stacks" -path '*/gen' -prune -o -type f -name '*.txt' -print0)
            ;;
        dsn)
            while IFS= read -r line; do
                printf '%s' "$line" >"$dir/seed-$n"
                n=$((n + 1))
            done <"$FUZZ/seeds/dsn.txt"
            ;;
    esac
    echo "$n"
}

# --- run --------------------------------------------------------------------------------
final_stat() { sed -n "s/^stat::$1: *//p" "$2" | tail -1; }

declare -A EXECS CRASHES SEEDS CORPUS RATE STATUS
failed=0
for t in "${TARGETS[@]}"; do
    SEEDS[$t]="$(seed "$t")"
    art="$FUZZ/artifacts/$t"
    mkdir -p "$art"
    dict=()
    [ -f "$FUZZ/dicts/$t.dict" ] && dict=("-dict=$FUZZ/dicts/$t.dict")
    execs=0 crashes=0 left="$SECONDS_PER_TARGET" round=0 STATUS[$t]=ok t0=$SECONDS
    say "$t: ${SEEDS[$t]} seeds, ${SECONDS_PER_TARGET} s"
    while [ "$left" -gt 0 ]; do
        round=$((round + 1))
        log="$art/run-$round.log"
        before="$(find "$art" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)"
        start=$SECONDS
        rc=0
        "$BIN_DIR/$t" "$FUZZ/corpus/$t" "${dict[@]}" \
            -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix="$art/" >"$log" 2>&1 || rc=$?
        left=$((left - (SECONDS - start)))
        n="$(final_stat number_of_executed_units "$log")"
        execs=$((execs + ${n:-0}))
        after="$(find "$art" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | wc -l)"
        if [ "$rc" -eq 0 ]; then
            break
        elif grep -qE 'Test unit written to .*/(crash|oom|timeout|leak)-' "$log"; then
            # A repeat of a reproducer already kept writes no new file: count it once.
            crashes=$((crashes + (after > before ? after - before : 0)))
            [ "$crashes" -gt 0 ] || crashes=1
            STATUS[$t]=CRASH
            say "$t: crash, reproducer in fuzz/artifacts/$t/ (log: ${log#"$ROOT/"}); replay with:"
            say "    (cd fuzz && cargo fuzz run --sanitizer $SANITIZER $t artifacts/$t/<file>)"
            grep -m1 -E "panicked at|ERROR: (libFuzzer|AddressSanitizer)" "$log" >&2 || true
            [ "$after" -gt "$before" ] && [ "$crashes" -lt "$MAX_CRASHES" ] || break
        else
            STATUS[$t]="failed (exit $rc, see ${log#"$ROOT/"})"
            failed=1
            break
        fi
    done
    EXECS[$t]=$execs
    RATE[$t]=$((execs / (SECONDS - t0 > 0 ? SECONDS - t0 : 1)))
    CRASHES[$t]=$crashes
    CORPUS[$t]="$(find "$FUZZ/corpus/$t" -type f | wc -l)"
done

# --- report -----------------------------------------------------------------------------
echo
echo "fuzz: ${SECONDS_PER_TARGET} s per target, sanitizer: $SANITIZER (libFuzzer final stats)"
printf '%-10s %14s %10s %8s %8s  %s\n' target executions exec/s corpus crashes status
any_crash=0
for t in "${TARGETS[@]}"; do
    printf '%-10s %14s %10s %8s %8s  %s\n' "$t" "${EXECS[$t]}" "${RATE[$t]:-?}" "${CORPUS[$t]}" "${CRASHES[$t]}" "${STATUS[$t]}"
    [ "${CRASHES[$t]}" -gt 0 ] && any_crash=1
done
[ "$failed" -eq 0 ] || exit 2
[ "$any_crash" -eq 0 ] || { echo "fuzz: reproducers kept in fuzz/artifacts/<target>/"; exit 1; }
