# Golden tests of edgemetrics-latency (examples/latency_report): the whole console output, the
# whole JSON report and the exact exit status on the bundled samples and on bad inputs.
set(_s examples/latency_report/sample)

edgemetrics_golden_test(NAME latency.help TOOL latency_report ARGS --help)
edgemetrics_golden_test(NAME latency.version TOOL latency_report ARGS --version)

# One run: trtexec --exportTimes with a budget and trtexec's warm-up by time (JSON report too).
edgemetrics_golden_test(NAME latency.trtexec TOOL latency_report JSON
  ARGS ${_s}/trtexec_fp32.json --budget-ms 10 --warmup-ms 50 --json @JSON@)
# A missed budget: exit status 3, the report still printed and written.
edgemetrics_golden_test(NAME latency.budget_missed TOOL latency_report EXIT 3 JSON
  ARGS ${_s}/latency.json --budget-ms 13 --json @JSON@)
edgemetrics_golden_test(NAME latency.csv_stages TOOL latency_report
  ARGS ${_s}/camera_loop.csv --column preprocess_ms,inference_ms,postprocess_ms --percentiles 50,90,99 --rule trtexec)
edgemetrics_golden_test(NAME latency.json_array TOOL latency_report JSON
  ARGS ${_s}/latency.json --rule linear --json @JSON@)
# '-' reads standard input; --json - writes the JSON to standard output instead of the console report.
edgemetrics_golden_test(NAME latency.stdin TOOL latency_report STDIN ${_s}/latency.json ARGS - --rule trtexec)
edgemetrics_golden_test(NAME latency.json_stdout TOOL latency_report ARGS ${_s}/no_header.csv --json -)
edgemetrics_golden_test(NAME latency.no_header_auto TOOL latency_report ARGS ${_s}/no_header.csv)
edgemetrics_golden_test(NAME latency.no_header_flag TOOL latency_report ARGS ${_s}/no_header.csv --no-header)
# Early stopping is not defined at p0/p100: "not applicable" and "early_stopping": null.
edgemetrics_golden_test(NAME latency.budget_p100 TOOL latency_report JSON
  ARGS ${_s}/latency.json --budget-ms 100 --budget-percentile 100 --json @JSON@)
edgemetrics_golden_test(NAME latency.budget_p0 TOOL latency_report
  ARGS ${_s}/latency.json --budget-ms 100 --budget-percentile 0)
edgemetrics_golden_test(NAME latency.warmup_count TOOL latency_report ARGS ${_s}/no_header.csv --warmup 2)
edgemetrics_golden_test(NAME latency.warmup_all TOOL latency_report EXIT 1 ARGS ${_s}/no_header.csv --warmup 10)
edgemetrics_golden_test(NAME latency.warmup_ms_csv TOOL latency_report EXIT 1 ARGS ${_s}/no_header.csv --warmup-ms 5)

# Two runs.
edgemetrics_golden_test(NAME latency.compare TOOL latency_report JSON
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json --stage compute --resamples 500
       --json @JSON@)
edgemetrics_golden_test(NAME latency.compare_no_stage TOOL latency_report EXIT 1
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/latency.json --stage compute)

# Models.
edgemetrics_golden_test(NAME latency.models TOOL latency_report JSON
  ARGS --models ${_s}/models.csv --covariate gflops --json @JSON@)
edgemetrics_golden_test(NAME latency.bad_models TOOL latency_report EXIT 1 ARGS --models ${_s}/bad_models.csv)

# Bad input: exit 1, one error line naming FILE:LINE: field.
edgemetrics_golden_test(NAME latency.bad_file TOOL latency_report EXIT 1 ARGS ${_s}/bad.csv --column latency_ms)
edgemetrics_golden_test(NAME latency.missing_file TOOL latency_report EXIT 1 ARGS ${_s}/does_not_exist.csv)

# Usage errors: exit 2.
edgemetrics_golden_test(NAME latency.bad_rule TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --rule median)
edgemetrics_golden_test(NAME latency.resamples_cap TOOL latency_report EXIT 2
  ARGS --baseline ${_s}/no_header.csv --candidate ${_s}/no_header.csv --resamples 100000000)
edgemetrics_golden_test(NAME latency.bad_budget TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --budget-ms nan)
edgemetrics_golden_test(NAME latency.nothing_to_do TOOL latency_report EXIT 2 ARGS --rule trtexec)
edgemetrics_golden_test(NAME latency.input_and_baseline TOOL latency_report EXIT 2
  ARGS ${_s}/latency.json --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json)
# Without --covariate: no correlation (null) and no covariate per model.
edgemetrics_golden_test(NAME latency.models_no_covariate TOOL latency_report JSON
  ARGS --models ${_s}/models.csv --json @JSON@)

# CSV input (issue #10): several columns and no --column (pandas index first: the only _ms column, so the
# 40.2 ms query misses a 30 ms budget, exit 3), RFC 4180 quoting, byte-order mark.
set(_io tests/data/io)
edgemetrics_golden_test(NAME latency.csv_several_columns TOOL latency_report EXIT 1 ARGS ${_s}/camera_loop.csv)
edgemetrics_golden_test(NAME latency.csv_pandas_index TOOL latency_report EXIT 3 JSON
  ARGS ${_io}/latency_pandas.csv --budget-ms 30 --json @JSON@)
edgemetrics_golden_test(NAME latency.csv_bom_no_header TOOL latency_report ARGS ${_io}/latency_bom.csv)
edgemetrics_golden_test(NAME latency.csv_bom_stdin TOOL latency_report STDIN ${_io}/latency_bom.csv ARGS -)
edgemetrics_golden_test(NAME latency.csv_extra_field TOOL latency_report EXIT 1 ARGS ${_io}/latency_extra_field.csv)
edgemetrics_golden_test(NAME latency.models_quoted TOOL latency_report ARGS --models ${_io}/models_quoted.csv)

# Issue #10, defect 1: a tiny positive percentile is the minimum, under every rule (it crashed the
# nearest-rank rule); the smallest denormal, the double below 100 and 100 as well.
edgemetrics_golden_test(NAME latency.tiny_percentiles TOOL latency_report JSON
  ARGS ${_s}/latency.json --percentiles 1e-100,5e-324,1e-300,99.99999999999999,100 --json @JSON@)
edgemetrics_golden_test(NAME latency.tiny_percentiles_trtexec TOOL latency_report
  ARGS ${_s}/latency.json --percentiles 1e-100,5e-324 --rule trtexec)
edgemetrics_golden_test(NAME latency.tiny_percentiles_floor_n_p TOOL latency_report
  ARGS ${_s}/latency.json --percentiles 1e-100,5e-324 --rule floor_n_p)
edgemetrics_golden_test(NAME latency.tiny_percentiles_linear TOOL latency_report
  ARGS ${_s}/latency.json --percentiles 1e-100,5e-324 --rule linear)
# The budget at a tiny percentile: the minimum; early stopping not applicable (1 - p/100 is 1).
edgemetrics_golden_test(NAME latency.budget_tiny_percentile TOOL latency_report JSON
  ARGS ${_s}/latency.json --budget-ms 10 --budget-percentile 1e-100 --json @JSON@)

# Issue #10, defect 10: every numeric option has a range; a value outside (NaN, infinity, a
# negative integer that CLI11 would wrap, trailing junk) is a usage error, exit 2.
edgemetrics_golden_test(NAME latency.warmup_ms_nan TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --warmup-ms nan)
edgemetrics_golden_test(NAME latency.budget_ms_inf TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --budget-ms inf)
edgemetrics_golden_test(NAME latency.budget_ms_zero TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --budget-ms 0)
edgemetrics_golden_test(NAME latency.budget_ms_overflow TOOL latency_report EXIT 2
  ARGS ${_s}/latency.json --budget-ms 1e400)
edgemetrics_golden_test(NAME latency.budget_percentile_nan TOOL latency_report EXIT 2
  ARGS ${_s}/latency.json --budget-ms 10 --budget-percentile nan)
edgemetrics_golden_test(NAME latency.percentile_above_100 TOOL latency_report EXIT 2
  ARGS ${_s}/latency.json --percentiles 50,100.5)
edgemetrics_golden_test(NAME latency.percentile_junk TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --percentiles 99x)
edgemetrics_golden_test(NAME latency.seed_negative TOOL latency_report EXIT 2
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json --seed -5)
edgemetrics_golden_test(NAME latency.seed_overflow TOOL latency_report EXIT 2
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json --seed 18446744073709551616)
edgemetrics_golden_test(NAME latency.warmup_negative TOOL latency_report EXIT 2 ARGS ${_s}/no_header.csv --warmup -1)
edgemetrics_golden_test(NAME latency.warmup_plus TOOL latency_report EXIT 2 ARGS ${_s}/no_header.csv --warmup +1)
edgemetrics_golden_test(NAME latency.warmup_fraction TOOL latency_report EXIT 2 ARGS ${_s}/no_header.csv --warmup 1.5)
# Leading zeros are decimal (CLI11 alone reads "010" as octal 8).
edgemetrics_golden_test(NAME latency.warmup_leading_zero TOOL latency_report ARGS ${_s}/no_header.csv --warmup 02)
edgemetrics_golden_test(NAME latency.batch_zero TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --batch 0)
edgemetrics_golden_test(NAME latency.batch_negative TOOL latency_report EXIT 2 ARGS ${_s}/latency.json --batch -1)
edgemetrics_golden_test(NAME latency.resamples_negative TOOL latency_report EXIT 2
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json --resamples -1)
edgemetrics_golden_test(NAME latency.confidence_nan TOOL latency_report EXIT 2
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json --confidence nan)
# The budget verdict never disappears silently: --budget-percentile needs --budget-ms, and a
# budget is checked on one run only.
edgemetrics_golden_test(NAME latency.budget_percentile_alone TOOL latency_report EXIT 2
  ARGS ${_s}/latency.json --budget-percentile 90)
edgemetrics_golden_test(NAME latency.budget_with_compare TOOL latency_report EXIT 2
  ARGS --baseline ${_s}/trtexec_fp32.json --candidate ${_s}/trtexec_fp16.json --budget-ms 10)
edgemetrics_golden_test(NAME latency.budget_with_models TOOL latency_report EXIT 2
  ARGS --models ${_s}/models.csv --budget-ms 10)
