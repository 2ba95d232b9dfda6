// Internal (not installed): reading JSON inputs in one linear pass (a strict parser of our own
// driving a SAX reader with nlohmann-json's SAX interface, no DOM; nlohmann words syntax errors),
// with errors that name the file and the line (syntax) or the element ("[3].bbox").
#ifndef EDGEMETRICS_SRC_IO_JSON_INPUT_HPP
#define EDGEMETRICS_SRC_IO_JSON_INPUT_HPP

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace edgemetrics::detail {

/// 1-based line of a byte offset in `text` (offsets past the end count as the end).
[[nodiscard]] std::size_t line_of_offset(std::string_view text, std::size_t offset) noexcept;

/// Deepest nesting of arrays and objects a reader accepts (inputs are flat lists of numbers or
/// of small objects; deeper documents are rejected as they are read, whatever the reader).
inline constexpr int max_json_depth = 64;

/// Files at least this large are read in chunks as they are parsed instead of whole.
inline constexpr std::size_t json_stream_threshold = std::size_t{1} << 20;

/// One scalar JSON value as the SAX parser reports it.
struct json_scalar {
  enum class type { null, boolean, integer, unsigned_integer, floating, string };
  type kind = type::null;
  bool boolean = false;
  std::int64_t integer = 0;
  std::uint64_t unsigned_integer = 0;
  double floating = 0;
  std::string* text = nullptr;  ///< kind == string (the reader may move from it)

  [[nodiscard]] bool is_number() const noexcept {
    return kind == type::integer || kind == type::unsigned_integer || kind == type::floating;
  }
  [[nodiscard]] bool is_string() const noexcept { return kind == type::string; }
  /// The number as nlohmann's get<double>() converts it (integers rounded to the nearest double).
  [[nodiscard]] double number() const noexcept;
  /// As json_excerpt: JSON text cut to 60 characters.
  [[nodiscard]] std::string excerpt() const;
};

/// A streaming JSON reader: derive, implement the on_* hooks, and run it with parse_json_text or
/// parse_json_file. The base keeps the nesting depth (max_json_depth enforced for every value,
/// skipped ones included) and skips values the reader does not want. depth() counts the open
/// containers, the one being started or ended included (the top-level container is depth 1).
/// Hooks report a problem with fail(element, problem), which throws parse_error naming the file.
class json_sax_reader {
 public:
  explicit json_sax_reader(std::string source) : source_(std::move(source)) {}
  json_sax_reader(const json_sax_reader&) = delete;
  json_sax_reader& operator=(const json_sax_reader&) = delete;
  virtual ~json_sax_reader() = default;

  [[nodiscard]] const std::string& source() const noexcept { return source_; }
  [[nodiscard]] int depth() const noexcept { return depth_; }

  // nlohmann-json's SAX interface (called by the parser).
  bool null();
  bool boolean(bool v);
  bool number_integer(std::int64_t v);
  bool number_unsigned(std::uint64_t v);
  bool number_float(double v, const std::string& token);
  bool string(std::string& v);
  bool binary(nlohmann::json::binary_t& v);
  bool start_object(std::size_t n);
  bool key(std::string& k);
  bool end_object();
  bool start_array(std::size_t n);
  bool end_array();
  bool parse_error(std::size_t position, const std::string& last_token, const nlohmann::json::exception& ex);

  /// After a syntax error: the byte count the parser had read, and the message (without line).
  [[nodiscard]] std::size_t error_position() const noexcept { return error_position_; }
  [[nodiscard]] const std::string& error_message() const noexcept { return error_message_; }
  /// Called by the drivers once the whole document has been read without error.
  virtual void on_document_end() {}

  /// The document's size in bytes, and how many of them the parser has read so far (for readers
  /// that size their output by projection). Set by the drivers.
  [[nodiscard]] std::size_t document_size() const noexcept { return size_; }
  [[nodiscard]] std::size_t bytes_read() const noexcept { return where_ != nullptr ? where_(where_arg_) : 0; }
  void set_document(std::size_t size, std::size_t (*where)(const void*), const void* arg) noexcept {
    size_ = size;
    where_ = where;
    where_arg_ = arg;
  }

 protected:
  /// A scalar where a value is expected (top level, array element, member value).
  virtual void on_value(const json_scalar& v) = 0;
  /// An array or object starts at depth().
  virtual void on_start(bool object) = 0;
  /// A member name inside the object at depth().
  virtual void on_key(std::string& k) = 0;
  /// The container at depth() ends.
  virtual void on_end(bool object) = 0;

  /// From on_key: skip the member's value whatever it is (no hook sees it).
  void skip_member_value() noexcept { skip_next_ = true; }
  /// From on_start: skip the container just started, up to and including its end.
  void skip_container() noexcept { skip_depth_ = 1; }

  [[noreturn]] void fail(const std::string& element, const std::string& problem) const;
  /// From on_start: the container just started is an error (a wrong type), reported once it has
  /// been read, so that a problem inside it (nesting too deep, malformed JSON) comes first.
  void reject_container(std::string element, std::string problem) {
    skip_depth_ = 1;
    pending_element_ = std::move(element);
    pending_problem_ = std::move(problem);
    pending_ = true;
  }

 private:
  bool scalar(const json_scalar& v);
  void enter();
  bool start_container(bool object);  // start_object / start_array
  void leave();
  std::string source_;
  int depth_ = 0;
  int skip_depth_ = 0;  // > 0: inside a skipped container, this many levels deep
  bool skip_next_ = false;
  bool pending_ = false;  // reject_container was called
  std::string pending_element_, pending_problem_;
  std::size_t error_position_ = 0;
  std::string error_message_;
  std::size_t size_ = 0;
  std::size_t (*where_)(const void*) = nullptr;
  const void* where_arg_ = nullptr;
};

/// Runs `reader` over a JSON document in memory. Syntax errors and numbers beyond the double's
/// range become parse_error naming reader.source() and the line.
void parse_json_text(std::string_view text, json_sax_reader& reader);

/// Runs `reader` over a file ("-" is standard input): files of json_stream_threshold bytes or more
/// are read in chunks as the parser goes (memory independent of the file's size), others whole.
/// File errors are those of read_text_file.
void parse_json_file(const std::string& path, json_sax_reader& reader);

/// A short excerpt of a value for an error message: scalars as JSON text (cut to 60
/// characters), arrays and objects by their type only. Never recurses.
[[nodiscard]] std::string json_excerpt(const nlohmann::json& v);

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_JSON_INPUT_HPP
