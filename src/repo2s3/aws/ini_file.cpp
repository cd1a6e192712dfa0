#include "repo2s3/aws/ini_file.hpp"

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>
#include <utility>

#include "repo2s3/util/ascii.hpp"
#include "repo2s3/util/utf8.hpp"

namespace repo2s3::aws {
namespace {

constexpr std::string_view kDefaultSection = "DEFAULT";

// Python's str.isspace(): the code points that strip() removes and that `\s` matches.
bool is_python_space(std::uint32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

// Length of the UTF-8 sequence that starts with `lead` (the text is known to be valid).
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead < 0xE0) return 2;
    if (lead < 0xF0) return 3;
    return 4;
}

std::uint32_t decode_at(std::string_view text, std::size_t at, std::size_t length) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
    switch (length) {
        case 1:
            return byte(0);
        case 2:
            return (std::uint32_t{byte(0)} & 0x1Fu) << 6 | (byte(1) & 0x3Fu);
        case 3:
            return (std::uint32_t{byte(0)} & 0x0Fu) << 12 | (byte(1) & 0x3Fu) << 6 |
                   (byte(2) & 0x3Fu);
        default:
            return (std::uint32_t{byte(0)} & 0x07u) << 18 | (byte(1) & 0x3Fu) << 12 |
                   (byte(2) & 0x3Fu) << 6 | (byte(3) & 0x3Fu);
    }
}

// Bytes of leading whitespace, and how many code points they are (configparser's indent).
std::pair<std::size_t, std::size_t> leading_space(std::string_view text) {
    std::size_t bytes = 0;
    std::size_t code_points = 0;
    while (bytes < text.size()) {
        const auto length = sequence_length(static_cast<unsigned char>(text[bytes]));
        if (!is_python_space(decode_at(text, bytes, length))) break;
        bytes += length;
        ++code_points;
    }
    return {bytes, code_points};
}

std::size_t trailing_space_start(std::string_view text) {
    std::size_t end = text.size();
    while (end > 0) {
        std::size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0u) == 0x80u) --start;
        if (!is_python_space(decode_at(text, start, end - start))) break;
        end = start;
    }
    return end;
}

std::string_view rstrip(std::string_view text) {
    return text.substr(0, trailing_space_start(text));
}

std::string_view strip(std::string_view text) {
    return rstrip(text.substr(leading_space(text).first));
}

// Python's universal newlines: \r\n, \r and \n all end a line.
std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        lines.push_back(text.substr(start, i - start));
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < text.size()) lines.push_back(text.substr(start));
    return lines;
}

// configparser's section pattern `\[(?P<header>.+)\]`, matched at the start: the name runs to
// the last ']' and anything after it is ignored.
std::optional<std::string_view> section_header(std::string_view line) {
    if (line.size() < 3 || line.front() != '[') return std::nullopt;
    const auto close = line.rfind(']');
    if (close == std::string_view::npos || close < 2) return std::nullopt;
    return line.substr(1, close - 1);
}

struct RawOption {
    std::vector<std::string> lines;
    std::size_t line_number = 0;
};

struct RawSection {
    std::string name;
    std::vector<std::pair<std::string, RawOption>> options;  // file order

    RawOption* find(const std::string& key) {
        for (auto& [name_, option] : options) {
            if (name_ == key) return &option;
        }
        return nullptr;
    }
};

std::string joined_value(const RawOption& option) {
    std::string text;
    for (std::size_t i = 0; i < option.lines.size(); ++i) {
        if (i > 0) text += '\n';
        text += option.lines[i];
    }
    return std::string(rstrip(text));
}

class Parser {
  public:
    explicit Parser(const std::string& source) : source_(source) {}

    Result<IniFile> parse(std::string_view text) {
        if (!util::is_valid_utf8(text)) {
            return fail(ErrorKind::Usage, source_ + ": not UTF-8 text");
        }
        std::size_t line_number = 0;
        for (const auto line : split_lines(text)) {
            ++line_number;
            auto status = parse_line(line, line_number);
            if (!status) return util::unexpected(std::move(status.error()));
        }
        if (first_error_) {
            return fail(ErrorKind::Usage, where(*first_error_) +
                                              ": neither a [section] header nor a key = value "
                                              "line (values that go on must be indented)");
        }
        return build();
    }

  private:
    std::string where(std::size_t line_number) const {
        return source_ + " line " + std::to_string(line_number);
    }

    Result<void> parse_line(std::string_view line, std::size_t line_number) {
        const std::string_view stripped = strip(line);
        const bool comment = stripped.starts_with('#') || stripped.starts_with(';');
        if (comment || stripped.empty()) {
            // A blank line may sit inside a multi-line value; a comment line is dropped.
            if (!comment && section_ != nullptr && option_ != nullptr) {
                option_->lines.emplace_back();
            }
            return {};
        }
        const std::size_t indent = leading_space(line).second;
        if (section_ != nullptr && option_ != nullptr && indent > indent_level_) {
            option_->lines.emplace_back(stripped);
            return {};
        }
        indent_level_ = indent;
        if (const auto header = section_header(stripped))
            return start_section(*header, line_number);
        if (section_ == nullptr) {
            return fail(ErrorKind::Usage,
                        where(line_number) + ": a key before the first [section] header" +
                            (line_number == 1 && line.starts_with("\xEF\xBB\xBF")
                                 ? " (the file starts with a byte-order mark; save it without one)"
                                 : ""));
        }
        return add_option(stripped, line_number);
    }

    Result<void> start_section(std::string_view header, std::size_t line_number) {
        std::string name(header);
        option_ = nullptr;
        if (name == kDefaultSection) {
            section_ = &defaults_;
            return {};
        }
        if (!seen_sections_.insert(name).second) {
            return fail(ErrorKind::Usage,
                        where(line_number) + ": section [" + name + "] appears a second time");
        }
        sections_.push_back(std::make_unique<RawSection>(RawSection{name, {}}));
        section_ = sections_.back().get();
        return {};
    }

    Result<void> add_option(std::string_view line, std::size_t line_number) {
        const auto delimiter = line.find_first_of("=:");
        if (delimiter == std::string_view::npos) {
            if (!first_error_) first_error_ = line_number;
            return {};
        }
        const std::string key = util::ascii_lower(rstrip(line.substr(0, delimiter)));
        if (key.empty()) {
            if (!first_error_) first_error_ = line_number;
            option_ = nullptr;
            return {};
        }
        if (section_->find(key) != nullptr) {
            const std::string section_name = section_ == &defaults_ ? "DEFAULT" : section_->name;
            return fail(ErrorKind::Usage, where(line_number) + ": key '" + key +
                                              "' appears a second time in [" + section_name + "]");
        }
        RawOption option;
        option.lines.emplace_back(strip(line.substr(delimiter + 1)));
        option.line_number = line_number;
        section_->options.emplace_back(key, std::move(option));
        option_ = &section_->options.back().second;
        return {};
    }

    // botocore reads a value that starts on the next line as `key = value` lines.
    Result<void> check_nested(const std::string& key, const RawOption& option,
                              const std::string& value) const {
        if (!value.starts_with('\n')) return {};
        std::size_t start = 1;
        while (start <= value.size()) {
            const auto end = std::min(value.find('\n', start), value.size());
            const auto piece = strip(std::string_view(value).substr(start, end - start));
            if (!piece.empty() && piece.find('=') == std::string_view::npos) {
                return fail(ErrorKind::Usage, where(option.line_number) + ": the value of '" + key +
                                                  "' starts on the next line, so each of its "
                                                  "lines must look like name = value");
            }
            start = end + 1;
        }
        return {};
    }

    Result<IniFile> build() const {
        IniFile file;
        for (const auto& raw : sections_) {
            IniSection section;
            section.name = raw->name;
            std::map<std::string, const RawOption*> options;
            for (const auto& [key, option] : defaults_.options) options[key] = &option;
            for (const auto& [key, option] : raw->options) options[key] = &option;
            for (const auto& [key, option] : options) {
                std::string value = joined_value(*option);
                auto nested = check_nested(key, *option, value);
                if (!nested) return util::unexpected(std::move(nested.error()));
                section.values.emplace(key, std::move(value));
            }
            file.sections.push_back(std::move(section));
        }
        return file;
    }

    const std::string& source_;
    std::vector<std::unique_ptr<RawSection>> sections_;
    RawSection defaults_{std::string(kDefaultSection), {}};
    std::set<std::string> seen_sections_;
    RawSection* section_ = nullptr;
    RawOption* option_ = nullptr;
    std::size_t indent_level_ = 0;
    std::optional<std::size_t> first_error_;
};

}  // namespace

const IniSection* IniFile::find(std::string_view name) const {
    const auto found =
        std::find_if(sections.begin(), sections.end(),
                     [&](const IniSection& section) { return section.name == name; });
    return found == sections.end() ? nullptr : &*found;
}

Result<IniFile> parse_ini(std::string_view text, const std::string& source) {
    return Parser(source).parse(text);
}

Result<std::optional<IniFile>> read_ini_file(const std::string& path) {
    std::error_code error;
    // botocore treats anything but a regular file (after symlinks) as absent.
    if (!std::filesystem::is_regular_file(path, error)) return std::optional<IniFile>();
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(ErrorKind::Io, path + ": cannot be read");
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) return fail(ErrorKind::Io, path + ": cannot be read");
    auto parsed = parse_ini(text.str(), path);
    if (!parsed) return util::unexpected(std::move(parsed.error()));
    return std::optional<IniFile>(std::move(*parsed));
}

}  // namespace repo2s3::aws
