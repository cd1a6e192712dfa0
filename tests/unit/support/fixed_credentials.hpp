#pragma once
// A CredentialsProvider that always answers the same (or always fails), counting its calls.

#include <atomic>

#include "repo2s3/aws/credentials.hpp"

namespace repo2s3::testing {

class FixedCredentialsProvider final : public aws::CredentialsProvider {
  public:
    explicit FixedCredentialsProvider(aws::Credentials credentials)
        : credentials_(std::move(credentials)) {}
    /// The example key pair from the AWS documentation.
    FixedCredentialsProvider()
        : FixedCredentialsProvider(
              {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt}) {}

    std::string name() const override { return "fixed"; }
    Result<aws::Credentials> credentials() override {
        ++calls;
        if (fail_with) return fail(ErrorKind::Auth, *fail_with);
        return credentials_;
    }

    std::optional<std::string> fail_with;
    std::atomic<int> calls{0};

  private:
    aws::Credentials credentials_;
};

}  // namespace repo2s3::testing
