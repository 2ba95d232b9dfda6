# Golden tests of edgemetrics-coco-eval (golden/coco_eval.*): the whole console output, the JSON
# report and the exit status, on the pycocotools fixtures in tests/data/coco (the summary lines
# must read as pycocotools prints them for the values in expected.json).
set(_small tests/data/coco/small)
set(_edge tests/data/coco/edge_cases)

# The default parameters, with the per-category table and the JSON report.
edgemetrics_golden_test(NAME coco_eval.small TOOL coco_eval JSON
  ARGS --gt ${_small}/instances.json --dt ${_small}/detections.json --per-class --json @JSON@)
# useCats = 0 on the edge cases.
edgemetrics_golden_test(NAME coco_eval.edge-use-cats-0 TOOL coco_eval
  ARGS --gt ${_edge}/instances.json --dt ${_edge}/detections.json --use-cats 0)
# maxDets 1,10,300: stats[0] selects maxDets = 100 literally, so it prints -1.000 as pycocotools does.
edgemetrics_golden_test(NAME coco_eval.edge-max-dets-300 TOOL coco_eval
  ARGS --gt ${_edge}/instances.json --dt ${_edge}/detections.json --max-dets 1,10,300)
# Ground truth as results: an image id the ground truth lacks is an error naming file and element.
edgemetrics_golden_test(NAME coco_eval.unknown-image TOOL coco_eval EXIT 1
  ARGS --gt ${_small}/instances.json --dt ${_edge}/detections.json)
# A bad --iou-thrs is a usage error.
edgemetrics_golden_test(NAME coco_eval.bad-iou-thrs TOOL coco_eval EXIT 2
  ARGS --gt ${_small}/instances.json --dt ${_small}/detections.json --iou-thrs .5:0:.95)
# VOC data (--voc): tests/data/voc/small_unique converted to COCO form; the same numbers as the
# COCO JSON of tests/data/coco/voc_small_unique (written by an independent script) give.
set(_voc tests/data/voc/small_unique)
edgemetrics_golden_test(NAME coco_eval.voc-small TOOL coco_eval JSON
  ARGS --voc ${_voc} --results ${_voc}/results --per-class --json @JSON@)
edgemetrics_golden_test(NAME coco_eval.voc-small-as-json TOOL coco_eval
  ARGS --gt tests/data/coco/voc_small_unique/instances.json --dt tests/data/coco/voc_small_unique/detections.json
  --per-class)
# --voc without --results, and --voc with --gt, are usage errors.
edgemetrics_golden_test(NAME coco_eval.voc-no-results TOOL coco_eval EXIT 2 ARGS --voc ${_voc})
edgemetrics_golden_test(NAME coco_eval.voc-and-gt TOOL coco_eval EXIT 2
  ARGS --voc ${_voc} --results ${_voc}/results --gt tests/data/coco/small/instances.json)
# A wrong --year: the missing image set file is an error naming it.
edgemetrics_golden_test(NAME coco_eval.voc-wrong-year TOOL coco_eval EXIT 1
  ARGS --voc ${_voc} --year 2012 --results ${_voc}/results)
# --classes: a VOC set with its own class list (person, car, dog: category ids 1..3 in list
# order; objects of other classes are skipped as edgemetrics-voc-eval skips them).
edgemetrics_golden_test(NAME coco_eval.voc-classes TOOL coco_eval
  ARGS --voc ${_voc} --results ${_voc}/results --classes tests/data/coco/voc_small_unique/classes.txt --per-class)
# An inverted box (x2 < x1 - 1) has a negative COCO width: an input error naming the image.
set(_vocedge tests/data/voc/edge_cases)
edgemetrics_golden_test(NAME coco_eval.voc-inverted-box TOOL coco_eval EXIT 1
  ARGS --voc ${_vocedge} --results ${_vocedge}/results_no_unknown_ids --classes ${_vocedge}/classes.txt)
