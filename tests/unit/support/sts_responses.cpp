#include "support/sts_responses.hpp"

#include "repo2s3/aws/uri.hpp"
#include "repo2s3/util/timestamp.hpp"

namespace repo2s3::testing {

std::string sts_credentials_xml(const std::string& action, const std::string& access_key_id,
                                std::chrono::system_clock::time_point expiration) {
    return "<" + action + "Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><" +
           action + "Result><Credentials><AccessKeyId>" + access_key_id +
           "</AccessKeyId><SecretAccessKey>" + kStsSecret + "</SecretAccessKey><SessionToken>" +
           kStsSessionToken + "</SessionToken><Expiration>" + util::format_iso8601(expiration) +
           "</Expiration></Credentials></" + action + "Result></" + action + "Response>";
}

std::string sts_error_xml(const std::string& code, const std::string& message) {
    return "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>"
           "Sender</Type><Code>" +
           code + "</Code><Message>" + message +
           "</Message></Error><RequestId>req-1</RequestId></ErrorResponse>";
}

std::map<std::string, std::string> form_fields(const std::string& body) {
    std::map<std::string, std::string> fields;
    std::size_t start = 0;
    while (start <= body.size()) {
        auto end = body.find('&', start);
        if (end == std::string::npos) end = body.size();
        const std::string pair = body.substr(start, end - start);
        const auto equals = pair.find('=');
        if (!pair.empty()) {
            fields[aws::uri_decode(pair.substr(0, equals))] =
                equals == std::string::npos ? "" : aws::uri_decode(pair.substr(equals + 1));
        }
        start = end + 1;
    }
    return fields;
}

}  // namespace repo2s3::testing
