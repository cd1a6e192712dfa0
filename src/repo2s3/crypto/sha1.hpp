#pragma once
// SHA-1, only where another program's file names are made with it (the AWS CLI's IAM Identity
// Center token cache). Never for integrity or signatures.

#include <string>
#include <string_view>

namespace repo2s3::crypto {

/// Lower-case hex SHA-1 of `bytes`.
std::string sha1_hex(std::string_view bytes);

}  // namespace repo2s3::crypto
