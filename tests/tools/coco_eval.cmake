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
