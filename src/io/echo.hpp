// Internal (not installed): input text echoed in error messages. Every reader quotes the
// fields, labels and lines it shows in a message through echo(), so that an invisible byte (a
// byte-order mark, a NUL, a carriage return, a zero-width space) is visible as \xEF-style
// escapes and a huge field cannot make a message of megabytes.
#ifndef EDGEMETRICS_SRC_IO_ECHO_HPP
#define EDGEMETRICS_SRC_IO_ECHO_HPP

#include <cstddef>
#include <string>
#include <string_view>

namespace edgemetrics::detail {

/// The most bytes of input echo() shows; longer text is cut (at a character boundary) and
/// followed by "... (N bytes)".
inline constexpr std::size_t echo_cap = 200;

/// `text` in single quotes for an error message: printable ASCII and well-formed, visible UTF-8
/// as they are; control bytes, DEL, invalid UTF-8 and invisible or format characters (C1
/// controls, U+00A0, U+00AD, U+200B..U+200F, U+2028..U+202E, U+2060..U+2064, U+FEFF) as \xNN
/// per byte; a backslash as \\ and a single quote as \'. At most `cap` bytes of
/// input are shown.
[[nodiscard]] std::string echo(std::string_view text, std::size_t cap = echo_cap);

/// Same as echo() without the quotes.
[[nodiscard]] std::string echo_unquoted(std::string_view text, std::size_t cap = echo_cap);

}  // namespace edgemetrics::detail

#endif  // EDGEMETRICS_SRC_IO_ECHO_HPP
