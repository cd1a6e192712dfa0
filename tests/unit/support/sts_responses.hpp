#pragma once
// STS query-protocol documents and form bodies, for tests of the providers that call STS.

#include <chrono>
#include <map>
#include <string>

namespace repo2s3::testing {

/// The secret key every stand-in document below carries; tests check it never leaks.
inline constexpr const char* kStsSecret = "stsSECRETwJalrXUtnFEMI/K7MDENGbPxRfiCY";
inline constexpr const char* kStsSessionToken = "stsTOKEN//FwoGZXIvYXdzEJr";

/// A successful <{action}Response> whose credentials have `access_key_id`, kStsSecret,
/// kStsSessionToken and `expiration`.
std::string sts_credentials_xml(const std::string& action, const std::string& access_key_id,
                                std::chrono::system_clock::time_point expiration);

/// An STS <ErrorResponse>.
std::string sts_error_xml(const std::string& code, const std::string& message);

/// The fields of an application/x-www-form-urlencoded body, decoded.
std::map<std::string, std::string> form_fields(const std::string& body);

}  // namespace repo2s3::testing
