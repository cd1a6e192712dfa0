#pragma once
// Fixed credentials, for tests and tools that are handed keys directly.

#include <utility>

#include "repo2s3/aws/credentials.hpp"

namespace repo2s3::aws {

class StaticProvider final : public CredentialsProvider {
  public:
    explicit StaticProvider(Credentials credentials, std::string name = "static")
        : credentials_(std::move(credentials)), name_(std::move(name)) {}

    std::string name() const override { return name_; }
    Result<Credentials> credentials() override { return credentials_; }

  private:
    Credentials credentials_;
    std::string name_;
};

}  // namespace repo2s3::aws
