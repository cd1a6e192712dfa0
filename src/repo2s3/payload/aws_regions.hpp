#pragma once
// AWS region names a template's BucketRegion may name. Starfleet rejected unknown regions (it
// asked boto3), so a typo fails validation instead of turning into a DNS error at sync time.
// The list is compiled in: the commercial partition (aws), China (aws-cn) and GovCloud
// (aws-us-gov), as published in botocore's endpoints.json (botocore 1.43). The isolated
// partitions (aws-iso*, aws-eusc) are left out: their S3 endpoints live under other domains.
// A region AWS opens later needs a new entry here.

#include <span>
#include <string_view>

namespace repo2s3::payload {

/// True when `region` is one of known_aws_regions() (exact, case-sensitive: AWS names are
/// lower-case).
bool is_known_aws_region(std::string_view region);

/// All known region names, sorted.
std::span<const std::string_view> known_aws_regions();

}  // namespace repo2s3::payload
