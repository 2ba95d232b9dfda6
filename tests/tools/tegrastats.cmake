# Golden tests of edgemetrics-tegrastats (examples/tegrastats): the whole console output, the
# whole JSON report and the exact exit status on the bundled sample logs and on bad inputs.
set(_s examples/tegrastats/sample)

edgemetrics_golden_test(NAME tegrastats.help TOOL tegrastats ARGS --help)
edgemetrics_golden_test(NAME tegrastats.version TOOL tegrastats ARGS --version)

# A timestamped AGX Orin log (sum of rails), with the time above a temperature threshold.
edgemetrics_golden_test(NAME tegrastats.orin TOOL tegrastats JSON
  ARGS ${_s}/orin_agx.log --temp-threshold 52.2 --json @JSON@)
# A Nano log without timestamps (input rail), per inference, above an idle log, power mode recorded.
edgemetrics_golden_test(NAME tegrastats.nano_energy TOOL tegrastats JSON
  ARGS ${_s}/nano_stress.log --interval-ms 500 --inferences 100 --queries 25 --idle-log ${_s}/nano_idle.log
       --nvpmodel 10W --jetson-clocks on --json @JSON@)
# A window in seconds after the first sample, interpolated at its edges; and one in tegrastats' time form.
edgemetrics_golden_test(NAME tegrastats.window TOOL tegrastats JSON
  ARGS ${_s}/nano_stress.log --from 0.5 --to 1.25 --inferences 3 --idle-mw 1000 --json @JSON@)
edgemetrics_golden_test(NAME tegrastats.window_times TOOL tegrastats
  ARGS ${_s}/orin_agx.log --from "05-09-2026 18:42:07" --to "05-09-2026 18:42:08")
# Corrupt lines: warned about with their line numbers, skipped; the rest is read (exit 0).
edgemetrics_golden_test(NAME tegrastats.corrupt_lines TOOL tegrastats JSON
  ARGS ${_s}/with_corrupt.log --json @JSON@)
# JetPack 7 Thor (three-valued rails, two-valued temperatures, -256C); a non-root log without power.
edgemetrics_golden_test(NAME tegrastats.thor TOOL tegrastats ARGS ${_s}/thor.log)
edgemetrics_golden_test(NAME tegrastats.nonroot TOOL tegrastats JSON ARGS ${_s}/nonroot.log --json @JSON@)
# One sample: no energy ("energy_j": null).
edgemetrics_golden_test(NAME tegrastats.one_sample TOOL tegrastats JSON
  ARGS examples/tegrastats/sample/nano_idle.log --from 0 --to 0 --json @JSON@)
# '-' reads standard input; --json - writes the JSON there instead of the console report.
edgemetrics_golden_test(NAME tegrastats.stdin TOOL tegrastats STDIN ${_s}/nano_stress.log ARGS - --interval-ms 100)
edgemetrics_golden_test(NAME tegrastats.json_stdout TOOL tegrastats ARGS ${_s}/thor.log --json -)
edgemetrics_golden_test(NAME tegrastats.ignore_timestamps TOOL tegrastats
  ARGS ${_s}/orin_agx.log --ignore-timestamps --interval-ms 10)

# Bad input: exit 1, one error line.
edgemetrics_golden_test(NAME tegrastats.missing_file TOOL tegrastats EXIT 1 ARGS ${_s}/does_not_exist.log)
edgemetrics_golden_test(NAME tegrastats.garbage TOOL tegrastats EXIT 1 ARGS ${_s}/garbage.log)
edgemetrics_golden_test(NAME tegrastats.empty TOOL tegrastats EXIT 1 ARGS ${_s}/empty.log)
edgemetrics_golden_test(NAME tegrastats.idle_without_power TOOL tegrastats EXIT 1
  ARGS ${_s}/nano_stress.log --idle-log ${_s}/nonroot.log)
edgemetrics_golden_test(NAME tegrastats.json_unwritable TOOL tegrastats EXIT 1
  ARGS ${_s}/nano_stress.log --json ${_s}/no_such_folder/out.json)

# Usage errors: exit 2.
edgemetrics_golden_test(NAME tegrastats.no_input TOOL tegrastats EXIT 2 ARGS --interval-ms 100)
edgemetrics_golden_test(NAME tegrastats.bad_interval TOOL tegrastats EXIT 2 ARGS ${_s}/nano_stress.log --interval-ms 0)
edgemetrics_golden_test(NAME tegrastats.bad_window TOOL tegrastats EXIT 2
  ARGS ${_s}/nano_stress.log --from 2 --to 1)
edgemetrics_golden_test(NAME tegrastats.mixed_window TOOL tegrastats EXIT 2
  ARGS ${_s}/orin_agx.log --from 1 --to "05-09-2026 18:42:08")
edgemetrics_golden_test(NAME tegrastats.bad_from TOOL tegrastats EXIT 2 ARGS ${_s}/orin_agx.log --from yesterday)
edgemetrics_golden_test(NAME tegrastats.bad_clocks TOOL tegrastats EXIT 2
  ARGS ${_s}/nano_stress.log --jetson-clocks maybe)
edgemetrics_golden_test(NAME tegrastats.idle_twice TOOL tegrastats EXIT 2
  ARGS ${_s}/nano_stress.log --idle-log ${_s}/nano_idle.log --idle-mw 900)
edgemetrics_golden_test(NAME tegrastats.live_and_log TOOL tegrastats EXIT 2 ARGS ${_s}/nano_idle.log --live 1)
edgemetrics_golden_test(NAME tegrastats.live_nan TOOL tegrastats EXIT 2 ARGS --live nan)
edgemetrics_golden_test(NAME tegrastats.live_absolute_window TOOL tegrastats EXIT 2 ARGS --live 1 --from "01-01-2024 10:00:00")
# --live samples this machine through the sysfs sampler: its values change from run to run, so
# the test checks the JSON kind, not a golden file (power is unavailable on a
# machine without INA3221 monitors: a warning, exit 0).
add_test(NAME tool.tegrastats.live COMMAND tegrastats --live 0.3 --interval-ms 50 --json -)
set_tests_properties(tool.tegrastats.live PROPERTIES PASS_REGULAR_EXPRESSION "\"kind\": \"tegrastats\"")
