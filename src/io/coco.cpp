// COCO instances and results JSON readers (<edgemetrics/io/coco.hpp>), on the streaming JSON
// reader (json_input.hpp): one linear pass, no document tree.
#include <edgemetrics/io/coco.hpp>

#include "../common/memory.hpp"
#include "file.hpp"
#include "json_input.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

namespace edgemetrics {

namespace {

using detail::json_scalar;

// An integer id (JSON integer; a float is refused). False when the value is not one.
bool integer_id(const json_scalar& v, std::int64_t& out) noexcept {
  if (v.kind == json_scalar::type::integer) {
    out = v.integer;
    return true;
  }
  if (v.kind == json_scalar::type::unsigned_integer &&
      v.unsigned_integer <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    out = static_cast<std::int64_t>(v.unsigned_integer);
    return true;
  }
  return false;
}

std::string id_text(std::int64_t id) { return std::to_string(id); }

// id -> index over ascending unique ids: a direct table when the ids span a small range (the
// usual case), a hash map otherwise.
class id_index {
 public:
  static constexpr std::uint32_t npos = 0xFFFFFFFFu;
  explicit id_index(const std::vector<std::int64_t>& ids) {
    if (ids.empty()) return;
    lo_ = ids.front();
    const auto span_ = static_cast<std::uint64_t>(ids.back()) - static_cast<std::uint64_t>(lo_);
    if (span_ < 4 * static_cast<std::uint64_t>(ids.size()) + 4096) {
      table_.assign(static_cast<std::size_t>(span_) + 1, npos);
      for (std::size_t i = 0; i < ids.size(); ++i) {
        table_[static_cast<std::size_t>(static_cast<std::uint64_t>(ids[i]) - static_cast<std::uint64_t>(lo_))] =
            static_cast<std::uint32_t>(i);
      }
      direct_ = true;
    } else {
      map_.reserve(ids.size());
      for (std::size_t i = 0; i < ids.size(); ++i) map_.emplace(ids[i], static_cast<std::uint32_t>(i));
    }
  }
  [[nodiscard]] std::uint32_t find(std::int64_t id) const {
    if (direct_) {
      if (id < lo_) return npos;
      const std::uint64_t off = static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(lo_);
      return off < table_.size() ? table_[static_cast<std::size_t>(off)] : npos;
    }
    const auto it = map_.find(id);
    return it == map_.end() ? npos : it->second;
  }

 private:
  std::int64_t lo_ = 0;
  bool direct_ = false;
  std::vector<std::uint32_t> table_;
  std::unordered_map<std::int64_t, std::uint32_t> map_;
};

// ---------------------------------------------------------------------------------------------
// instances.json

class instances_reader final : public detail::json_sax_reader {
 public:
  explicit instances_reader(const std::string& source) : json_sax_reader(source) {}

  struct raw_annotation {
    std::int64_t image = 0, category = 0;
    double box[4] = {};
    double area = 0;
    bool has_area = false;
    bool crowd = false;
  };
  std::vector<std::int64_t> images;
  std::vector<std::pair<std::int64_t, std::string>> categories;
  std::vector<raw_annotation> annotations;

 private:
  enum section_kind { none, images_section, annotations_section, categories_section };
  // fields: 0 id, 1 image_id, 2 category_id, 3 bbox, 4 area, 5 iscrowd, 6 name, 7 other
  enum field : int { f_id, f_image_id, f_category_id, f_bbox, f_area, f_iscrowd, f_name, f_other };
  static constexpr const char* field_names[7] = {"id", "image_id", "category_id", "bbox", "area", "iscrowd", "name"};

  [[nodiscard]] const char* section_name() const {
    return section_ == images_section ? "images" : section_ == annotations_section ? "annotations" : "categories";
  }
  [[nodiscard]] std::string at() const { return std::string(section_name()) + "[" + std::to_string(index_) + "]"; }
  [[nodiscard]] std::string at(field f) const { return at() + "." + field_names[f]; }

  void on_start(bool object) override {
    switch (depth()) {
      case 1:
        if (!object) reject_container("", "expected a JSON object (COCO instances)");
        break;
      case 2:
        if (object) reject_container(section_name(), "expected a list");
        index_ = 0;
        break;
      case 3:
        if (!object) reject_container(at(), "expected an object");
        seen_ = 0;
        ann_ = {};
        break;
      case 4:
        if (current_ != f_bbox || object) reject_container(at(current_), "expected a number");
        coords_ = 0;
        break;
      default:
        reject_container(at(f_bbox), "expected 4 numbers");
    }
  }

  void on_key(std::string& k) override {
    if (depth() == 1) {
      section_ = k == "images"        ? images_section
                 : k == "annotations" ? annotations_section
                 : k == "categories"  ? categories_section
                                      : none;
      if (section_ == none) {
        skip_member_value();
        return;
      }
      const unsigned bit = 1u << section_;
      if ((sections_ & bit) != 0) fail(section_name(), "appears more than once");
      sections_ |= bit;
      return;
    }
    // depth 3: a member of an element
    const std::string_view key = k;
    current_ = f_other;
    if (key == "id") {
      current_ = f_id;
    } else if (section_ == annotations_section) {
      current_ = key == "image_id"      ? f_image_id
                 : key == "category_id" ? f_category_id
                 : key == "bbox"        ? f_bbox
                 : key == "area"        ? f_area
                 : key == "iscrowd"     ? f_iscrowd
                                        : f_other;
    } else if (section_ == categories_section && key == "name") {
      current_ = f_name;
    }
    if (current_ == f_other) {
      skip_member_value();
      return;
    }
    const unsigned bit = 1u << current_;
    if ((seen_ & bit) != 0) fail(at(current_), "appears more than once");
    seen_ |= bit;
  }

  void on_value(const json_scalar& v) override {
    switch (depth()) {
      case 0:
        fail("", "expected a JSON object (COCO instances)");
      case 1:
        fail(section_name(), "expected a list");
      case 2:
        fail(at(), "expected an object");
      case 3:
        break;
      default: {  // 4: a bbox coordinate
        if (coords_ == 4 || !v.is_number()) fail(at(f_bbox), "expected [x, y, w, h]");
        const double x = v.number();
        if (!std::isfinite(x)) fail(at(f_bbox), "not a finite number");
        ann_.box[coords_++] = x;
        return;
      }
    }
    switch (current_) {
      case f_id:
        if (!integer_id(v, id_)) fail(at(f_id), "expected an integer id, got " + v.excerpt());
        break;
      case f_image_id:
        if (!integer_id(v, ann_.image)) fail(at(f_image_id), "expected an integer id, got " + v.excerpt());
        break;
      case f_category_id:
        if (!integer_id(v, ann_.category)) fail(at(f_category_id), "expected an integer id, got " + v.excerpt());
        break;
      case f_area:
        if (!v.is_number()) fail(at(f_area), "expected a number, got " + v.excerpt());
        ann_.area = v.number();
        if (!std::isfinite(ann_.area)) fail(at(f_area), "not a finite number");
        ann_.has_area = true;
        break;
      case f_iscrowd:
        if (v.kind == json_scalar::type::boolean) {
          ann_.crowd = v.boolean;
        } else if (v.is_number()) {
          ann_.crowd = v.number() != 0;
        } else {
          fail(at(f_iscrowd), "expected 0 or 1, got " + v.excerpt());
        }
        break;
      case f_name:
        if (!v.is_string()) fail(at(f_name), "expected a string, got " + v.excerpt());
        name_ = std::move(*v.text);
        break;
      case f_bbox:
        fail(at(f_bbox), "expected [x, y, w, h]");
      case f_other:
        break;
    }
  }

  void on_end(bool) override {
    if (depth() == 4) {
      if (coords_ != 4) fail(at(f_bbox), "expected [x, y, w, h]");
      if (ann_.box[2] < 0) fail(at(f_bbox), "negative width");
      if (ann_.box[3] < 0) fail(at(f_bbox), "negative height");
      return;
    }
    if (depth() != 3) return;
    const auto require = [&](field f) {
      if ((seen_ & (1u << f)) == 0) fail(at(f), "missing");
    };
    require(f_id);
    switch (section_) {
      case images_section:
        images.push_back(id_);
        break;
      case categories_section:
        require(f_name);
        categories.emplace_back(id_, std::move(name_));
        break;
      case annotations_section:
        require(f_image_id);
        require(f_category_id);
        require(f_bbox);
        annotations.push_back(ann_);
        break;
      case none:
        break;
    }
    ++index_;
  }

  section_kind section_ = none;
  unsigned sections_ = 0;
  std::size_t index_ = 0;
  field current_ = f_other;
  unsigned seen_ = 0;
  int coords_ = 0;
  std::int64_t id_ = 0;
  std::string name_;
  raw_annotation ann_;
};

coco_dataset build_dataset(instances_reader& r, const std::string& source) {
  coco_dataset d;
  d.image_ids = r.images;
  std::sort(d.image_ids.begin(), d.image_ids.end());
  for (std::size_t i = 1; i < d.image_ids.size(); ++i) {
    if (d.image_ids[i] == d.image_ids[i - 1]) {
      throw parse_error(source, 0, "images", "image id " + id_text(d.image_ids[i]) + " appears more than once");
    }
  }
  std::stable_sort(r.categories.begin(), r.categories.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < r.categories.size(); ++i) {
    if (i > 0 && r.categories[i].first == r.categories[i - 1].first) {
      throw parse_error(source, 0, "categories",
                        "category id " + id_text(r.categories[i].first) + " appears more than once");
    }
    d.category_ids.push_back(r.categories[i].first);
    d.category_names.push_back(std::move(r.categories[i].second));
  }
  if (d.category_ids.empty()) throw parse_error(source, 0, "categories", "no categories");
  const id_index image_index(d.image_ids), category_index(d.category_ids);
  // counting sort by image, stable (file order within an image)
  const std::size_t n = r.annotations.size();
  std::vector<std::uint32_t> img(n);
  std::vector<std::uint32_t> cat(n);
  d.object_begin.assign(d.image_ids.size() + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = r.annotations[i];
    const std::uint32_t ii = image_index.find(a.image);
    if (ii == id_index::npos) {
      throw parse_error(source, 0, "annotations[" + std::to_string(i) + "].image_id",
                        "image " + id_text(a.image) + " is not in images");
    }
    const std::uint32_t ci = category_index.find(a.category);
    if (ci == id_index::npos) {
      throw parse_error(source, 0, "annotations[" + std::to_string(i) + "].category_id",
                        "category " + id_text(a.category) + " is not in categories");
    }
    img[i] = ii;
    cat[i] = ci;
    ++d.object_begin[img[i] + 1];
  }
  for (std::size_t i = 0; i < d.image_ids.size(); ++i) d.object_begin[i + 1] += d.object_begin[i];
  d.objects.resize(n);
  std::vector<std::size_t> next(d.object_begin.begin(), d.object_begin.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& a = r.annotations[i];
    coco_object o;
    o.category = cat[i];
    o.box = {a.box[0], a.box[1], a.box[2], a.box[3]};
    o.area = a.has_area ? a.area : a.box[2] * a.box[3];
    o.iscrowd = a.crowd;
    d.objects[next[img[i]]++] = o;
  }
  return d;
}

// ---------------------------------------------------------------------------------------------
// results (detections) JSON

class results_reader final : public detail::json_sax_reader {
 public:
  results_reader(const std::string& source, const coco_dataset& gt)
      : json_sax_reader(source), images_(gt.image_ids), categories_(gt.category_ids) {}

  std::vector<coco_detection> detections;
  std::vector<std::uint32_t> image;

 private:
  enum field : int { f_image_id, f_category_id, f_bbox, f_score, f_other };
  static constexpr const char* field_names[4] = {"image_id", "category_id", "bbox", "score"};
  [[nodiscard]] std::string at() const { return "[" + std::to_string(index_) + "]"; }
  [[nodiscard]] std::string at(field f) const { return at() + "." + field_names[f]; }

  void on_start(bool object) override {
    switch (depth()) {
      case 1:
        if (object) reject_container("", "expected a JSON list of detections");
        break;
      case 2:
        if (!object) reject_container(at(), "expected an object");
        seen_ = 0;
        break;
      case 3:
        if (current_ != f_bbox || object) reject_container(at(current_), "expected a number");
        coords_ = 0;
        break;
      default:
        reject_container(at(f_bbox), "expected 4 numbers");
    }
  }

  void on_key(std::string& k) override {
    const std::string_view key = k;
    current_ = key == "image_id"      ? f_image_id
               : key == "category_id" ? f_category_id
               : key == "bbox"        ? f_bbox
               : key == "score"       ? f_score
                                      : f_other;
    if (current_ == f_other) {
      skip_member_value();
      return;
    }
    const unsigned bit = 1u << current_;
    if ((seen_ & bit) != 0) fail(at(current_), "appears more than once");
    seen_ |= bit;
  }

  void on_value(const json_scalar& v) override {
    switch (depth()) {
      case 0:
        fail("", "expected a JSON list of detections");
      case 1:
        fail(at(), "expected an object");
      case 2:
        break;
      default: {
        if (coords_ == 4 || !v.is_number()) fail(at(f_bbox), "expected [x, y, w, h]");
        const double x = v.number();
        if (!std::isfinite(x)) fail(at(f_bbox), "not a finite number");
        box_[coords_++] = x;
        return;
      }
    }
    std::int64_t id = 0;
    switch (current_) {
      case f_image_id: {
        if (!integer_id(v, id)) fail(at(f_image_id), "expected an integer id, got " + v.excerpt());
        if (!have_last_ || id != last_image_id_) {
          const std::uint32_t ii = images_.find(id);
          if (ii == id_index::npos) fail(at(f_image_id), "image " + id_text(id) + " is not in the ground truth");
          last_image_id_ = id;
          last_image_ = ii;
          have_last_ = true;
        }
        image_ = last_image_;
        break;
      }
      case f_category_id: {
        if (!integer_id(v, id)) fail(at(f_category_id), "expected an integer id, got " + v.excerpt());
        const std::uint32_t ci = categories_.find(id);
        if (ci == id_index::npos) fail(at(f_category_id), "category " + id_text(id) + " is not in the ground truth");
        category_ = ci;
        break;
      }
      case f_score:
        if (!v.is_number()) fail(at(f_score), "expected a number, got " + v.excerpt());
        score_ = v.number();
        if (std::isnan(score_)) fail(at(f_score), "NaN");
        break;
      case f_bbox:
        fail(at(f_bbox), "expected [x, y, w, h]");
      case f_other:
        break;
    }
  }

  void on_end(bool) override {
    if (depth() == 3) {
      if (coords_ != 4) fail(at(f_bbox), "expected [x, y, w, h]");
      if (box_[2] < 0) fail(at(f_bbox), "negative width");
      if (box_[3] < 0) fail(at(f_bbox), "negative height");
      return;
    }
    if (depth() != 2) return;
    for (int f = 0; f < 4; ++f) {
      if ((seen_ & (1u << f)) == 0) fail(at(static_cast<field>(f)), "missing");
    }
    if (detections.size() == detections.capacity()) {
      // project the final count from the bytes read so far
      const std::size_t n = detections.size();
      const std::size_t read = bytes_read();
      std::size_t want = n < 1024 || read == 0
                             ? 2 * n + 16
                             : static_cast<std::size_t>(static_cast<double>(n) * static_cast<double>(document_size()) /
                                                        static_cast<double>(read) * 1.05) +
                                   16;
      want = std::max(want, n + n / 8 + 16);
      detections.reserve(want);
      image.reserve(want);
    }
    detections.push_back({category_, score_, {box_[0], box_[1], box_[2], box_[3]}});
    image.push_back(image_);
    ++index_;
  }

  id_index images_, categories_;
  std::size_t index_ = 0;
  field current_ = f_other;
  unsigned seen_ = 0;
  int coords_ = 0;
  double box_[4] = {};
  double score_ = 0;
  std::uint32_t image_ = 0, category_ = 0;
  std::int64_t last_image_id_ = 0;
  std::uint32_t last_image_ = 0;
  bool have_last_ = false;
};

// The detections grouped by image (stable: file order within an image).
coco_detections group_results(std::vector<coco_detection>& detections, const std::vector<std::uint32_t>& image,
                              std::size_t images) {
  coco_detections out;
  const std::size_t n = detections.size();
  out.begin.assign(images + 1, 0);
  bool sorted = true;
  for (std::size_t i = 0; i < n; ++i) {
    ++out.begin[image[i] + 1];
    if (i > 0 && image[i] < image[i - 1]) sorted = false;
  }
  for (std::size_t i = 0; i < images; ++i) out.begin[i + 1] += out.begin[i];
  if (sorted) {
    out.detections = std::move(detections);
    return out;
  }
  // in place: order[k] is the detection that goes to position k; each cycle of that permutation
  // is followed once (no second copy of the detections)
  if (n > 0xFFFFFFFFu) throw std::length_error("read_coco_results: more than 2^32 detections");
  std::vector<std::uint32_t> order(n);
  {
    std::vector<std::size_t> next(out.begin.begin(), out.begin.end() - 1);
    for (std::size_t i = 0; i < n; ++i) order[next[image[i]]++] = static_cast<std::uint32_t>(i);
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (order[i] == i) continue;  // in place already (or placed by an earlier cycle)
    const coco_detection first = detections[i];
    std::size_t j = i;
    for (;;) {
      const std::size_t from = order[j];
      order[j] = static_cast<std::uint32_t>(j);
      if (from == i) {
        detections[j] = first;
        break;
      }
      detections[j] = detections[from];
      j = from;
    }
  }
  out.detections = std::move(detections);
  return out;
}

// ---------------------------------------------------------------------------------------------
// The fast path of the results reader: the shape every detector writes (a list of objects with
// exactly the members image_id, category_id, bbox and score, numbers only, no escapes), parsed
// straight into the detections without the general SAX machinery. It accepts a strict subset of
// what the general reader accepts and produces the same values (numbers are correctly rounded
// either way; an integer is the nearest double, as nlohmann's get<double>() converts it); on
// anything else, valid or not (another member, an escape in a key, an unknown id, a negative
// width, a number out of range, a syntax error, a record longer than the look-ahead), it gives up
// and the general reader reads the input from the start, with its errors.
class fast_results {
 public:
  fast_results(const id_index& images, const id_index& categories) : images_(images), categories_(categories) {}

  std::vector<coco_detection> detections;
  std::vector<std::uint32_t> image;

  /// Where the bytes come from: read(ctx, out, n) returns up to n bytes, 0 at the end; it may
  /// throw parse_error (the fast path then gives up).
  struct source {
    std::size_t (*read)(void* ctx, char* out, std::size_t n);
    void* ctx;
    std::size_t size;  ///< bytes it will deliver, for sizing the output (0: unknown)
  };

  /// A whole document: '[' records ']'. False: not the fast shape.
  bool parse_document(const source& in) { return run(in, true, 0); }

  /// Part of a document split between threads: from its first record ('{') to the end (whole:
  /// true), or from its '[' to the end of the record that ends `stop_at` bytes in (whole:
  /// false; the record must end exactly there). False: not the fast shape.
  bool parse_part(const source& in, bool first, std::size_t stop_at) { return run(in, first, stop_at); }

 private:
  static constexpr std::size_t window = std::size_t{1} << 20;   // bytes read at a time
  static constexpr std::size_t lookahead = 4096;                // a record must fit in this
  static constexpr std::size_t padding = 64;                    // NUL bytes after the data

  // Moves the unread bytes to the front and reads more, so that at least `lookahead` bytes (or
  // the rest of the input) follow p. Returns false on a read error or a NUL byte in the input.
  bool refill(const source& in) {
    if (eof_ || static_cast<std::size_t>(end_ - p_) >= lookahead) return true;
    const std::size_t keep = static_cast<std::size_t>(end_ - p_);
    std::memmove(buf_.data(), p_, keep);
    std::size_t have = keep;
    const std::size_t capacity = buf_.size() - padding;
    while (!eof_ && have < capacity) {
      const std::size_t got = in.read(in.ctx, buf_.data() + have, capacity - have);
      if (got == 0) eof_ = true;
      if (std::memchr(buf_.data() + have, '\0', got) != nullptr) return false;
      have += got;
    }
    consumed_ += static_cast<std::size_t>(p_ - buf_.data());
    p_ = buf_.data();
    end_ = p_ + have;
    std::memset(buf_.data() + have, 0, padding);
    return true;
  }

  static const char* ws(const char* p) noexcept {
    while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') ++p;
    return p;
  }
  static bool digit(char c) noexcept { return c >= '0' && c <= '9'; }

  // A JSON number (strict grammar) into v. Null: not one, or out of the double's normal range.
  static const char* number(const char* p, double& v) noexcept {
    const char* const start = p;
    if (*p == '-') ++p;
    bool nonzero = false, integer = true;
    if (*p == '0') {
      ++p;
    } else if (*p >= '1' && *p <= '9') {
      while (digit(*p)) nonzero |= *p++ != '0';
    } else {
      return nullptr;
    }
    if (*p == '.') {
      ++p;
      if (!digit(*p)) return nullptr;
      while (digit(*p)) nonzero |= *p++ != '0';
      integer = false;
    }
    if (*p == 'e' || *p == 'E') {
      ++p;
      if (*p == '+' || *p == '-') ++p;
      if (!digit(*p)) return nullptr;
      while (digit(*p)) ++p;
      integer = false;
    }
    const auto r = std::from_chars(start, p, v);
    if (r.ec != std::errc() || r.ptr != p) return nullptr;
    if (v == 0) {
      if (nonzero) return nullptr;  // underflow: the general reader decides
      if (integer) v = 0.0;         // "-0" is the integer 0
    } else if (!(std::fabs(v) >= std::numeric_limits<double>::min()) || !std::isfinite(v)) {
      return nullptr;
    }
    return p;
  }

  // A JSON integer that fits an int64 (a float, a leading zero or more digits: null).
  static const char* integer(const char* p, std::int64_t& out) noexcept {
    const bool negative = *p == '-';
    if (negative) ++p;
    if (!digit(*p) || (*p == '0' && digit(p[1]))) return nullptr;
    std::uint64_t v = 0;
    int n = 0;
    while (digit(*p)) {
      if (++n > 18) return nullptr;  // (longer ids: the general reader)
      v = v * 10 + static_cast<std::uint64_t>(*p++ - '0');
    }
    if (*p == '.' || *p == 'e' || *p == 'E') return nullptr;
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return p;
  }

  // One record from p (after its '{'); the position after its '}', or null.
  const char* record(const char* p) {
    unsigned seen = 0;
    std::int64_t image_id = 0, category_id = 0;
    double score = 0, box[4] = {};
    for (;;) {
      p = ws(p);
      if (*p++ != '"') return nullptr;
      unsigned bit = 0;
      if (std::memcmp(p, "image_id\"", 9) == 0) {
        p = ws(p + 9);
        if (*p++ != ':') return nullptr;
        p = integer(ws(p), image_id);
        bit = 1;
      } else if (std::memcmp(p, "category_id\"", 12) == 0) {
        p = ws(p + 12);
        if (*p++ != ':') return nullptr;
        p = integer(ws(p), category_id);
        bit = 2;
      } else if (std::memcmp(p, "bbox\"", 5) == 0) {
        p = ws(p + 5);
        if (*p++ != ':') return nullptr;
        p = ws(p);
        if (*p++ != '[') return nullptr;
        for (int c = 0; c < 4 && p != nullptr; ++c) {
          p = number(ws(p), box[c]);
          if (p == nullptr) return nullptr;
          p = ws(p);
          if (*p++ != (c < 3 ? ',' : ']')) return nullptr;
        }
        bit = 4;
      } else if (std::memcmp(p, "score\"", 6) == 0) {
        p = ws(p + 6);
        if (*p++ != ':') return nullptr;
        p = number(ws(p), score);
        bit = 8;
      } else {
        return nullptr;
      }
      if (p == nullptr || (seen & bit) != 0) return nullptr;
      seen |= bit;
      p = ws(p);
      const char c = *p++;
      if (c == '}') break;
      if (c != ',') return nullptr;
    }
    if (seen != 15 || box[2] < 0 || box[3] < 0) return nullptr;
    if (!have_last_ || image_id != last_image_id_) {
      const std::uint32_t ii = images_.find(image_id);
      if (ii == id_index::npos) return nullptr;
      last_image_id_ = image_id;
      last_image_ = ii;
      have_last_ = true;
    }
    const std::uint32_t ci = categories_.find(category_id);
    if (ci == id_index::npos) return nullptr;
    if (detections.size() == detections.capacity()) grow();
    detections.push_back({ci, score, {box[0], box[1], box[2], box[3]}});
    image.push_back(last_image_);
    return p;
  }

  void grow() {
    // project the final count from the bytes read so far
    const std::size_t n = detections.size();
    const std::size_t total = size_;
    const std::size_t done = consumed_ + static_cast<std::size_t>(p_ - buf_.data());  // bytes parsed
    std::size_t want = n < 1024 || done == 0 || total == 0
                           ? 2 * n + 16
                           : static_cast<std::size_t>(static_cast<double>(n) * static_cast<double>(total) /
                                                      static_cast<double>(done) * 1.05) +
                                 16;
    want = std::max(want, n + n / 8 + 16);
    detail::reserve_huge(detections, want);
    detail::reserve_huge(image, want);
  }

  bool run(const source& in, bool document, std::size_t stop_at) {
    // (a small document gets a buffer of its own size, not a whole window)
    buf_.assign((in.size != 0 ? std::min(window, in.size + lookahead) : window) + padding, '\0');
    p_ = end_ = buf_.data();
    size_ = in.size;
    try {
      if (!refill(in)) return false;
      const char* p = ws(p_);
      if (document) {
        if (*p++ != '[') return false;
        p = ws(p);
        if (*p == ']') {
          ++p;
          return finish(in, p);
        }
      }
      for (;;) {
        if (*p++ != '{') return false;
        p = record(p);
        if (p == nullptr) return false;
        p_ = p;
        if (stop_at != 0) {
          const std::size_t at = consumed_ + static_cast<std::size_t>(p - buf_.data());
          if (at == stop_at) return true;
          if (at > stop_at) return false;
        }
        if (!refill(in)) return false;
        p = ws(p_);
        const char c = *p++;
        if (c == ']') break;
        if (c != ',') return false;
        p = ws(p);
      }
      return stop_at == 0 && finish(in, p);
    } catch (const parse_error&) {
      return false;  // cannot read: the general reader names the reason
    }
  }

  // After the closing ']': only whitespace to the end.
  bool finish(const source& in, const char* p) {
    p = ws(p);
    if (p > end_) return false;  // read into the padding: a record longer than the look-ahead
    p_ = p;
    if (!refill(in)) return false;
    return eof_ && ws(p_) == end_;
  }

  const id_index& images_;
  const id_index& categories_;
  std::string buf_;
  const char* p_ = nullptr;
  const char* end_ = nullptr;
  bool eof_ = false;
  std::size_t consumed_ = 0;  // bytes of the source before buf_[0]
  std::size_t size_ = 0;
  std::int64_t last_image_id_ = 0;
  std::uint32_t last_image_ = 0;
  bool have_last_ = false;
};

// Sources of the fast path: a document in memory, or a byte range of a file read with pread (so
// that two threads can read one descriptor).
struct text_reader {
  std::string_view text;
  std::size_t pos;
  static std::size_t read(void* ctx, char* out, std::size_t n) {
    auto& t = *static_cast<text_reader*>(ctx);
    n = std::min(n, t.text.size() - t.pos);
    std::memcpy(out, t.text.data() + t.pos, n);
    t.pos += n;
    return n;
  }
};

struct range_reader {
  int fd;
  std::size_t pos, end;
  static std::size_t read(void* ctx, char* out, std::size_t n) {
    auto& r = *static_cast<range_reader*>(ctx);
    n = std::min(n, r.end - r.pos);
    std::size_t got = 0;
    while (got < n) {
      const ssize_t k = ::pread(r.fd, out + got, n - got, static_cast<off_t>(r.pos + got));
      if (k < 0 && errno == EINTR) continue;
      if (k < 0) throw parse_error("", 0, "", "read error");  // the general reader names it
      if (k == 0) break;                                        // (the file shrank)
      got += static_cast<std::size_t>(k);
    }
    r.pos += got;
    return got;
  }
};

// The whole file through the fast path: files of 8 MiB or more are split in two at a record
// boundary near the middle and read by two threads (the halves must each be the fast shape and
// meet exactly at that boundary, so that together they are the whole document). False: not the
// fast shape (or the file cannot be read): the caller goes to the general reader.
bool fast_read_file(const std::string& path, const id_index& images, const id_index& categories, fast_results& out) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct closer {
    int fd;
    ~closer() { ::close(fd); }
  } close_it{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return false;
  const auto size = static_cast<std::size_t>(st.st_size);
  std::size_t start = 0;
  {
    char head[3] = {};
    if (::pread(fd, head, 3, 0) == 3 && std::string_view(head, 3) == detail::utf8_bom) start = 3;
  }
  constexpr std::size_t split_threshold = std::size_t{8} << 20;
  if (size - start >= split_threshold && std::thread::hardware_concurrency() >= 2) {
    // a record boundary "}" [ws] "," [ws] "{" after the middle (in the fast shape, a '}' outside
    // a string ends a record, and its strings are only the four member names)
    const std::size_t mid = start + (size - start) / 2;
    std::string probe(65536, '\0');
    range_reader pr{fd, mid, size};
    try {
      probe.resize(range_reader::read(&pr, probe.data(), probe.size()));
    } catch (const parse_error&) {
      return false;
    }
    std::size_t close = std::string::npos, open = std::string::npos;
    for (std::size_t i = probe.find('}'); i != std::string::npos; i = probe.find('}', i + 1)) {
      std::size_t j = i + 1;
      while (j < probe.size() && (probe[j] == ' ' || probe[j] == '\n' || probe[j] == '\r' || probe[j] == '\t')) ++j;
      if (j >= probe.size() || probe[j] != ',') continue;
      ++j;
      while (j < probe.size() && (probe[j] == ' ' || probe[j] == '\n' || probe[j] == '\r' || probe[j] == '\t')) ++j;
      if (j < probe.size() && probe[j] == '{') {
        close = mid + i;
        open = mid + j;
        break;
      }
    }
    if (close != std::string::npos) {
      fast_results second(images, categories);
      bool second_ok = false;
      std::exception_ptr error;
      const auto read_second = [&] {
        try {
          range_reader r{fd, open, size};
          second_ok = second.parse_part({&range_reader::read, &r, size - open}, false, 0);
        } catch (...) {
          error = std::current_exception();
        }
      };
      std::thread worker;
      try {
        worker = std::thread(read_second);
      } catch (const std::system_error&) {
        read_second();  // no thread to be had: this one reads both halves, one after the other
      }
      bool first_ok = false;
      try {
        range_reader r{fd, start, size};
        first_ok = out.parse_part({&range_reader::read, &r, size - start}, true, close + 1 - start);
      } catch (...) {
        if (worker.joinable()) worker.join();
        throw;
      }
      if (worker.joinable()) worker.join();
      if (error) std::rethrow_exception(error);
      if (!first_ok || !second_ok) return false;
      out.detections.insert(out.detections.end(), second.detections.begin(), second.detections.end());
      out.image.insert(out.image.end(), second.image.begin(), second.image.end());
      return true;
    }
  }
  range_reader r{fd, start, size};
  return out.parse_document({&range_reader::read, &r, size - start});
}
}  // namespace

coco_dataset parse_coco_instances(std::string_view text, const std::string& source_name) {
  instances_reader r(source_name);
  detail::parse_json_text(text, r);
  return build_dataset(r, source_name);
}

coco_dataset read_coco_instances(const std::string& path) {
  instances_reader r(path);
  detail::parse_json_file(path, r);
  return build_dataset(r, path);
}

coco_detections parse_coco_results(std::string_view text, const std::string& source_name,
                                   const coco_dataset& ground_truth) {
  const std::size_t images = ground_truth.image_ids.size();
  {
    const id_index image_index(ground_truth.image_ids), category_index(ground_truth.category_ids);
    fast_results f(image_index, category_index);
    text_reader t{detail::skip_bom(text), 0};
    if (f.parse_document({&text_reader::read, &t, t.text.size()})) return group_results(f.detections, f.image, images);
  }
  results_reader r(source_name, ground_truth);
  detail::parse_json_text(text, r);
  return group_results(r.detections, r.image, images);
}

coco_detections read_coco_results(const std::string& path, const coco_dataset& ground_truth) {
  const std::size_t images = ground_truth.image_ids.size();
  if (path != "-") {  // (standard input cannot be read twice)
    const id_index image_index(ground_truth.image_ids), category_index(ground_truth.category_ids);
    fast_results f(image_index, category_index);
    if (fast_read_file(path, image_index, category_index, f)) return group_results(f.detections, f.image, images);
  }
  results_reader r(path, ground_truth);
  detail::parse_json_file(path, r);
  return group_results(r.detections, r.image, images);
}

namespace {

xywh_box<double> voc_box_to_coco(const corner_box<double>& b, const char* what, std::size_t image,
                                 const std::vector<std::string>& image_ids) {
  const xywh_box<double> out{b.x1 - 1.0, b.y1 - 1.0, b.x2 - b.x1 + 1.0, b.y2 - b.y1 + 1.0};
  if (!(out.w >= 0) || !(out.h >= 0)) {
    throw std::invalid_argument(std::string("coco_from_voc: ") + what + " of image " + image_ids[image] +
                                " has a negative width or height (x2 < x1 - 1 or y2 < y1 - 1)");
  }
  return out;
}

}  // namespace

coco_voc_data coco_from_voc(const voc_dataset& voc) {
  coco_voc_data out;
  const std::size_t images = voc.image_ids.size();
  const std::size_t classes = voc.class_names.size();
  if (voc.object_begin.size() != images + 1 || voc.detections.size() > classes) {
    throw std::invalid_argument("coco_from_voc: the VOC dataset is inconsistent");
  }
  coco_dataset& gt = out.ground_truth;
  gt.image_ids.resize(images);
  for (std::size_t i = 0; i < images; ++i) gt.image_ids[i] = static_cast<std::int64_t>(i + 1);
  gt.category_ids.resize(classes);
  for (std::size_t k = 0; k < classes; ++k) gt.category_ids[k] = static_cast<std::int64_t>(k + 1);
  gt.category_names = voc.class_names;
  gt.objects.reserve(voc.objects.size());
  gt.object_begin.assign(1, 0);
  gt.object_begin.reserve(images + 1);
  for (std::size_t i = 0; i < images; ++i) {
    for (std::size_t j = voc.object_begin[i]; j < voc.object_begin[i + 1]; ++j) {
      const voc_object& v = voc.objects[j];
      if (v.class_id >= classes) throw std::invalid_argument("coco_from_voc: an object's class is out of range");
      coco_object o;
      o.category = v.class_id;
      o.box = voc_box_to_coco(v.box, "an object", i, voc.image_ids);
      o.area = o.box.w * o.box.h;
      o.iscrowd = false;
      gt.objects.push_back(o);
    }
    gt.object_begin.push_back(gt.objects.size());
  }
  // Group the detections by image: class by class, each class in file order.
  coco_detections& dt = out.detections;
  dt.begin.assign(images + 1, 0);
  std::size_t total = 0;
  for (const auto& c : voc.detections) {
    if (c.score.size() != c.image.size() || c.box.size() != c.image.size()) {
      throw std::invalid_argument("coco_from_voc: the VOC dataset is inconsistent");
    }
    for (const std::uint32_t im : c.image) {
      if (im >= images) throw std::invalid_argument("coco_from_voc: a detection's image is out of range");
      ++dt.begin[im + 1];
    }
    total += c.image.size();
  }
  for (std::size_t i = 0; i < images; ++i) dt.begin[i + 1] += dt.begin[i];
  dt.detections.resize(total);
  std::vector<std::size_t> next(dt.begin.begin(), dt.begin.end() - 1);
  for (std::size_t k = 0; k < voc.detections.size(); ++k) {
    const auto& c = voc.detections[k];
    for (std::size_t j = 0; j < c.image.size(); ++j) {
      coco_detection d;
      d.category = static_cast<std::uint32_t>(k);
      d.score = c.score[j];
      d.box = voc_box_to_coco(c.box[j], "a detection", c.image[j], voc.image_ids);
      dt.detections[next[c.image[j]]++] = d;
    }
  }
  return out;
}

}  // namespace edgemetrics
