"""Writes the CSV round-trip fixtures of tests/io/test_csv.cpp with Python's csv module.

Each table is random (fixed seed) with the fields that need care: the delimiter, double quotes,
CR, LF, CRLF, leading and trailing spaces, '#', a UTF-8 byte-order mark inside a field, non-ASCII
text, empty fields. csv.writer (QUOTE_MINIMAL, the default) quotes exactly the fields that need it;
lineterminator '\\r\\n' (its default) or '\\n'. The expected fields go to NAME.expected: one line per
row, each field as hex ('-' for an empty field), separated by spaces.

With lineterminator '\n', csv.writer leaves a CR unquoted, so a last field ending in CR would be
written as a CRLF line break; the generator appends 'x' to such a field. A row of one field made only of spaces would be written unquoted and read as a blank line (the
reader skips those, docs/conventions.md "CSV input"); the generator leaves such rows out.

Run: python3 make_csv_roundtrip.py   (writes the files next to this script)
"""
import csv
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
PIECES = ["a", "b", "cat", "dog", " ", "  x ", ",", ";", "\t", '"', '""', "\r", "\n", "\r\n", "#", "é", "日本",
          "\ufeff", "1.5", "-2", "", "x y", "'", "\\", "|"]


def field(rng):
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))


def table(rng, ncols, nrows, term):
    rows = []
    while len(rows) < nrows:
        row = [field(rng) for _ in range(ncols)]
        if ncols == 1 and row[0] != "" and row[0].strip(" \t") == "":
            continue
        if ncols == 1 and row[0].lstrip(" \t").startswith("#"):
            continue  # a comment line when unquoted
        if row[0].lstrip(" \t").startswith("#"):
            row[0] = "x" + row[0]  # unquoted, a first field starting with '#' would make a comment line
        if term == "\n" and row[-1].endswith("\r"):
            # csv.writer quotes CR only when it is in lineterminator: with "\n" a last field ending
            # in CR is written "...\r\n", which is a CRLF line break (RFC 4180, and so the reader).
            row[-1] += "x"
        if not rows and row[0].startswith("\ufeff"):
            row[0] = "x" + row[0]  # a byte-order mark at the very start is skipped by every reader
        rows.append(row)
    return rows


def main():
    rng = random.Random(20261130)
    cases = [("comma_crlf", ",", "\r\n", 3), ("semicolon_lf", ";", "\n", 4), ("tab_lf", "\t", "\n", 2),
             ("one_column", ",", "\r\n", 1), ("wide", ",", "\n", 12)]
    for name, delim, term, ncols in cases:
        rows = table(rng, ncols, 300, term)
        with open(os.path.join(HERE, name + ".csv"), "w", newline="", encoding="utf-8") as f:
            csv.writer(f, delimiter=delim, lineterminator=term).writerows(rows)
        with open(os.path.join(HERE, name + ".expected"), "w", encoding="ascii") as f:
            for row in rows:
                f.write(" ".join(v.encode("utf-8").hex() or "-" for v in row) + "\n")


if __name__ == "__main__":
    main()
