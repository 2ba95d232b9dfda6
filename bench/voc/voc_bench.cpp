// VOC evaluation benchmark: a seeded generator of a VOC2007-test-scale set (VOC XML + comp4
// files) and side-by-side timings of edgemetrics and a straightforward C++ implementation of the
// same algorithm (voc_eval.py's, written the obvious way: iostreams, std::map, per-class filtering).
// The numpy reference is timed by voc_bench.py (it runs this program and joins the tables).
//
//   voc_bench [--dir DIR] [--images N] [--dets-per-image M] [--seed S] [--quick] [--generate-only]
//
// DIR defaults to voc_bench_data/<images>x<dets> under the current directory; the set is generated
// when DIR/VOC2007/ImageSets/Main/test.txt does not exist.
#include <edgemetrics/io.hpp>
#include <edgemetrics/detection.hpp>

#include <bench_common.hpp>
#include <pugixml.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace em = edgemetrics;

namespace {

// ---------------------------------------------------------------------------------------------
// generator (own portable distributions, so the set is the same on every platform)

struct rng {
  std::uint64_t s;
  std::uint64_t next() {  // splitmix64
    std::uint64_t z = (s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double a, double b) { return a + (b - a) * uniform(); }
  double normal() {
    const double u1 = 1.0 - uniform(), u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
  }
  double exponential(double lambda) { return -std::log(1.0 - uniform()) / lambda; }
  int integer(int a, int b) { return a + static_cast<int>(uniform() * (b - a + 1)); }
  std::size_t weighted(const std::vector<double>& cum) {
    const double u = uniform() * cum.back();
    return static_cast<std::size_t>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
  }
};

double clamp(double v, double lo, double hi) { return std::max(lo, std::min(hi, v)); }

void make_dirs(const std::string& path) {
  std::string cur;
  std::stringstream ss(path);
  std::string part;
  if (!path.empty() && path[0] == '/') cur = "/";
  while (std::getline(ss, part, '/')) {
    if (part.empty()) continue;
    cur += part + "/";
    mkdir(cur.c_str(), 0755);
  }
}

bool exists(const std::string& p) {
  struct stat st {};
  return stat(p.c_str(), &st) == 0;
}

struct gen_stats {
  std::size_t images = 0, objects = 0, difficult = 0, detections = 0;
};

gen_stats generate(const std::string& dir, int images, int dets_per_image, std::uint64_t seed) {
  const auto classes = em::voc_class_names();
  const std::vector<double> weights = {285, 337, 459, 263, 505,  213, 1201, 358, 756, 244,
                                       206, 489, 348, 325, 4528, 480, 242,  239, 282, 308};
  std::vector<double> cum(weights.size());
  double acc = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) cum[i] = acc += weights[i];
  const std::string ann = dir + "/VOC2007/Annotations/";
  const std::string sets = dir + "/VOC2007/ImageSets/Main/";
  const std::string res = dir + "/results/";
  make_dirs(ann);
  make_dirs(sets);
  make_dirs(res);
  std::vector<std::FILE*> out(classes.size());
  for (std::size_t c = 0; c < classes.size(); ++c) {
    out[c] = std::fopen((res + "comp4_det_test_" + classes[c] + ".txt").c_str(), "w");
  }
  std::FILE* set_file = std::fopen((sets + "test.txt").c_str(), "w");
  rng r{seed};
  gen_stats st;
  static const int sizes[5][2] = {{500, 375}, {375, 500}, {500, 333}, {353, 500}, {500, 281}};
  struct obj {
    std::size_t c;
    double x1, y1, x2, y2;
    bool diff;
  };
  for (int i = 0; i < images; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "%06d", 2 * i + 1);
    std::fprintf(set_file, "%s\n", id);
    const auto& wh = sizes[r.integer(0, 4)];
    const int w = wh[0], h = wh[1];
    const int nobj = 1 + std::min(static_cast<int>(r.exponential(0.4)), 30);
    std::vector<obj> objs;
    for (int k = 0; k < nobj; ++k) {
      const std::size_t c = r.weighted(cum);
      const int bw = static_cast<int>(clamp(std::exp(4.4 + 0.7 * r.normal()), 8, w - 1));
      const int bh = static_cast<int>(clamp(std::exp(4.4 + 0.7 * r.normal()), 8, h - 1));
      const int x1 = r.integer(1, w - bw), y1 = r.integer(1, h - bh);
      objs.push_back({c, double(x1), double(y1), double(x1 + bw), double(y1 + bh), r.uniform() < 0.2});
    }
    std::FILE* f = std::fopen((ann + id + ".xml").c_str(), "w");
    std::fprintf(f, "<annotation>\n\t<folder>VOC2007</folder>\n\t<filename>%s.jpg</filename>\n", id);
    std::fprintf(f, "\t<size>\n\t\t<width>%d</width>\n\t\t<height>%d</height>\n\t\t<depth>3</depth>\n\t</size>\n", w,
                 h);
    for (const auto& o : objs) {
      std::fprintf(f,
                   "\t<object>\n\t\t<name>%s</name>\n\t\t<pose>Unspecified</pose>\n\t\t<truncated>0</truncated>\n"
                   "\t\t<difficult>%d</difficult>\n\t\t<bndbox>\n\t\t\t<xmin>%d</xmin>\n\t\t\t<ymin>%d</ymin>\n"
                   "\t\t\t<xmax>%d</xmax>\n\t\t\t<ymax>%d</ymax>\n\t\t</bndbox>\n\t</object>\n",
                   classes[o.c].c_str(), o.diff ? 1 : 0, int(o.x1), int(o.y1), int(o.x2), int(o.y2));
      ++st.objects;
      st.difficult += o.diff ? 1 : 0;
    }
    std::fprintf(f, "</annotation>\n");
    std::fclose(f);
    // detections: jittered true positives (some duplicated), confusions, background FPs
    struct det {
      std::size_t c;
      double s, x1, y1, x2, y2;
    };
    std::vector<det> dets;
    auto jitter = [&](const obj& o, double sd, std::size_t c, double s) {
      const double bw = o.x2 - o.x1 + 1, bh = o.y2 - o.y1 + 1;
      double a = clamp(o.x1 + r.normal() * sd * bw, 1, w), b = clamp(o.y1 + r.normal() * sd * bh, 1, h);
      double cc = clamp(o.x2 + r.normal() * sd * bw, 1, w), d = clamp(o.y2 + r.normal() * sd * bh, 1, h);
      if (cc < a) std::swap(a, cc);
      if (d < b) std::swap(b, d);
      dets.push_back({c, s, a, b, cc, d});
    };
    for (const auto& o : objs) {
      if (r.uniform() < 0.85) {
        const int copies = 1 + (r.uniform() < 0.25 ? 1 : 0);
        for (int k = 0; k < copies; ++k) {
          jitter(o, 0.08 + 0.1 * k, o.c, (0.35 + 0.65 * std::sqrt(r.uniform())) * (k ? 0.7 : 1.0));
        }
      }
      if (r.uniform() < 0.1) jitter(o, 0.1, static_cast<std::size_t>(r.integer(0, 19)), 0.6 * r.uniform());
    }
    while (static_cast<int>(dets.size()) < dets_per_image) {
      const double bw = clamp(std::exp(4.2 + 0.8 * r.normal()), 4, w - 1);
      const double bh = clamp(std::exp(4.2 + 0.8 * r.normal()), 4, h - 1);
      const double x1 = r.uniform(1, w - bw), y1 = r.uniform(1, h - bh);
      const double u = r.uniform();
      dets.push_back({r.weighted(cum), u * u * u * 0.6, x1, y1, x1 + bw, y1 + bh});
    }
    for (const auto& d : dets) {
      std::fprintf(out[d.c], "%s %.6f %.1f %.1f %.1f %.1f\n", id, d.s, d.x1, d.y1, d.x2, d.y2);
      ++st.detections;
    }
    ++st.images;
  }
  for (auto* f : out) std::fclose(f);
  std::fclose(set_file);
  return st;
}

// ---------------------------------------------------------------------------------------------
// a straightforward C++ implementation of voc_eval.py (the obvious way)

namespace naive {

struct object {
  std::string name;
  bool difficult;
  double bbox[4];
};

std::map<std::string, std::vector<object>> parse_recs(const std::string& dir, const std::vector<std::string>& ids) {
  std::map<std::string, std::vector<object>> recs;
  for (const auto& id : ids) {
    pugi::xml_document doc;
    doc.load_file((dir + "/VOC2007/Annotations/" + id + ".xml").c_str());
    auto& v = recs[id];
    for (auto o : doc.child("annotation").children("object")) {
      object ob;
      ob.name = o.child_value("name");
      ob.difficult = std::atoi(o.child_value("difficult")) != 0;
      auto bb = o.child("bndbox");
      ob.bbox[0] = std::stod(bb.child_value("xmin"));
      ob.bbox[1] = std::stod(bb.child_value("ymin"));
      ob.bbox[2] = std::stod(bb.child_value("xmax"));
      ob.bbox[3] = std::stod(bb.child_value("ymax"));
      v.push_back(ob);
    }
  }
  return recs;
}

struct detection {
  std::string id;
  double score;
  double bb[4];
};

std::vector<detection> read_dets(const std::string& file) {
  std::ifstream in(file);
  std::string line;
  std::vector<detection> d;
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    detection x;
    ss >> x.id >> x.score >> x.bb[0] >> x.bb[1] >> x.bb[2] >> x.bb[3];
    d.push_back(x);
  }
  return d;
}

std::pair<double, double> eval_class(const std::map<std::string, std::vector<object>>& recs,
                                     const std::vector<std::string>& ids, std::vector<detection> dets,
                                     const std::string& cls) {
  struct class_rec {
    std::vector<std::array<double, 4>> bbox;
    std::vector<bool> difficult, det;
  };
  std::map<std::string, class_rec> class_recs;
  double npos = 0;
  for (const auto& id : ids) {
    class_rec cr;
    for (const auto& o : recs.at(id)) {
      if (o.name != cls) continue;
      cr.bbox.push_back({o.bbox[0], o.bbox[1], o.bbox[2], o.bbox[3]});
      cr.difficult.push_back(o.difficult);
      cr.det.push_back(false);
      npos += o.difficult ? 0 : 1;
    }
    class_recs[id] = cr;
  }
  std::stable_sort(dets.begin(), dets.end(), [](const detection& a, const detection& b) { return a.score > b.score; });
  const std::size_t nd = dets.size();
  std::vector<double> tp(nd, 0), fp(nd, 0);
  for (std::size_t d = 0; d < nd; ++d) {
    auto& r = class_recs.at(dets[d].id);
    const double* bb = dets[d].bb;
    double ovmax = -INFINITY;
    std::size_t jmax = 0;
    for (std::size_t j = 0; j < r.bbox.size(); ++j) {
      const auto& g = r.bbox[j];
      const double iw = std::max(std::min(g[2], bb[2]) - std::max(g[0], bb[0]) + 1., 0.);
      const double ih = std::max(std::min(g[3], bb[3]) - std::max(g[1], bb[1]) + 1., 0.);
      const double inters = iw * ih;
      const double uni = (bb[2] - bb[0] + 1.) * (bb[3] - bb[1] + 1.) + (g[2] - g[0] + 1.) * (g[3] - g[1] + 1.) - inters;
      const double ov = inters / uni;
      if (ov > ovmax) {
        ovmax = ov;
        jmax = j;
      }
    }
    if (ovmax >= 0.5) {
      if (!r.difficult[jmax]) {
        if (!r.det[jmax]) {
          tp[d] = 1;
          r.det[jmax] = true;
        } else {
          fp[d] = 1;
        }
      }
    } else {
      fp[d] = 1;
    }
  }
  for (std::size_t i = 1; i < nd; ++i) {
    tp[i] += tp[i - 1];
    fp[i] += fp[i - 1];
  }
  std::vector<double> rec(nd), prec(nd);
  for (std::size_t i = 0; i < nd; ++i) {
    rec[i] = tp[i] / npos;
    prec[i] = tp[i] / std::max(tp[i] + fp[i], 2.220446049250313e-16);
  }
  double ap07 = 0;
  for (int k = 0; k <= 10; ++k) {
    const double t = k * 0.1;
    double p = 0;
    for (std::size_t i = 0; i < nd; ++i) {
      if (rec[i] >= t) p = std::max(p, prec[i]);
    }
    ap07 += p / 11.;
  }
  std::vector<double> mrec(nd + 2), mpre(nd + 2);
  mrec[0] = 0;
  mpre[0] = 0;
  for (std::size_t i = 0; i < nd; ++i) {
    mrec[i + 1] = rec[i];
    mpre[i + 1] = prec[i];
  }
  mrec[nd + 1] = 1;
  mpre[nd + 1] = 0;
  for (std::size_t i = nd + 1; i > 0; --i) mpre[i - 1] = std::max(mpre[i - 1], mpre[i]);
  double ap10 = 0;
  for (std::size_t i = 0; i + 1 < mrec.size(); ++i) {
    if (mrec[i + 1] != mrec[i]) ap10 += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
  }
  return {ap07, ap10};
}

std::pair<double, double> run(const std::string& dir) {
  std::vector<std::string> ids;
  {
    std::ifstream in(dir + "/VOC2007/ImageSets/Main/test.txt");
    std::string line;
    while (std::getline(in, line)) {
      if (!line.empty()) ids.push_back(line);
    }
  }
  const auto recs = parse_recs(dir, ids);
  double m07 = 0, m10 = 0;
  const auto classes = em::voc_class_names();
  for (const auto& c : classes) {
    const auto ap = eval_class(recs, ids, read_dets(dir + "/results/comp4_det_test_" + c + ".txt"), c);
    m07 += ap.first;
    m10 += ap.second;
  }
  return {m07 / 20, m10 / 20};
}

}  // namespace naive

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int images = 4952, dets = 100;
  std::uint64_t seed = 2007;
  bool quick = false, generate_only = false;
  std::string profile;
  int profile_n = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "voc_bench: %s needs a value\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--dir") {
      dir = value();
    } else if (a == "--images") {
      images = std::atoi(value().c_str());
    } else if (a == "--dets-per-image") {
      dets = std::atoi(value().c_str());
    } else if (a == "--seed") {
      seed = std::strtoull(value().c_str(), nullptr, 10);
    } else if (a == "--quick") {
      quick = true;
    } else if (a == "--generate-only") {
      generate_only = true;
    } else if (a == "--profile") {  // --profile eval|load N: only that work, N times (for perf stat)
      profile = value();
      profile_n = std::atoi(value().c_str());
    } else {
      std::fprintf(stderr,
                   "usage: voc_bench [--dir DIR] [--images N] [--dets-per-image M] [--seed S] [--quick] "
                   "[--generate-only]\n");
      return a == "--help" ? 0 : 2;
    }
  }
  if (quick) {
    images = std::min(images, 200);
    dets = std::min(dets, 20);
  }
  if (dir.empty()) dir = "voc_bench_data/" + std::to_string(images) + "x" + std::to_string(dets);
  if (!exists(dir + "/VOC2007/ImageSets/Main/test.txt")) {
    const auto st = generate(dir, images, dets, seed);
    std::printf("generated %s: %zu images, %zu objects (%zu difficult), %zu detections (seed %llu)\n", dir.c_str(),
                st.images, st.objects, st.difficult, st.detections, static_cast<unsigned long long>(seed));
  }
  if (generate_only) return 0;

  em::voc_load_options lo;
  lo.devkit = dir;
  lo.results = dir + "/results";
  const double min_s = quick ? 0.0 : 1.0;
  const int min_runs = quick ? 1 : 5;

  // Results of each implementation (sanity: same mAP where the conventions agree).
  em::voc_dataset data = em::load_voc_dataset(lo);
  if (!profile.empty()) {
    double sink = 0;
    for (int k = 0; k < profile_n; ++k) {
      if (profile == "eval") {
        sink += em::evaluate(data, em::voc_options{}, em::voc_curves::none).map_voc07;
      } else {
        sink += static_cast<double>(em::load_voc_dataset(lo).objects.size());
      }
    }
    std::printf("%g\n", sink);
    return 0;
  }
  std::size_t ndet = 0;
  for (const auto& c : data.detections) ndet += c.score.size();
  std::printf("set %s: %zu images, %zu objects, %zu detections\n", dir.c_str(), data.image_ids.size(),
              data.objects.size(), ndet);
  // the straightforward implementation uses >=, k*0.1 thresholds and left-to-right sums
  em::voc_options same = em::voc_options::preset(em::voc_preset::voc_devkit);
  same.grid = em::recall_grid::numpy_arange;
  same.no_decision_precision = em::empty_precision::zero;
  const auto res = em::evaluate(data, same, em::voc_curves::none);
  const auto nres = naive::run(dir);
  std::printf("mAP voc07/voc10: edgemetrics %.17g / %.17g, straightforward C++ %.17g / %.17g\n", res.map_voc07,
              res.map_voc10, nres.first, nres.second);

  const bool voc07_scale = data.image_ids.size() == 4952 && ndet == 495200;  // the targets apply
  em_bench::table t("VOC evaluation, " + std::to_string(data.image_ids.size()) + " images, " + std::to_string(ndet) +
                    " detections (single thread)");
  // end to end: parse + evaluate + both metrics (what edgemetrics-voc-eval does)
  const auto e2e = em_bench::measure(
      [&] {
        const auto r = em::evaluate_voc_files(lo, em::voc_options{}, em::voc_curves::none).result;
        benchmark::DoNotOptimize(r.map_voc07);
      },
      min_runs, min_s);
  t.add("end to end (parse + evaluate, both metrics)", "edgemetrics", e2e, voc07_scale ? 150 : 0);
  const auto nai =
      em_bench::measure([&] { benchmark::DoNotOptimize(naive::run(dir)); }, quick ? 1 : 3, quick ? 0.0 : 1.0, 20);
  t.add("end to end (parse + evaluate, both metrics)", "straightforward C++ (iostreams, std::map)", nai);
  const auto e2e_whole = em_bench::measure(
      [&] {
        const auto d = em::load_voc_dataset(lo);
        const auto r = em::evaluate(d, em::voc_options{}, em::voc_curves::none);
        benchmark::DoNotOptimize(r.map_voc07);
      },
      min_runs, min_s);
  t.add("end to end, whole set in memory (load_voc_dataset + evaluate)", "edgemetrics", e2e_whole);

  // split: XML only, results only, evaluation only
  const auto ids = em::read_voc_image_set(dir + "/VOC2007/ImageSets/Main/test.txt");
  const auto xml = em_bench::measure(
      [&] {
        std::vector<em::voc_object> objs;
        std::string p;
        for (const auto& id : ids) {
          p = dir + "/VOC2007/Annotations/" + id + ".xml";
          (void)em::read_voc_annotation(p, data.class_names, objs);
        }
        benchmark::DoNotOptimize(objs.data());
      },
      min_runs, min_s);
  t.add("annotation XML (read + parse)", "edgemetrics", xml);
  const em::voc_image_index index(data.image_ids);
  const auto txt = em_bench::measure(
      [&] {
        em::voc_dataset d;
        d.class_names = data.class_names;
        d.image_ids = data.image_ids;
        d.detections.resize(d.class_names.size());
        for (std::size_t c = 0; c < d.class_names.size(); ++c) {
          em::read_comp4_results(dir + "/results/comp4_det_test_" + d.class_names[c] + ".txt",
                                 static_cast<std::uint32_t>(c), index, em::unknown_image_policy::error, d);
        }
        benchmark::DoNotOptimize(d.detections.data());
      },
      min_runs, min_s);
  t.add("comp4 result files (read + parse)", "edgemetrics", txt);
  const auto ev = em_bench::measure(
      [&] {
        const auto r = em::evaluate(data, em::voc_options{}, em::voc_curves::none);
        benchmark::DoNotOptimize(r.map_voc07);
      },
      min_runs, min_s);
  t.add("evaluation from memory (both metrics)", "edgemetrics", ev, voc07_scale ? 30 : 0);
  const auto evc = em_bench::measure(
      [&] {
        const auto r = em::evaluate(data, em::voc_options{}, em::voc_curves::keep);
        benchmark::DoNotOptimize(r.map_voc07);
      },
      min_runs, min_s);
  t.add("evaluation from memory, with PR curves", "edgemetrics", evc);
  // streaming evaluator: update per image + compute
  std::vector<std::vector<em::voc_detection>> per_image(data.image_ids.size());
  for (std::size_t c = 0; c < data.detections.size(); ++c) {
    const auto& cd = data.detections[c];
    for (std::size_t k = 0; k < cd.score.size(); ++k) {
      per_image[cd.image[k]].push_back({static_cast<std::uint32_t>(c), cd.score[k], cd.box[k]});
    }
  }
  const auto st = em_bench::measure(
      [&] {
        em::voc_evaluator e(data.class_names);
        for (std::size_t i = 0; i < per_image.size(); ++i) {
          e.update(per_image[i].data(), per_image[i].size(), data.objects.data() + data.object_begin[i],
                   data.object_begin[i + 1] - data.object_begin[i]);
        }
        const auto r = e.compute(em::voc_curves::none);
        benchmark::DoNotOptimize(r.map_voc07);
      },
      min_runs, min_s);
  t.add("streaming evaluator (update per image + compute)", "edgemetrics", st);
  t.print();
  return 0;
}
