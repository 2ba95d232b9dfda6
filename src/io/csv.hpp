// Internal (not installed): the one CSV reader of edgemetrics. Every CSV input of src/io (label
// CSV, latency CSV, the --models CSV, jtop logs) goes through it.
//
// The format is RFC 4180, read leniently where that loses nothing:
//   - records end with LF or CRLF; the last record may lack its line break;
//   - a field in double quotes may hold the delimiter, CR, LF and "" (one literal quote); spaces
//     and tabs before the opening quote and after the closing quote are dropped, any other text
//     after the closing quote is an error; a quote inside an unquoted field is data;
//   - the delimiter is a parameter (',' by default);
//   - a leading UTF-8 byte-order mark is skipped;
//   - empty lines and lines of only spaces and tabs are skipped and counted, and so are lines
//     whose first non-blank byte is the comment character ('#' by default; quoted "#..." is data).
//     A record of one empty field must therefore be written "" (Python's csv module does so);
//   - every record must have as many fields as the first one (the header): a mismatch is a
//     parse_error naming FILE:LINE and both counts;
//   - an unclosed quote is a parse_error naming the line where it opened.
// Input is read in chunks (never the whole file): memory is independent of the number of records;
// one record may not exceed csv_options::max_record_bytes.
#ifndef EDGEMETRICS_SRC_IO_CSV_HPP
#define EDGEMETRICS_SRC_IO_CSV_HPP

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace edgemetrics::detail {

class input_file;

struct csv_options {
  char delimiter = ',';
  char comment = '#';                                   ///< '\0': no comment lines
  bool trim_unquoted = true;                            ///< drop spaces and tabs around unquoted fields
  bool same_field_count = true;                         ///< every record has as many fields as the first
  std::size_t max_record_bytes = std::size_t{1} << 26;  ///< 64 MiB
  std::size_t chunk_bytes = std::size_t{1} << 18;       ///< read size (tests use tiny chunks)
};

class csv_reader {
 public:
  /// Streams the file at `path` ("-": standard input, named "<stdin>"). Throws parse_error if it
  /// cannot be opened.
  explicit csv_reader(const std::string& path, const csv_options& options = {});
  /// Streams `file`, whose first bytes were already read into `prefix` (e.g. to tell JSON from CSV).
  csv_reader(std::unique_ptr<input_file> file, std::string_view prefix, const csv_options& options = {});
  /// Reads `text` in memory (not copied: it must outlive the reader), naming `source` in errors.
  csv_reader(std::string_view text, std::string source, const csv_options& options = {});
  ~csv_reader();
  csv_reader(const csv_reader&) = delete;
  csv_reader& operator=(const csv_reader&) = delete;

  /// Moves to the next record; false at the end of the input. Throws parse_error on malformed
  /// input. The fields stay valid until the next call.
  bool next();

  [[nodiscard]] const std::vector<std::string_view>& fields() const noexcept { return fields_; }
  [[nodiscard]] std::size_t size() const noexcept { return fields_.size(); }
  [[nodiscard]] std::string_view operator[](std::size_t i) const noexcept { return fields_[i]; }
  /// Whether field i was written in quotes.
  [[nodiscard]] bool quoted(std::size_t i) const noexcept { return raw_[i].quoted; }
  /// 1-based line where the current record starts.
  [[nodiscard]] std::size_t line() const noexcept { return line_; }
  /// Records returned so far (the current one included).
  [[nodiscard]] std::size_t records() const noexcept { return records_; }
  /// Blank and comment lines skipped so far.
  [[nodiscard]] std::size_t skipped_lines() const noexcept { return skipped_; }
  [[nodiscard]] const std::string& source() const noexcept { return source_; }

 private:
  struct raw_field {
    std::size_t start = 0;  // offsets from the record start
    std::size_t end = 0;
    std::size_t open = 0;  // quoted: the opening and closing quotes
    std::size_t close = 0;
    bool quoted = false;
    bool escaped = false;  // holds ""
  };
  enum class state : unsigned char { field_start, unquoted, quoted, quote_seen, after_quote, comment };

  bool fill();  // reads more input; false at the end
  void finish_record(std::size_t end);

  csv_options options_;
  std::string source_;
  std::unique_ptr<input_file> file_;
  std::vector<char> buffer_;
  const char* data_ = nullptr;  // the buffer or the text
  std::size_t begin_ = 0;       // start of the current record in data_
  std::size_t end_ = 0;         // end of the valid bytes in data_
  bool eof_ = false;

  std::vector<raw_field> raw_;
  std::vector<std::string_view> fields_;
  std::string scratch_;
  std::size_t line_ = 0;
  std::size_t next_line_ = 1;
  std::size_t records_ = 0;
  std::size_t skipped_ = 0;
  std::size_t expected_ = 0;
  std::size_t expected_line_ = 0;
};

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_CSV_HPP
