#pragma once
// CloudFront's CreateInvalidation: a signed POST of an InvalidationBatch (REST-XML), as a
// global service (signed for us-east-1), retried on transient failures and throttling.

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "repo2s3/aws/credentials.hpp"
#include "repo2s3/aws/endpoints.hpp"
#include "repo2s3/http/client.hpp"
#include "repo2s3/http/retry.hpp"
#include "repo2s3/util/deadline.hpp"
#include "repo2s3/util/env.hpp"

namespace repo2s3::aws {

struct InvalidationRequest {
    std::string distribution_id;
    /// CloudFront creates one invalidation per reference: a request sent again with the same
    /// reference and paths answers the first one instead of paying for another.
    std::string caller_reference;
    std::vector<std::string> paths;  // URL paths, already encoded as CloudFront wants them
};

struct InvalidationCreated {
    std::string id;
    std::string status;  // "InProgress", "Completed"
};

/// The CreateInvalidation request body.
std::string invalidation_batch_xml(const InvalidationRequest& request);
/// The Invalidation of a CreateInvalidation response, or why the response is unusable.
Result<InvalidationCreated> parse_invalidation_response(std::string_view xml);

/// What a run needs of CloudFront; tests give it a fake.
class CloudFrontApi {
  public:
    virtual ~CloudFrontApi() = default;
    CloudFrontApi() = default;
    CloudFrontApi(const CloudFrontApi&) = delete;
    CloudFrontApi& operator=(const CloudFrontApi&) = delete;
    CloudFrontApi(CloudFrontApi&&) = delete;
    CloudFrontApi& operator=(CloudFrontApi&&) = delete;

    virtual Result<InvalidationCreated> create_invalidation(const InvalidationRequest& request,
                                                            const util::Deadline& deadline) = 0;
};

class CloudFrontClient final : public CloudFrontApi {
  public:
    CloudFrontClient(http::Client& client, std::shared_ptr<CredentialsProvider> credentials,
                     ServiceEndpoint endpoint);

    /// Errors name the distribution: Auth (refused credentials, HTTP 401/403), NotFound
    /// (NoSuchDistribution), RateLimited (throttled, or TooManyInvalidationsInProgress after
    /// the retries), Network (5xx, transport), Http (any other refusal, with its code).
    Result<InvalidationCreated> create_invalidation(const InvalidationRequest& request,
                                                    const util::Deadline& deadline) override;

  private:
    http::Client& client_;
    std::shared_ptr<CredentialsProvider> credentials_;
    ServiceEndpoint endpoint_;
};

}  // namespace repo2s3::aws
