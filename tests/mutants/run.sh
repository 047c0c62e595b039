#!/bin/sh
# run.sh: mutation testing (`make mutants`). Copies the tree (tracked and
# untracked files, and build/ so rebuilds are incremental) into a temporary
# directory, then for each mutant of the list applies it to the copy, runs
# the fast tier there under a timeout, and restores the file. The working
# tree is never written.
#
# List (MUTANTS_LIST, default tests/mutants/list.txt): one mutant a line,
#   FILE :: PATTERN :: REPLACEMENT
#   FILE :: PATTERN :: REPLACEMENT :: equivalent: REASON
# PATTERN is exact text that must occur exactly once in FILE, else the
# mutant is STALE (reported, not counted). Equivalent mutants are not run.
# Lines starting with # and blank lines are ignored.
#
# Variables: MUTANT_CHECK (the fast tier; default `make check` when the
# Makefile has it, else tests/mutants/fast.sh), MUTANT_TIMEOUT (seconds per
# mutant, default 300), MUTANT_FILTER (run only mutants whose FILE contains
# it), MUTANT_KEEP=1 (keep the copy), MUTANT_LOG (default build/mutants.log).
# The check sees the mutated file's path in MUTANT_FILE.
# A mutant is KILLED when the check fails or times out, SURVIVED when it
# passes, BUILD when it does not compile (reported, not counted).
BUILD=${BUILD:-build}
LIST=${MUTANTS_LIST:-tests/mutants/list.txt}
TIMEOUT=${MUTANT_TIMEOUT:-}
LOG=${MUTANT_LOG:-$BUILD/mutants.log}
root=$(pwd)
apply="$root/$BUILD/mutants/apply"
[ -x "$apply" ] || { echo "mutants: $apply not built (make $BUILD/mutants/apply)"; exit 2; }
[ -f "$LIST" ] || { echo "mutants: no list $LIST"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/xipwasm-mutants.XXXXXX")
[ "${MUTANT_KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
# The copy: git's files (tracked and untracked, not ignored) plus build/.
{ git ls-files -co --exclude-standard 2>/dev/null || find . -path ./build -prune -o -type f -print; } |
    tar -cf - -T - 2>/dev/null | (cd "$work" && tar -xf -)
[ -d "$BUILD" ] && cp -pR "$BUILD" "$work/$BUILD"
[ -e ../shared ] && [ ! -e "$work/../shared" ] && ln -s "$(cd ../shared && pwd)" "$work/../shared" 2>/dev/null
# The run reads its own copy of the list: the list may be edited meanwhile.
cp "$LIST" "$work/.list"

if [ -z "$MUTANT_CHECK" ]; then
    if make -C "$work" -n check >/dev/null 2>&1; then
        MUTANT_CHECK="make check"
    else
        MUTANT_CHECK="BUILD=$BUILD sh tests/mutants/fast.sh"
    fi
fi
# The unmutated copy must pass, or every mutant would look killed; its time
# sets the default timeout (4x, at least 60 s: a mutant may loop forever).
t0=$(date +%s)
(cd "$work" && timeout 1800 nice -n 15 sh -c "$MUTANT_CHECK") >"$work/.baseline.log" 2>&1 || {
    tail -n 20 "$work/.baseline.log"
    echo "mutants: the unmutated tree fails the check; stopping"
    exit 1
}
base=$(($(date +%s) - t0))
[ -n "$TIMEOUT" ] || TIMEOUT=$((base * 4 > 60 ? base * 4 : 60))
echo "mutants: copy $work, check: $MUTANT_CHECK (${base}s unmutated), timeout ${TIMEOUT}s" | tee "$LOG"

sep=' :: '
n=0
tab=$(printf '\t')
while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in '#'* | '') continue ;; esac
    n=$((n + 1))
    file=${line%%"$sep"*}; rest=${line#*"$sep"}
    pattern=${rest%%"$sep"*}; rest=${rest#*"$sep"}
    replacement=${rest%%"$sep"*}
    note=""
    [ "$rest" != "$replacement" ] && note=${rest#*"$sep"}
    if [ -n "$MUTANT_FILTER" ]; then
        case "$file" in *"$MUTANT_FILTER"*) ;; *) continue ;; esac
    fi
    case "$note" in
    equivalent*) printf 'EQUIV\t%s\t%s\t%s\t%s\n' "$file" "$pattern" "$replacement" "$note" >>"$LOG"; continue ;;
    esac
    cp "$work/$file" "$work/.orig" 2>/dev/null ||
        { printf 'STALE\t%s\t%s\t(no such file)\n' "$file" "$pattern" >>"$LOG"; continue; }
    "$apply" "$work/$file" "$pattern" "$replacement" 2>/dev/null
    case $? in
    0) ;;
    3) printf 'STALE\t%s\t%s\t(not exactly once)\n' "$file" "$pattern" >>"$LOG"; continue ;;
    *) echo "mutants: cannot apply to $file"; exit 1 ;;
    esac
    (cd "$work" && MUTANT_FILE="$file" timeout "$TIMEOUT" nice -n 15 sh -c "$MUTANT_CHECK") >"$work/.mutant.log" 2>&1
    status=$?
    step=$(sed -n 's/^fast: FAILED //p' "$work/.mutant.log" | tail -n 1)
    if [ $status -ne 0 ] && [ "$step" = build ]; then
        verdict=BUILD # only the fallback tier tells a build failure apart
    elif [ $status -eq 124 ]; then
        verdict=KILLED; step=timeout
    elif [ $status -ne 0 ]; then
        verdict=KILLED
    else
        verdict=SURVIVED
    fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$verdict" "$file" "$pattern" "$replacement" "$step" >>"$LOG"
    printf '%s %s: %s -> %s %s\n' "$verdict" "$file" "$pattern" "$replacement" "${step:+($step)}"
    cp "$work/.orig" "$work/$file" # a fresh mtime: the next build recompiles it
done <"$work/.list"

echo
echo "== kill rate per file (killed / run; stale, build failures and equivalents not counted)"
awk -F"$tab" '
    /^(KILLED|SURVIVED|STALE|BUILD|EQUIV)\t/ { f[$2] = 1; c[$2, $1]++; t[$1]++ }
    END {
        for (x in f) {
            run = c[x, "KILLED"] + c[x, "SURVIVED"]
            printf "%-28s %3d/%-3d %5.1f%%  stale %d  build %d  equivalent %d\n", x, c[x, "KILLED"], run,
                run ? 100 * c[x, "KILLED"] / run : 0, c[x, "STALE"], c[x, "BUILD"], c[x, "EQUIV"]
        }
        run = t["KILLED"] + t["SURVIVED"]
        printf "%-28s %3d/%-3d %5.1f%%  stale %d  build %d  equivalent %d\n", "TOTAL", t["KILLED"], run,
            run ? 100 * t["KILLED"] / run : 0, t["STALE"], t["BUILD"], t["EQUIV"]
    }' "$LOG" | sort | tee "$LOG.summary"
echo
echo "== survivors"
awk -F"$tab" '$1 == "SURVIVED" { printf "%s: %s -> %s\n", $2, $3, $4 }' "$LOG"
echo "== stale (fix the pattern in $LIST)"
awk -F"$tab" '$1 == "STALE" || $1 == "BUILD" { printf "%s %s: %s\n", $1, $2, $3 }' "$LOG"
grep -q "^SURVIVED$tab" "$LOG" && exit 1
exit 0
