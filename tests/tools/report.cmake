# Golden tests of edgemetrics-report (examples/report): the whole console output, the whole JSON
# report and the exact exit status on the bundled sample runs, on small run directories
# (tests/data/runs: every part, missing parts, a ready benchmark_run.json) and on bad inputs.
set(_s examples/report/sample)
set(_r tests/data/runs)
set(_samples ${_s}/ssd-mobilenet-v2-fp32 ${_s}/ssd-mobilenet-v2-fp16 ${_s}/ssdlite-mobilenet-v3-fp16)

edgemetrics_golden_test(NAME report.help TOOL report ARGS --help)
edgemetrics_golden_test(NAME report.version TOOL report ARGS --version)

# The README's main job: three sample runs, the default budgets (seed 000's guidelines).
edgemetrics_golden_test(NAME report.samples TOOL report ARGS ${_samples})
# Budgets given: the FP32 engine misses 40 ms, the smaller detector misses mAP 0.6; --strict: exit 3.
edgemetrics_golden_test(NAME report.samples_strict TOOL report EXIT 3
  ARGS ${_samples} --budget-ms 40 --min-accuracy 0.6 --max-power-w 7 --strict)
# Every budget met: --strict exits 0. One thread reads the runs (same output).
edgemetrics_golden_test(NAME report.samples_pass TOOL report
  ARGS ${_samples} --budget-ms 60 --min-accuracy 0.5 --max-energy-mj 300 --strict --jobs 1)
# Only the budgets given (no 0.85 accuracy default), p95 held to the latency budget.
edgemetrics_golden_test(NAME report.samples_no_defaults TOOL report
  ARGS ${_samples} --no-default-budgets --budget-ms 30 --budget-percentile 95 --resamples 200 --seed 7)

# Small runs: every part (labels.csv too), trtexec times with a timestamped log, a ready
# benchmark_run.json (its run.json noted as ignored); the whole JSON report.
edgemetrics_golden_test(NAME report.parts TOOL report JSON
  ARGS ${_r}/complete ${_r}/trtexec ${_r}/ready --resamples 100 --json @JSON@)
# Missing parts are notes and blanks, never errors; a VOC folder without detections.
edgemetrics_golden_test(NAME report.missing_parts TOOL report JSON
  ARGS ${_r}/empty ${_r}/log_only ${_r}/voc_without_results --json @JSON@)
# Markdown to standard output (instead of the console report); HTML and Markdown to a device.
edgemetrics_golden_test(NAME report.md_stdout TOOL report ARGS ${_r}/complete ${_r}/trtexec --md -)
edgemetrics_golden_test(NAME report.outputs_devnull TOOL report
  ARGS ${_r}/complete --html /dev/null --md /dev/null --json /dev/null)
# Reading options: warm-up, percentiles, batch size default, tegrastats interval, VOC preset.
edgemetrics_golden_test(NAME report.read_options TOOL report
  ARGS ${_r}/complete ${_r}/log_only --warmup 2 --percentiles 50,90 --batch 4 --interval-ms 500 --preset gluoncv)

# Bad input: exit 1, one error line naming the file, the line and the field.
edgemetrics_golden_test(NAME report.missing_run TOOL report EXIT 1 ARGS ${_r}/complete ${_r}/no_such_run)
edgemetrics_golden_test(NAME report.bad_run_json TOOL report EXIT 1 ARGS ${_r}/bad_run_json)
edgemetrics_golden_test(NAME report.bad_run_json_syntax TOOL report EXIT 1 ARGS ${_r}/bad_run_json_syntax)
edgemetrics_golden_test(NAME report.bad_model TOOL report EXIT 1 ARGS ${_r}/bad_model)
edgemetrics_golden_test(NAME report.bad_batch TOOL report EXIT 1 ARGS ${_r}/bad_batch)
edgemetrics_golden_test(NAME report.bad_latency TOOL report EXIT 1 ARGS ${_r}/complete ${_r}/bad_latency)
edgemetrics_golden_test(NAME report.empty_log TOOL report EXIT 1 ARGS ${_r}/empty_log)
edgemetrics_golden_test(NAME report.two_latency_files TOOL report EXIT 1 ARGS ${_r}/two_latency)
edgemetrics_golden_test(NAME report.bad_ready TOOL report EXIT 1 ARGS ${_r}/bad_ready)
edgemetrics_golden_test(NAME report.bad_ready_syntax TOOL report EXIT 1 ARGS ${_r}/bad_ready_syntax)
edgemetrics_golden_test(NAME report.warmup_all TOOL report EXIT 1 ARGS ${_r}/complete --warmup 8)
edgemetrics_golden_test(NAME report.html_unwritable TOOL report EXIT 1
  ARGS ${_r}/complete --html ${_r}/no_such_folder/report.html)

# Usage errors: exit 2.
edgemetrics_golden_test(NAME report.no_runs TOOL report EXIT 2 ARGS --budget-ms 100)
edgemetrics_golden_test(NAME report.bad_accuracy TOOL report EXIT 2 ARGS ${_r}/complete --min-accuracy 1.5)
edgemetrics_golden_test(NAME report.bad_budget TOOL report EXIT 2 ARGS ${_r}/complete --budget-ms 0)
edgemetrics_golden_test(NAME report.nan_power TOOL report EXIT 2 ARGS ${_r}/complete --max-power-w nan)
edgemetrics_golden_test(NAME report.bad_jobs TOOL report EXIT 2 ARGS ${_r}/complete --jobs 0)
edgemetrics_golden_test(NAME report.bad_preset TOOL report EXIT 2 ARGS ${_r}/complete --preset matlab)
edgemetrics_golden_test(NAME report.two_stdouts TOOL report EXIT 2 ARGS ${_r}/complete --json - --md -)
edgemetrics_golden_test(NAME report.empty_md TOOL report EXIT 2 ARGS ${_r}/complete --md "")
edgemetrics_golden_test(NAME report.percentile_without_budget TOOL report EXIT 2
  ARGS ${_r}/complete --no-default-budgets --budget-percentile 95)
