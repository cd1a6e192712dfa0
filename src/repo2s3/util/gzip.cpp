#include "repo2s3/util/gzip.hpp"

#include <zlib.h>

#include <array>
#include <climits>
#include <stdexcept>

namespace repo2s3::util {
namespace {

constexpr int kGzipWindowBits = 15 + 16;  // 15-bit window, gzip header and trailer

Bytef* input_bytes(std::string_view data) {
    // zlib's API takes non-const input; it never writes through it.
    return reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
}

}  // namespace

std::string gzip_compress(std::string_view data) {
    z_stream stream{};
    if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, kGzipWindowBits, 8, Z_DEFAULT_STRATEGY) !=
        Z_OK) {
        throw std::runtime_error("zlib: deflateInit2 failed");
    }
    std::string out;
    out.resize(deflateBound(&stream, static_cast<uLong>(data.size())));
    stream.next_in = input_bytes(data);
    stream.avail_in = static_cast<uInt>(data.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    if (status != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    return out;
}

Result<std::string> gzip_decompress(std::string_view compressed, std::size_t max_bytes) {
    if (compressed.size() > UINT_MAX) return fail(ErrorKind::Io, "gzip data too large");
    z_stream stream{};
    if (inflateInit2(&stream, kGzipWindowBits) != Z_OK) {
        return fail(ErrorKind::Io, "zlib: inflateInit2 failed");
    }
    stream.next_in = input_bytes(compressed);
    stream.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    std::array<char, 64 * 1024> chunk{};
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef*>(chunk.data());
        stream.avail_out = static_cast<uInt>(chunk.size());
        status = inflate(&stream, Z_NO_FLUSH);
        if (status != Z_OK && status != Z_STREAM_END) break;
        const std::size_t produced = chunk.size() - stream.avail_out;
        if (out.size() + produced > max_bytes) {
            inflateEnd(&stream);
            return fail(ErrorKind::Io,
                        "gzip data inflates past " + std::to_string(max_bytes) + " bytes");
        }
        out.append(chunk.data(), produced);
        if (status == Z_OK && produced == 0 && stream.avail_in == 0) break;  // truncated
    }
    inflateEnd(&stream);
    if (status != Z_STREAM_END) return fail(ErrorKind::Io, "not a complete gzip stream");
    return out;
}

}  // namespace repo2s3::util
