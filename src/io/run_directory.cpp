// read_run_directory: one benchmark run from the files of a run directory (edgemetrics-report's
// input). Every part goes through the area's own reader and report; this file only decides
// which files are there, reads run.json, and joins the parts. Rules: docs/conventions.md,
// "Run directory".
#include <edgemetrics/classification/report.hpp>
#include <edgemetrics/detection/voc.hpp>
#include <edgemetrics/error.hpp>
#include <edgemetrics/hardware/report.hpp>
#include <edgemetrics/hardware/series.hpp>
#include <edgemetrics/io/file.hpp>
#include <edgemetrics/io/label_csv.hpp>
#include <edgemetrics/io/latency.hpp>
#include <edgemetrics/io/run_directory.hpp>
#include <edgemetrics/io/tegrastats.hpp>
#include <edgemetrics/io/voc.hpp>

#include <edgemetrics/json/report.hpp>

#include "json_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <future>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace {

namespace fs = std::filesystem;

bool file_exists(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

bool dir_exists(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

// The name of a run directory: its last component ("runs/a/" and "runs/a/." are "a").
std::string directory_name(const std::string& directory) {
  fs::path p = fs::path(directory).lexically_normal();
  std::string name = p.filename().string();
  if (name.empty() || name == ".") name = p.parent_path().filename().string();
  if (name.empty() || name == "." || name == "..") {
    std::error_code ec;
    const fs::path abs = fs::weakly_canonical(fs::absolute(p, ec), ec);
    name = abs.filename().string();
  }
  return name.empty() ? directory : name;
}

// ---------------------------------------------------------------------------------------------
// run.json: {"name": "...", "attributes": {"device": "Jetson Nano", "batch_size": 8, ...},
//            "model": {"parameters": 6.8e6, "mult_adds": 1.2e9, "flops": 2.4e9}}
// Other top-level members are ignored; a member of "model" other than the three is an error (a
// misspelt fact would otherwise vanish). Errors name the file, the line and the member.

struct run_json {
  std::optional<std::string> name;
  std::vector<run_attribute> attributes;
  model_facts model;
  std::optional<std::size_t> batch_size;  // attributes.batch_size, when given
};

class run_json_reader final : public detail::json_sax_reader {
 public:
  run_json_reader(std::string source, std::string_view text, run_json& out)
      : json_sax_reader(std::move(source)), text_(text), out_(out) {}

 protected:
  void on_start(bool object) override {
    if (depth() == 1) {
      if (!object) fail_here("", "must be a JSON object ({\"name\": ..., \"attributes\": {...}, \"model\": {...}})");
      return;
    }
    if (depth() == 2) {
      if (section_ == section::attributes || section_ == section::model) {
        if (!object) fail_here(key_, "must be an object");
        return;
      }
      if (section_ == section::name) fail_here("name", "must be a string");
      skip_container();  // an ignored member
      return;
    }
    // depth 3: inside attributes or model
    fail_here(field(), section_ == section::attributes ? "must be a string or a number" : "must be a number");
  }

  void on_key(std::string& k) override {
    if (depth() == 1) {
      key_ = k;
      if (k == "name") {
        section_ = section::name;
      } else if (k == "attributes") {
        section_ = section::attributes;
      } else if (k == "model") {
        section_ = section::model;
      } else {
        section_ = section::other;
        skip_member_value();
        return;
      }
      if (std::find(seen_.begin(), seen_.end(), k) != seen_.end()) fail_here(k, "repeated member");
      seen_.push_back(k);
      return;
    }
    member_ = k;
    if (section_ == section::attributes) {
      for (const run_attribute& a : out_.attributes) {
        if (a.name == k) fail_here(field(), "repeated attribute");
      }
    } else {
      if (k != "parameters" && k != "mult_adds" && k != "flops") {
        fail_here(field(), "unknown model fact (parameters, mult_adds, flops)");
      }
      if (std::find(model_seen_.begin(), model_seen_.end(), k) != model_seen_.end())
        fail_here(field(), "repeated member");
      model_seen_.push_back(k);
    }
  }

  void on_value(const detail::json_scalar& v) override {
    if (depth() == 0) fail_here("", "must be a JSON object, not " + v.excerpt());
    if (depth() == 1) {
      if (section_ == section::name) {
        if (!v.is_string()) fail_here("name", "must be a string, not " + v.excerpt());
        if (v.text->empty()) fail_here("name", "must not be empty");
        out_.name = std::move(*v.text);
      } else {
        fail_here(key_, "must be an object, not " + v.excerpt());
      }
      return;
    }
    if (section_ == section::attributes) {
      std::string value;
      if (v.is_string()) {
        value = std::move(*v.text);
      } else if (v.kind == detail::json_scalar::type::integer) {
        value = std::to_string(v.integer);
      } else if (v.kind == detail::json_scalar::type::unsigned_integer) {
        value = std::to_string(v.unsigned_integer);
      } else if (v.kind == detail::json_scalar::type::floating) {
        value = nlohmann::json(v.floating).dump();
      } else {
        fail_here(field(), "must be a string or a number, not " + v.excerpt());
      }
      if (member_ == "batch_size") out_.batch_size = parse_batch_size(value);
      out_.attributes.push_back({member_, std::move(value)});
      return;
    }
    // model
    if (v.kind == detail::json_scalar::type::null) return;  // not given
    if (!v.is_number()) fail_here(field(), "must be a number, not " + v.excerpt());
    const double x = v.number();
    if (!std::isfinite(x) || x < 0) fail_here(field(), "must be a finite number >= 0, not " + v.excerpt());
    if (member_ == "parameters") {
      out_.model.parameters = x;
    } else if (member_ == "mult_adds") {
      out_.model.mult_adds = x;
    } else {
      out_.model.flops = x;
    }
  }

  void on_end(bool /*object*/) override {}

 private:
  enum class section { none, name, attributes, model, other };

  [[nodiscard]] std::string field() const { return key_ + "." + member_; }

  [[noreturn]] void fail_here(const std::string& element, const std::string& problem) const {
    throw edgemetrics::parse_error(source(), detail::line_of_offset(text_, bytes_read() > 0 ? bytes_read() - 1 : 0),
                                   element, problem);
  }

  std::size_t parse_batch_size(const std::string& value) const {
    // Digits only, >= 1 (a number written 8 or "8"; not 8.0, 1e3 or -1).
    bool digits = !value.empty() && value.size() <= 15;
    for (const char c : value) digits = digits && c >= '0' && c <= '9';
    const std::size_t n = digits ? static_cast<std::size_t>(std::stoull(value)) : 0;
    if (n == 0) fail_here(field(), "batch_size must be an integer >= 1, not " + value);
    return n;
  }

  std::string_view text_;
  run_json& out_;
  section section_ = section::none;
  std::string key_, member_;
  std::vector<std::string> seen_, model_seen_;
};

run_json read_run_json(const std::string& path) {
  const std::string text = read_text_file(path);
  run_json out;
  run_json_reader reader(path, text, out);
  detail::parse_json_text(text, reader);
  return out;
}

// ---------------------------------------------------------------------------------------------
// the parts

std::string join(const fs::path& dir, const char* name) { return (dir / name).string(); }

// ---------------------------------------------------------------------------------------------
// VOC: the parsed ground truth of a VOC<year> folder is kept for the process's lifetime (several
// runs of one report usually share one test set: 10 runs would parse 4952 XML files 10 times).
// The key is the folder's canonical path, the image set, the year and the class list; an entry is
// used only while the image set file and every annotation file have the size and modification
// time they had when it was read (checked by stat on each use). A ground truth with objects of
// classes outside the list is not cached (evaluate_voc_files names the first of them). Two threads
// asking for the same ground truth parse it once: the second waits for the first.

struct ground_truth {
  voc_dataset data;  // class_names, image_ids, objects, object_begin; detections empty
  bool cacheable = true;
};

std::uint64_t mix(std::uint64_t h, std::uint64_t x) noexcept {
  h ^= x + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  return h;
}

std::uint64_t stat_signature(std::uint64_t h, int status, const struct stat& st) {
  if (status != 0) return mix(h, 0xffffffffffffffffull);
  h = mix(h, static_cast<std::uint64_t>(st.st_size));
  h = mix(h, static_cast<std::uint64_t>(st.st_mtim.tv_sec));
  return mix(h, static_cast<std::uint64_t>(st.st_mtim.tv_nsec));
}

std::uint64_t file_signature(std::uint64_t h, const fs::path& p) {
  struct stat st {};
  return stat_signature(h, ::stat(p.c_str(), &st), st);
}

std::shared_ptr<const ground_truth> parse_ground_truth(const std::string& root, std::vector<std::string> ids,
                                                       const std::vector<std::string>& class_names) {
  auto gt = std::make_shared<ground_truth>();
  voc_dataset& data = gt->data;
  data.class_names = class_names;
  data.image_ids.reserve(ids.size());
  data.object_begin.reserve(ids.size() + 1);
  data.objects.reserve(ids.size() * 4);
  std::string path = root + "/Annotations/";
  const std::size_t base = path.size();
  for (std::string& id : ids) {
    path.resize(base);
    path += id;
    path += ".xml";
    if (read_voc_annotation(path, data.class_names, data.objects) > 0) gt->cacheable = false;
    data.image_ids.push_back(std::move(id));
    data.object_begin.push_back(data.objects.size());
  }
  return gt;
}

struct cache_entry {
  std::uint64_t signature = 0;
  std::shared_future<std::shared_ptr<const ground_truth>> value;
};

std::mutex cache_mutex;
std::map<std::string, cache_entry>& ground_truth_cache() {
  static std::map<std::string, cache_entry> cache;
  return cache;
}
constexpr std::size_t max_cached_ground_truths = 8;

// The ground truth of load (devkit, year, image_set, class_names), from the cache when its files
// are unchanged.
std::shared_ptr<const ground_truth> cached_ground_truth(const voc_load_options& load) {
  const std::string root = load.devkit + "/VOC" + load.year;
  const fs::path set_file = root + "/ImageSets/Main/" + load.image_set + ".txt";
  std::vector<std::string> ids = read_voc_image_set(set_file.string());
  std::uint64_t signature = file_signature(0, set_file);
  // Each annotation's size and modification time, looked up from the folder (fstatat: the path
  // up to Annotations/ is resolved once, not once per file); the same values as stat(path).
  const std::string folder = root + "/Annotations";
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  std::string name;
  for (const std::string& id : ids) {
    name.assign(id);
    name += ".xml";
    struct stat st {};
    if (dir >= 0 && name.find('/') == std::string::npos) {
      signature = stat_signature(signature, ::fstatat(dir, name.c_str(), &st, 0), st);
    } else {
      signature = file_signature(signature, folder + "/" + name);
    }
  }
  if (dir >= 0) ::close(dir);
  std::error_code ec;
  std::string key = fs::canonical(root, ec).string() + '\n' + load.year + '\n' + load.image_set;
  for (const std::string& c : load.class_names) key += '\n' + c;

  std::promise<std::shared_ptr<const ground_truth>> promise;
  {
    const std::lock_guard<std::mutex> lock(cache_mutex);
    auto& cache = ground_truth_cache();
    const auto it = cache.find(key);
    if (it != cache.end() && it->second.signature == signature) {
      const auto value = it->second.value;
      // a failed parse is not kept (erased below), so a stored future holds a value or is pending
      return value.get();
    }
    if (it == cache.end() && cache.size() >= max_cached_ground_truths) cache.erase(cache.begin());
    cache[key] = cache_entry{signature, promise.get_future().share()};
  }
  try {
    std::shared_ptr<const ground_truth> gt = parse_ground_truth(root, std::move(ids), load.class_names);
    promise.set_value(gt);
    if (!gt->cacheable) {
      const std::lock_guard<std::mutex> lock(cache_mutex);
      ground_truth_cache().erase(key);
    }
    return gt;
  } catch (...) {
    promise.set_exception(std::current_exception());
    const std::lock_guard<std::mutex> lock(cache_mutex);
    auto& cache = ground_truth_cache();
    const auto it = cache.find(key);
    if (it != cache.end() && it->second.signature == signature) cache.erase(it);
    throw;
  }
}

// evaluate_voc_files on a cached ground truth: the same calls on the same data (bit for bit the
// same result); without a cacheable ground truth, evaluate_voc_files itself.
voc_evaluation evaluate_voc_run(const voc_load_options& load, const voc_options& voc) {
  const std::shared_ptr<const ground_truth> gt = cached_ground_truth(load);
  if (!gt->cacheable) return evaluate_voc_files(load, voc, voc_curves::keep);
  const voc_dataset& truth = gt->data;
  const voc_image_index index(truth.image_ids);
  voc_evaluation out;
  if (load.results.size() >= 5 && load.results.compare(load.results.size() - 5, 5, ".json") == 0) {
    voc_dataset data = truth;
    data.detections.resize(data.class_names.size());
    read_detections_json(load.results, index, load.unknown_images, data);
    out.result = evaluate(data, voc, voc_curves::keep);
    return out;
  }
  voc_set_evaluator ev(truth, voc, voc_curves::keep);
  voc_dataset buffer;  // one class's detections at a time
  buffer.detections.resize(1);
  for (std::size_t c = 0; c < truth.class_names.size(); ++c) {
    auto& cd = buffer.detections[0];
    cd.image.clear();
    cd.score.clear();
    cd.box.clear();
    buffer.skipped_unknown_image_detections = 0;
    read_comp4_results(load.results + "/comp4_det_" + load.image_set + "_" + truth.class_names[c] + ".txt", 0, index,
                       load.unknown_images, buffer);
    ev.add_skipped_unknown_image_detections(buffer.skipped_unknown_image_detections);
    ev.add_class(c, cd);
  }
  out.result = std::move(ev).result();
  return out;
}

void read_detection(const std::string& directory, const fs::path& dir, const run_directory_options& options,
                    benchmark_run& run) {
  const std::string voc_folder = "VOC" + options.voc.year;
  const bool has_voc = dir_exists(dir / voc_folder);
  const bool has_results = dir_exists(dir / "results");
  const bool has_json = file_exists(dir / "detections.json");
  if (has_results && has_json) {
    throw parse_error(directory, 0, "",
                      "two detection inputs: results/ and detections.json (keep one of them in a run directory)");
  }
  if (!has_voc) {
    if (has_results || has_json) {
      run.notes.push_back(std::string(has_results ? "results/" : "detections.json") + " without " + voc_folder +
                          "/: no detection accuracy");
    }
    return;
  }
  if (!has_results && !has_json) {
    run.notes.push_back(voc_folder + "/ without results/ or detections.json: no detection accuracy");
    return;
  }
  voc_load_options load;
  load.devkit = directory;
  load.year = options.voc.year;
  load.image_set = options.voc.image_set;
  load.results = has_results ? join(dir, "results") : join(dir, "detections.json");
  const voc_options voc = voc_options::preset(options.voc.preset);
  load.unknown_images = voc.unknown_images;
  voc_evaluation evaluation = evaluate_voc_run(load, voc);
  run.set_detection(make_voc_report(std::move(evaluation), options.voc, report_info{{}, {load.devkit, load.results}}));
}

void read_classification(const fs::path& dir, benchmark_run& run) {
  const std::string path = join(dir, "labels.csv");
  label_matrix m = read_label_csv_matrix(path);
  run.set_classification(make_classification_report(std::move(m.matrix), {}, report_info{{}, {path}}));
}

// The latency part; returns the number of queries it holds (after the warm-up), 0 without one.
std::size_t read_latency(const std::string& directory, const fs::path& dir, const run_directory_options& options,
                         std::size_t batch_size, benchmark_run& run) {
  static constexpr const char* names[] = {"latency.csv", "latency.json", "times.json"};
  std::vector<std::string> found;
  for (const char* n : names) {
    if (file_exists(dir / n)) found.emplace_back(n);
  }
  if (found.empty()) {
    run.notes.emplace_back("no latency.csv, latency.json or times.json: no latency");
    return 0;
  }
  if (found.size() > 1) {
    std::string list;
    for (std::size_t i = 0; i < found.size(); ++i)
      list += (i == 0 ? "" : i + 1 == found.size() ? " and " : ", ") + found[i];
    throw parse_error(directory, 0, "", "two latency files: " + list + " (keep one of them in a run directory)");
  }
  const std::string path = join(dir, found.front().c_str());
  latency_trace trace;
  if (found.front() == "times.json") {
    trtexec_options t;
    t.warmup_ms = options.latency.warmup_ms;
    trace = read_trtexec_times(path, t);
  } else {
    latency_file_options o;
    o.trtexec.warmup_ms = options.latency.warmup_ms;
    trace = read_latency_file(path, o);
  }
  latency_report_options ro = options.latency;
  ro.batch_size = batch_size;
  if (std::find(ro.percentiles.begin(), ro.percentiles.end(), 99.0) == ro.percentiles.end()) {
    ro.percentiles.insert(std::upper_bound(ro.percentiles.begin(), ro.percentiles.end(), 99.0), 99.0);
  }
  std::vector<double> samples;
  if (!trace.stages.empty()) {
    const std::vector<double>& first = trace.stages.front().ms;
    const std::size_t drop = std::min(ro.warmup_count, first.size());
    samples.assign(first.begin() + static_cast<std::ptrdiff_t>(drop), first.end());
  }
  latency_report report;
  try {
    report = make_latency_report(std::move(trace), ro, report_info{{}, {path}});
  } catch (const std::invalid_argument& e) {
    // no latency left after the warm-up: the file's problem, not the caller's
    std::string what = e.what();
    const std::string prefix = "edgemetrics::make_latency_report: ";
    if (what.compare(0, prefix.size(), prefix) == 0) what.erase(0, prefix.size());
    if (what.compare(0, path.size() + 2, path + ": ") == 0) what.erase(0, path.size() + 2);
    throw parse_error(path, 0, "", what);
  }
  const std::size_t queries = samples.size();
  run.set_latency(std::move(report), std::move(samples));
  return queries;
}

// The trace as the samples stream by (a full sample is large: an hour at 10 Hz is 36,000 of
// them): per sample a trace point without its temperature, and per temperature sensor a column
// of its first valid reading in each sample (NaN where none). The sensor the report follows is
// known only at the end (choose_temperature_sensor on the summary); its column then fills the
// points' temperatures: the same points as reduce_trace's to_point on the samples.
class trace_builder {
 public:
  explicit trace_builder(std::size_t expected) { points_.reserve(expected); }

  void add(const hardware_sample& s) {
    const std::size_t index = points_.size();
    trace_point p;
    p.time_s = s.time_s;
    p.power_mw = s.total_power_mw ? *s.total_power_mw : nan_;
    p.temperature_c = nan_;
    p.ram_mb = s.ram ? s.ram->used_mb : nan_;
    p.swap_mb = s.swap ? s.swap->used_mb : nan_;
    points_.push_back(p);
    for (const temperature_reading& t : s.temperatures) {
      if (!t.valid) continue;
      column& c = column_of(t.name, index);
      if (c.values.size() == index) c.values.push_back(t.celsius);  // the sample's first valid reading
    }
    for (column& c : columns_) {
      if (c.values.size() == index) c.values.push_back(nan_);
    }
  }

  // The points with the temperatures of `sensor`.
  std::vector<trace_point> take(std::string_view sensor) {
    for (const column& c : columns_) {
      if (c.name != sensor) continue;
      for (std::size_t i = 0; i < points_.size(); ++i) points_[i].temperature_c = c.values[i];
      break;
    }
    return std::move(points_);
  }

 private:
  struct column {
    std::string name;
    std::vector<double> values;
  };

  column& column_of(const std::string& name, std::size_t index) {
    for (column& c : columns_) {
      if (c.name == name) return c;
    }
    column c;
    c.name = name;
    c.values.reserve(points_.capacity());
    c.values.assign(index, nan_);
    columns_.push_back(std::move(c));
    return columns_.back();
  }

  static constexpr double nan_ = std::numeric_limits<double>::quiet_NaN();
  std::vector<trace_point> points_;
  std::vector<column> columns_;
};

void read_hardware(const fs::path& dir, const run_directory_options& options, std::size_t inferences,
                   std::size_t queries, benchmark_run& run) {
  const std::string path = join(dir, "tegrastats.log");
  if (!file_exists(dir / "tegrastats.log")) {
    run.notes.emplace_back("no tegrastats.log: no power, temperature or memory");
    return;
  }
  tegrastats_report_options ro = options.tegrastats;
  tegrastats_options to;
  to.interval_s = ro.interval_s;
  to.ignore_timestamps = ro.ignore_timestamps;
  hardware_accumulator acc(ro.summary);
  std::size_t expected = 0;
  {  // a tegrastats line is over 64 bytes
    std::error_code ec;
    const auto size = fs::file_size(dir / "tegrastats.log", ec);
    if (!ec) expected = static_cast<std::size_t>(size / 64) + 1;
  }
  trace_builder trace(expected);
  source_stats stats = read_tegrastats(path, to, [&](const hardware_sample& s) {
    acc.record(s);
    trace.add(s);
  });
  if (stats.samples == 0) {
    throw parse_error(path, 0, "", stats.lines == 0 ? "empty log: no tegrastats line" : "no valid tegrastats line");
  }
  if (stats.skipped_lines > 0) {
    std::string note = "tegrastats.log: " + std::to_string(stats.skipped_lines) + " corrupt line" +
                       (stats.skipped_lines == 1 ? "" : "s") + " skipped";
    if (!stats.skipped.empty()) note += " (first: " + stats.skipped.front().message + ")";
    run.notes.push_back(std::move(note));
  }
  if (inferences > 0) {
    ro.energy.inferences = inferences;
    ro.energy.queries = queries;
  } else if (ro.energy.inferences == 0) {
    run.notes.emplace_back("no latency part: no energy per inference (the inferences are the latency count)");
  }
  tegrastats_report report = make_tegrastats_report(acc, std::move(stats), ro, report_info{{}, {path}});
  const std::vector<trace_point> points = trace.take(choose_temperature_sensor(report.summary));
  run.set_hardware(std::move(report), span<const trace_point>(points.data(), points.size()));
}

// An exception's message without the library's or nlohmann's prefix ("edgemetrics: ",
// "[json.exception.type_error.302] ").
std::string bare_message(const std::exception& e) {
  std::string what = e.what();
  if (what.compare(0, 13, "edgemetrics: ") == 0) what.erase(0, 13);
  if (what.compare(0, 16, "[json.exception.") == 0) {
    const std::size_t end = what.find("] ");
    if (end != std::string::npos) what.erase(0, end + 2);
  }
  return what;
}

benchmark_run read_ready_run(const std::string& path) {
  const std::string text = read_text_file(path);
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw parse_error(path, detail::line_of_offset(text, e.byte > 0 ? e.byte - 1 : 0), "",
                      "malformed JSON: " + bare_message(e));
  }
  try {
    return j.get<benchmark_run>();
  } catch (const parse_error&) {
    throw;
  } catch (const std::exception& e) {
    throw parse_error(path, 0, "", bare_message(e));
  }
}

}  // namespace

benchmark_run read_run_directory(const std::string& directory, const run_directory_options& options) {
  const fs::path dir(directory);
  if (!dir_exists(dir)) {
    std::error_code ec;
    throw parse_error(directory, 0, "", fs::exists(dir, ec) ? "not a directory" : "no such directory");
  }
  benchmark_run run;
  if (file_exists(dir / "benchmark_run.json")) {
    run = read_ready_run(join(dir, "benchmark_run.json"));
    if (run.name.empty()) run.name = directory_name(directory);
    const std::string parts[] = {"VOC" + options.voc.year, "results",    "detections.json", "labels.csv", "latency.csv",
                                 "latency.json",           "times.json", "tegrastats.log",  "run.json"};
    std::vector<std::string> ignored;
    for (const std::string& p : parts) {
      std::error_code ec;
      if (fs::exists(dir / p, ec)) ignored.push_back(p);
    }
    if (!ignored.empty()) {
      std::string list;
      for (const std::string& p : ignored) list += (list.empty() ? "" : ", ") + p;
      run.notes.push_back("benchmark_run.json is used as it is; ignored: " + list);
    }
    return run;
  }

  std::size_t batch_size = options.latency.batch_size;
  if (file_exists(dir / "run.json")) {
    run_json r = read_run_json(join(dir, "run.json"));
    run.name = r.name ? std::move(*r.name) : directory_name(directory);
    run.attributes = std::move(r.attributes);
    run.model = r.model;
    if (r.batch_size) batch_size = *r.batch_size;
  } else {
    run.name = directory_name(directory);
    run.notes.emplace_back("no run.json: named after the directory, no attributes or model facts");
  }

  const std::size_t notes_before = run.notes.size();
  read_detection(directory, dir, options, run);
  if (file_exists(dir / "labels.csv")) read_classification(dir, run);
  if (!run.detection && !run.classification && run.notes.size() == notes_before) {
    run.notes.emplace_back("no VOC2007/ with results/ or detections.json, no labels.csv: no accuracy");
  }
  const std::size_t queries = read_latency(directory, dir, options, batch_size, run);
  read_hardware(dir, options, queries * batch_size, queries, run);
  return run;
}

}  // namespace edgemetrics
