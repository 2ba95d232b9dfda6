# Golden tests of issue #10's JSON and XML input defects (6, 8, 9) through the drivers: errors name
# the file and the element and field(s), or the line; XML text is read as ElementTree reads it.
set(_ij tests/data/io_json)
set(_xt tests/data/voc/xml_text)
set(_edge tests/data/voc/edge_cases)

# trtexec --exportTimes: every value error names FILE: [entry].field(s).
edgemetrics_golden_test(NAME latency.trtexec_enqueue_span TOOL latency_report EXIT 1
  ARGS ${_ij}/trtexec_enqueue_span.json)
edgemetrics_golden_test(NAME latency.trtexec_out_of_order TOOL latency_report EXIT 1
  ARGS ${_ij}/trtexec_out_of_order.json)
edgemetrics_golden_test(NAME latency.trtexec_missing_field TOOL latency_report EXIT 1
  ARGS ${_ij}/trtexec_missing_field.json)
edgemetrics_golden_test(NAME latency.trtexec_negative_compute TOOL latency_report EXIT 1
  ARGS ${_ij}/trtexec_negative_compute.json)
# NaN is not JSON: FILE:LINE: malformed JSON.
edgemetrics_golden_test(NAME latency.json_nan_token TOOL latency_report EXIT 1 ARGS ${_ij}/latency_nan.json)

# VOC detections as JSON: FILE: [i].field.
edgemetrics_golden_test(NAME voc_eval.json_bad_bbox TOOL voc_eval EXIT 1
  ARGS --devkit ${_edge} --results ${_ij}/detections_bad_bbox.json --classes ${_edge}/classes.txt)
edgemetrics_golden_test(NAME voc_eval.json_duplicate_key TOOL voc_eval EXIT 1
  ARGS --devkit ${_edge} --results ${_ij}/detections_duplicate_key.json --classes ${_edge}/classes.txt)

# Annotation text split by comments, PIs and CDATA is joined as ElementTree joins it (AP 1: the
# detections match the joined boxes exactly); a NUL byte and content after the root are errors.
edgemetrics_golden_test(NAME voc_eval.xml_text_split TOOL voc_eval
  ARGS --devkit ${_xt}/split --results ${_xt}/split/results --classes ${_xt}/split/classes.txt)
edgemetrics_golden_test(NAME voc_eval.xml_nul TOOL voc_eval EXIT 1
  ARGS --devkit ${_xt}/nul --results ${_xt}/nul/results --classes ${_xt}/nul/classes.txt)
edgemetrics_golden_test(NAME voc_eval.xml_trailing TOOL voc_eval EXIT 1
  ARGS --devkit ${_xt}/trailing --results ${_xt}/trailing/results --classes ${_xt}/trailing/classes.txt)
