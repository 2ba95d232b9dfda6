#!/usr/bin/env bash
# Output that cannot be written is a failure, never a success (issue #10, defect 7), for every
# driver: --json to a full device, to a missing or read-only folder, a write failing midway
# (file-size limit); standard output full or closed (also for --help, --version and --json -);
# standard error closed or full while reporting an error (no abort: the exit status still tells).
# A failed --json leaves no partial file and no temporary file, and an existing file unchanged;
# an empty --json name is a usage error (it used to mean "no --json": the report silently lost).
#
# usage: output_failures.sh LATENCY CLASSIFICATION VOC_EVAL TEGRASTATS REPORT COCO_EVAL   (run from the source root;
#        $EMULATOR, when set, is put before each tool: qemu-aarch64 in a cross build)
set -u
latency=$1 classification=$2 voc=$3 tegrastats=$4 report=$5 coco=$6
emu=${EMULATOR:-}
work=$(mktemp -d)
chmod 755 "$work"  # readable by the user the read-only check may run as
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# expect STATUS DESCRIPTION COMMAND...: runs COMMAND (a shell snippet), checks its exit status.
expect() {
  local want=$1 what=$2
  shift 2
  local got
  bash -c "$*" 2>"$work/stderr"
  got=$?
  if [ "$got" != "$want" ]; then
    fail "$what: exit status $got, expected $want"
    sed 's/^/    stderr: /' "$work/stderr"
  else
    echo "ok   $what (exit $got)"
  fi
}

# expect_stderr PATTERN DESCRIPTION: the last command's standard error matched PATTERN.
expect_stderr() {
  if ! grep -q -- "$1" "$work/stderr"; then
    fail "$2: standard error lacks '$1'"
    sed 's/^/    stderr: /' "$work/stderr"
  fi
}

check_tool() {
  local name=$1 run=$2 bad=$3
  echo "== $name"
  # --json to a full device, a missing folder, a folder that is a file, a directory.
  expect 1 "$name --json /dev/full" "$run --json /dev/full >/dev/null"
  expect_stderr "/dev/full: write error: No space left on device" "$name --json /dev/full"
  expect 1 "$name --json into a missing folder" "$run --json $work/no/such/dir/r.json >/dev/null"
  expect 1 "$name --json is a folder" "$run --json $work >/dev/null"
  expect 2 "$name --json with an empty name" "$run --json '' >/dev/null"
  # A write failing midway (1 KiB file-size limit, SIGXFSZ ignored so write() fails with EFBIG):
  # no truncated report, no temporary file, the old file intact.
  mkdir -p "$work/mid"
  echo old >"$work/mid/r.json"
  expect 1 "$name --json failing midway" "trap '' XFSZ; ulimit -f 1; $run --json $work/mid/r.json >/dev/null"
  [ "$(cat "$work/mid/r.json")" = old ] || fail "$name: the old file was changed by a failed write"
  [ "$(ls "$work/mid" | wc -l)" = 1 ] || fail "$name: files left behind: $(ls "$work/mid")"
  # The same file written successfully: replaced whole.
  expect 0 "$name --json replacing a file" "$run --json $work/mid/r.json >/dev/null"
  head -c 1 "$work/mid/r.json" | grep -q '{' || fail "$name: the report did not replace the old file"
  [ "$(ls "$work/mid" | wc -l)" = 1 ] || fail "$name: files left behind: $(ls "$work/mid")"
  # A read-only folder. Root writes there anyway: as root the tool runs as user nobody
  # (setpriv), else the check is skipped.
  mkdir -p "$work/ro"
  chmod a-w "$work/ro"
  local as=""
  if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null; then
      as="setpriv --reuid=65534 --regid=65534 --clear-groups"
    else
      as=skip
    fi
  fi
  if [ "$as" != skip ]; then
    expect 1 "$name --json into a read-only folder" "$as $run --json $work/ro/r.json >/dev/null"
    expect_stderr "Permission denied" "$name --json into a read-only folder"
    [ -z "$(ls "$work/ro")" ] || fail "$name: files left in the read-only folder"
  else
    echo "skip $name --json into a read-only folder (root without setpriv)"
  fi
  # Standard output full or closed: the report is lost, exit 1.
  expect 1 "$name stdout /dev/full" "$run >/dev/full"
  expect_stderr "<stdout>: write error" "$name stdout /dev/full"
  expect 1 "$name stdout closed" "$run >&-"
  expect 1 "$name --json - with stdout /dev/full" "$run --json - >/dev/full"
  expect 1 "$name --json - with stdout closed" "$run --json - >&-"
  # With standard output (or error) closed, the --json file must not take its descriptor and
  # receive the console report (or messages): it holds exactly the JSON.
  expect 1 "$name --json FILE with stdout closed" "$run --json $work/closed.json >&-"
  head -c 1 "$work/closed.json" | grep -q '{' || fail "$name: the JSON file holds something else"
  [ "$(tail -c 2 "$work/closed.json")" = "}" ] || fail "$name: the JSON file does not end with the JSON"
  expect 0 "$name --json FILE with stderr closed" "$run --json $work/closed2.json >/dev/null 2>&-"
  cmp -s "$work/closed.json" "$work/closed2.json" || fail "$name: the JSON differs with a descriptor closed"
  expect 1 "$name --help with stdout /dev/full" "$run --help >/dev/full"
  expect 1 "$name --version with stdout closed" "$run --version >&-"
  # Standard error closed or full: errors keep their status (no std::terminate, exit 134).
  expect 0 "$name stderr closed, success" "$run >/dev/null 2>&-"
  expect 1 "$name stderr closed, bad input" "$bad 2>&-"
  expect 1 "$name stderr full, bad input" "$bad 2>/dev/full"
  expect 2 "$name stderr closed, usage error" "$run --no-such-option 2>&-"
  expect 2 "$name stderr full, usage error" "$run --no-such-option 2>/dev/full"
  expect 1 "$name stdout and stderr closed" "$run >&- 2>&-"
}

check_tool edgemetrics-latency "$emu $latency examples/latency_report/sample/latency.json" \
  "$emu $latency examples/latency_report/sample/no_such_file.json"
check_tool edgemetrics-classification-report \
  "$emu $classification examples/classification_report/sample/vehicles.csv" \
  "$emu $classification examples/classification_report/sample/no_such_file.csv"
check_tool edgemetrics-voc-eval "$emu $voc --devkit examples/voc_eval/sample --results examples/voc_eval/sample/results" \
  "$emu $voc --devkit tests/data/voc/no-such-dir --results examples/voc_eval/sample/results"
check_tool edgemetrics-tegrastats "$emu $tegrastats examples/tegrastats/sample/nano_stress.log" \
  "$emu $tegrastats examples/tegrastats/sample/no_such_file.log"
check_tool edgemetrics-report "$emu $report tests/data/runs/complete tests/data/runs/trtexec" \
  "$emu $report tests/data/runs/complete tests/data/runs/no_such_run"
check_tool edgemetrics-coco-eval "$emu $coco --gt tests/data/coco/small/instances.json --dt tests/data/coco/small/detections.json" \
  "$emu $coco --gt tests/data/coco/small/instances.json --dt tests/data/coco/small/no_such_file.json"
# edgemetrics-report's other outputs (--html, --md) follow the same rules as --json (the sample
# runs: a Markdown report over 1 KiB).
for opt in --html --md; do
  expect 1 "edgemetrics-report $opt /dev/full" "$emu $report tests/data/runs/complete $opt /dev/full >/dev/null"
  expect_stderr "/dev/full: write error: No space left on device" "edgemetrics-report $opt /dev/full"
  expect 1 "edgemetrics-report $opt into a missing folder" \
    "$emu $report tests/data/runs/complete $opt $work/no/such/dir/r >/dev/null"
  expect 1 "edgemetrics-report $opt - with stdout /dev/full" "$emu $report tests/data/runs/complete $opt - >/dev/full"
  mkdir -p "$work/mid2"
  echo old >"$work/mid2/r"
  expect 1 "edgemetrics-report $opt failing midway" \
    "trap '' XFSZ; ulimit -f 1; $emu $report examples/report/sample/* $opt $work/mid2/r >/dev/null"
  [ "$(cat "$work/mid2/r")" = old ] || fail "edgemetrics-report $opt: the old file was changed by a failed write"
  [ "$(ls "$work/mid2" | wc -l)" = 1 ] || fail "edgemetrics-report $opt: files left behind: $(ls "$work/mid2")"
done

if [ "$failures" != 0 ]; then
  echo "$failures failure(s)"
  exit 1
fi
echo "all output-failure checks passed"
