#pragma once
// Where to send requests for an AWS service, and the default region, from the standard
// environment variables: the service-specific AWS_ENDPOINT_URL_<SERVICE>, else
// AWS_ENDPOINT_URL, else AWS's regional endpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true
// ignores both variables, as in botocore.

#include <optional>
#include <string>

#include "repo2s3/util/env.hpp"
#include "repo2s3/util/error.hpp"

namespace repo2s3::aws {

struct ServiceEndpoint {
    std::string url;  // scheme://host[:port][/path], never with a trailing '/'
    /// S3 only: true puts the bucket in the path (custom endpoints), false in the host name.
    bool path_style = false;
};

/// AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL (path-style), else
/// https://s3.<region>.amazonaws.com (amazonaws.com.cn for cn-* regions; virtual-hosted).
/// Errors: ErrorKind::Usage naming the variable when a custom URL is not http(s) with a host
/// (user info, query and fragment are refused too), or when the region is not a region name.
Result<ServiceEndpoint> s3_endpoint(const std::string& region, const util::EnvLookup& env);

/// AWS_ENDPOINT_URL_SECRETS_MANAGER, else AWS_ENDPOINT_URL, else
/// https://secretsmanager.<region>.amazonaws.com (.cn for cn-* regions). Errors as above.
Result<ServiceEndpoint> secrets_manager_endpoint(const std::string& region,
                                                 const util::EnvLookup& env);

/// AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else https://sts.<region>.amazonaws.com (the
/// regional endpoint; .cn for cn-* regions). Errors as above.
Result<ServiceEndpoint> sts_endpoint(const std::string& region, const util::EnvLookup& env);

/// AWS_ENDPOINT_URL_SQS, else AWS_ENDPOINT_URL, else https://sqs.<region>.amazonaws.com (.cn
/// for cn-* regions). Errors as above.
Result<ServiceEndpoint> sqs_endpoint(const std::string& region, const util::EnvLookup& env);
/// The IAM Identity Center portal: AWS_ENDPOINT_URL_SSO, else AWS_ENDPOINT_URL, else
/// https://portal.sso.<region>.amazonaws.com (.cn for cn-* regions). Errors as above.
Result<ServiceEndpoint> sso_portal_endpoint(const std::string& region, const util::EnvLookup& env);
/// CloudFront (global): AWS_ENDPOINT_URL_CLOUDFRONT, AWS_ENDPOINT_URL, or its one endpoint.
Result<ServiceEndpoint> cloudfront_endpoint(const util::EnvLookup& env);

/// AWS_REGION, else AWS_DEFAULT_REGION.
std::optional<std::string> default_region(const util::EnvLookup& env);

}  // namespace repo2s3::aws
