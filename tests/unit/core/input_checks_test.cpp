// The shared checks on untrusted input: NUL and UTF-8 scanning, JSON nesting,
// size-limited file reading (state/util/text_scan, json_depth, bounded_read).
#include "state/util/bounded_read.hpp"
#include "state/util/json_depth.hpp"
#include "state/util/text_scan.hpp"
#include "tests/support/temp_dir.hpp"

#include <catch2/catch.hpp>
#include <fstream>

using namespace alignctl;

TEST_CASE("text scan: NUL bytes and every kind of malformed UTF-8, located", "[hostile]") {
  CHECK_FALSE(find_text_problem("plain ascii\nZoë 😀 \xE2\x82\xAC\n").has_value());

  auto nul = find_text_problem(std::string("ab\ncd\0e", 7));
  REQUIRE(nul);
  CHECK(nul->line == 2);
  CHECK(nul->column == 3);
  CHECK(nul->offset == 5);
  CHECK(nul->message == "NUL byte (0x00); the file must be UTF-8 text");

  struct Case {
    const char* text;
    unsigned char byte;
  };
  for (const Case& c : {
           Case{"x\xff", 0xff},             // never valid
           Case{"x\xC0\xAF", 0xc0},         // overlong '/'
           Case{"x\xE0\x80\xAF", 0xe0},     // overlong, 3 bytes
           Case{"x\xED\xA0\x80", 0xed},     // UTF-16 surrogate D800
           Case{"x\xF4\x90\x80\x80", 0xf4}, // above U+10FFFF
           Case{"x\x80", 0x80},             // continuation without a lead
           Case{"x\xE9t\xE9", 0xe9},        // Latin-1 "été"
           Case{"x\xE2\x82", 0xe2},         // cut short at the end
       }) {
    auto p = find_text_problem(c.text);
    INFO(c.text);
    REQUIRE(p);
    CHECK(p->line == 1);
    CHECK(p->column == 2);
    CHECK(p->byte == c.byte);
  }
  auto latin1 = find_text_problem("é\nCaf\xE9\n");
  REQUIRE(latin1);
  CHECK(latin1->line == 2);
  CHECK(latin1->column == 4);
  CHECK(latin1->message == "not UTF-8: invalid byte 0xe9; the file must be UTF-8");
}

TEST_CASE("text scan: positions, lengths, sizes and quoting", "[hostile]") {
  CHECK(position_of("ab\nZoë x", 8).line == 2);
  CHECK(position_of("ab\nZoë x", 8).column == 5);
  CHECK(position_of("abc", 0).column == 1);
  CHECK(utf8_length("Zoë😀") == 4);
  CHECK(format_size(300) == "300 bytes");
  CHECK(format_size(std::size_t{16} << 20) == "16 MiB");
  CHECK(format_size(1536) == "1.5 KiB");
  CHECK(format_size(std::size_t{1} << 30) == "1 GiB");
  CHECK(quote_prefix("short") == "short");
  CHECK(quote_prefix("a\nb\tc") == "a b c");
  CHECK(quote_prefix(std::string(100, 'x'), 10) == "xxxxxxxxxx…");
  CHECK(quote_prefix("ëëëëë", 3) == "ëëë…"); // cut between characters, not inside one
}

TEST_CASE("JSON depth: brackets inside strings do not count", "[hostile]") {
  CHECK_FALSE(json_too_deep(R"({"a": [1, {"b": "[[[[[[[[["}]})", 3).has_value());
  CHECK(json_too_deep(R"({"a": [1, {"b": [[]]}]})", 3) == std::optional<std::size_t>(16));
  CHECK_FALSE(json_too_deep(R"(["\"[[[[", "\\", [[]]])", 3).has_value());
  CHECK(json_too_deep(std::string(100000, '[')) == std::optional<std::size_t>(k_max_json_depth));
  CHECK_FALSE(json_too_deep(std::string(k_max_json_depth, '[')).has_value());
}

TEST_CASE("bounded read: the size is checked before reading", "[hostile]") {
  test::TempDir dir;
  const std::string path = (dir / "f.txt").string();
  {
    std::ofstream out(path, std::ios::binary);
    out << std::string(2048, 'x');
  }
  auto ok = read_file_bounded(path, 2048, "policy file");
  REQUIRE(ok.ok());
  CHECK(ok->size() == 2048);

  auto big = read_file_bounded(path, 1024, "policy file");
  REQUIRE_FALSE(big.ok());
  CHECK(big.error().kind == ErrorKind::Input);
  CHECK(big.error().message == "policy file " + path + " is 2 KiB, over the limit of 1 KiB");

  auto missing = read_file_bounded((dir / "nope").string(), 1024, "plan file");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().kind == ErrorKind::Io);
  CHECK(missing.error().message ==
        "cannot read plan file " + (dir / "nope").string() + ": No such file or directory");

  auto directory = read_file_bounded(dir.path().string(), 1024, "plan file");
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().message ==
        "cannot read plan file " + dir.path().string() + ": Is a directory");
}

TEST_CASE("bounded read: a device without a size is cut off at the limit", "[hostile]") {
  auto r = read_file_bounded("/dev/zero", 1 << 20, "desired-state file");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().kind == ErrorKind::Input);
  CHECK(r.error().message == "desired-state file /dev/zero holds more than 1 MiB, the limit");
}
