#pragma once
// Writes zip archives for tests, including ones no honest tool would make: entry names are
// stored exactly as given ("../x", "/etc/passwd", "C:\\x"), and symlinks as Unix-mode entries
// the way `git archive` writes them.

#include <filesystem>
#include <string>
#include <vector>

namespace repo2s3::testing {

class ZipBuilder {
  public:
    ZipBuilder& file(std::string name, std::string content);
    ZipBuilder& directory(std::string name);  // the name should end with '/'
    ZipBuilder& symlink(std::string name, std::string target);
    ZipBuilder& comment(std::string text);

    /// Writes the archive (throws std::runtime_error on failure). With no entries, writes the
    /// 22-byte end-of-central-directory record of an empty archive, as libzip would not.
    void write(const std::filesystem::path& path) const;

  private:
    enum class Kind { File, Directory, Symlink };
    struct Entry {
        Kind kind;
        std::string name;
        std::string content;
    };
    std::vector<Entry> entries_;
    std::string comment_;
};

}  // namespace repo2s3::testing
