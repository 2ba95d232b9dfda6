# Golden tests of edgemetrics-voc-eval (golden/voc_eval.*): the whole console output, the whole
# JSON report and the exact exit status. Inputs: the bundled sample (examples/voc_eval/sample,
# the small_unique fixture), examples/voc_eval/testdata and the fixtures in tests/data/voc.
set(_sample examples/voc_eval/sample)
set(_testdata examples/voc_eval/testdata)
set(_edge tests/data/voc/edge_cases)

# The bundled sample, both metrics: the devkit's 11-point mAP 0.7545, all-point nan (classes
# without ground truth are in the mean) with the note naming them.
edgemetrics_golden_test(NAME voc_eval.sample TOOL voc_eval JSON
  ARGS --devkit ${_sample} --results ${_sample}/results --json @JSON@)
# GluonCV conventions, all-point only, with the JSON report (classes without ground truth excluded).
edgemetrics_golden_test(NAME voc_eval.gluoncv-voc10 TOOL voc_eval JSON
  ARGS --devkit ${_sample} --results ${_sample}/results --preset gluoncv --metric voc10 --json @JSON@)
# A class list from a file.
edgemetrics_golden_test(NAME voc_eval.classes-file TOOL voc_eval
  ARGS --devkit ${_edge} --results ${_edge}/results_no_unknown_ids --classes ${_edge}/classes.txt --metric voc07)
# A detection on an image outside the image set: an error naming file, line and field; exit 1.
edgemetrics_golden_test(NAME voc_eval.unknown-image TOOL voc_eval EXIT 1
  ARGS --devkit ${_edge} --results ${_edge}/results --classes ${_edge}/classes.txt)
# ... or, if asked, a counted skip: the same numbers as without the stray line.
edgemetrics_golden_test(NAME voc_eval.skip-unknown-images TOOL voc_eval JSON
  ARGS --devkit ${_edge} --results ${_edge}/results --classes ${_edge}/classes.txt --metric voc07
       --skip-unknown-images --json @JSON@)
# Objects whose <name> is not in the class list: skipped, never silently (96 of the sample's 161
# objects are not person/dog): a warning before the table and counts in the JSON.
edgemetrics_golden_test(NAME voc_eval.other-classes TOOL voc_eval JSON
  ARGS --devkit ${_sample} --results ${_sample}/results --classes ${_testdata}/classes_person_dog.txt
       --metric voc07 --json @JSON@)
# Inverted boxes (x2 < x1 or y2 < y1): evaluated as the devkit does, counted and warned about.
edgemetrics_golden_test(NAME voc_eval.inverted-boxes TOOL voc_eval JSON
  ARGS --devkit ${_testdata}/inverted --results ${_testdata}/inverted/results
       --classes ${_testdata}/inverted/classes.txt --json @JSON@)
# --box-convention continuous on the sample (width = x2 - x1): the VOC XML boxes are pixel boxes,
# so the numbers differ slightly from the devkit's; recorded in the header line and the JSON options.
edgemetrics_golden_test(NAME voc_eval.sample-continuous TOOL voc_eval JSON
  ARGS --devkit ${_sample} --results ${_sample}/results --box-convention continuous --json @JSON@)
# Normalised (0..1) coordinates matched pixel-inclusive: a disjoint detection scores IoU 0.503 and
# counts as a TP (AP 1.0): every coordinate lies within [0, 1.5], so the report warns.
edgemetrics_golden_test(NAME voc_eval.normalized TOOL voc_eval JSON
  ARGS --devkit ${_testdata}/normalized --results ${_testdata}/normalized/results
       --classes ${_testdata}/normalized/classes.txt --json @JSON@)
# ... the warning on standard error when the JSON takes standard output.
edgemetrics_golden_test(NAME voc_eval.normalized-json-stdout TOOL voc_eval
  ARGS --devkit ${_testdata}/normalized --results ${_testdata}/normalized/results
       --classes ${_testdata}/normalized/classes.txt --metric voc07 --json -)
# ... and with --box-convention continuous: the disjoint detection is a FP (AP 0.2727 / 0.25), no warning.
edgemetrics_golden_test(NAME voc_eval.normalized-continuous TOOL voc_eval
  ARGS --devkit ${_testdata}/normalized --results ${_testdata}/normalized/results
       --classes ${_testdata}/normalized/classes.txt --box-convention continuous)
# A box convention that does not exist: exit 2.
edgemetrics_golden_test(NAME voc_eval.bad-box-convention TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --box-convention normalized)
# --json -: the JSON on standard output instead of the table; warnings on standard error.
edgemetrics_golden_test(NAME voc_eval.json-stdout TOOL voc_eval
  ARGS --devkit ${_testdata}/inverted --results ${_testdata}/inverted/results
       --classes ${_testdata}/inverted/classes.txt --metric voc07 --json -)
# Output that cannot be written: exit 1, no file.
edgemetrics_golden_test(NAME voc_eval.json-unwritable TOOL voc_eval EXIT 1
  ARGS --devkit ${_sample} --results ${_sample}/results --json /nonexistent-dir/x.json)
# A missing devkit folder: exit 1 naming the image-set file.
edgemetrics_golden_test(NAME voc_eval.missing-devkit TOOL voc_eval EXIT 1
  ARGS --devkit tests/data/voc/no-such-dir --results ${_sample}/results)
# Usage errors: exit 2.
edgemetrics_golden_test(NAME voc_eval.bad-preset TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --preset matlab)
edgemetrics_golden_test(NAME voc_eval.bad-iou TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --iou 1.5)
edgemetrics_golden_test(NAME voc_eval.zero-iou TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --iou 0)
edgemetrics_golden_test(NAME voc_eval.missing-results TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample})
edgemetrics_golden_test(NAME voc_eval.version TOOL voc_eval ARGS --version)
# Issue #10, defect 10: NaN, infinity and junk IoU thresholds are usage errors; --help names the range.
edgemetrics_golden_test(NAME voc_eval.help TOOL voc_eval ARGS --help)
edgemetrics_golden_test(NAME voc_eval.nan-iou TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --iou nan)
edgemetrics_golden_test(NAME voc_eval.inf-iou TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --iou inf)
edgemetrics_golden_test(NAME voc_eval.junk-iou TOOL voc_eval EXIT 2
  ARGS --devkit ${_sample} --results ${_sample}/results --iou 0.5.1)
