#include "repo2s3/aws/credentials_chain.hpp"

#include <utility>

#include "repo2s3/aws/container_credentials.hpp"
#include "repo2s3/aws/environment_credentials.hpp"
#include "repo2s3/aws/instance_metadata_credentials.hpp"
#include "repo2s3/aws/profile_credentials.hpp"
#include "repo2s3/aws/web_identity_credentials.hpp"

namespace repo2s3::aws {

ChainProvider::ChainProvider(std::vector<std::unique_ptr<CredentialsProvider>> providers,
                             Clock clock)
    : providers_(std::move(providers)), clock_(std::move(clock)) {}

std::string ChainProvider::name() const {
    std::string text = "chain (";
    for (std::size_t i = 0; i < providers_.size(); ++i) {
        if (i > 0) text += ", ";
        text += providers_[i]->name();
    }
    return text + ")";
}

bool ChainProvider::fresh(const Credentials& credentials,
                          std::chrono::system_clock::time_point now) const {
    return !credentials.expiration || *credentials.expiration - now > kCredentialsRefreshWindow;
}

Result<Credentials> ChainProvider::credentials() {
    const std::lock_guard lock(mutex_);
    const auto now = clock_();
    if (cached_ && fresh(*cached_, now)) return *cached_;
    if (chosen_) return refresh(now);
    return search();
}

Result<Credentials> ChainProvider::refresh(std::chrono::system_clock::time_point now) {
    CredentialsProvider& provider = *providers_[*chosen_];
    auto renewed = provider.credentials();
    if (renewed) {
        cached_ = *renewed;
        return renewed;
    }
    if (cached_ && (!cached_->expiration || *cached_->expiration > now)) return *cached_;
    cached_.reset();
    return fail(renewed.error().kind, "AWS credentials from " + provider.name() +
                                          " could not be renewed: " + renewed.error().message);
}

Result<Credentials> ChainProvider::search() {
    std::string reasons;
    for (std::size_t i = 0; i < providers_.size(); ++i) {
        CredentialsProvider& provider = *providers_[i];
        auto found = provider.credentials();
        if (found) {
            chosen_ = i;
            cached_ = *found;
            return found;
        }
        const Error& error = found.error();
        if (error.kind != ErrorKind::NotFound) {
            return fail(error.kind, "AWS credentials (" + provider.name() + "): " + error.message);
        }
        if (!reasons.empty()) reasons += "; ";
        reasons += provider.name() + ": " + error.message;
    }
    return fail(ErrorKind::Auth,
                "no AWS credentials found (" + (reasons.empty() ? "no sources" : reasons) +
                    "). Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or select a profile "
                    "of the shared credentials file with AWS_PROFILE");
}

std::string ChainProvider::source_name() {
    const std::lock_guard lock(mutex_);
    return chosen_ ? providers_[*chosen_]->name() : std::string();
}

std::shared_ptr<ChainProvider> default_credentials_chain(const util::EnvLookup& env,
                                                         http::Client& http, Clock clock) {
    const ProviderContext context{env, &http, clock};
    std::vector<std::unique_ptr<CredentialsProvider>> providers;
    providers.push_back(std::make_unique<EnvironmentCredentials>(env));
    providers.push_back(std::make_unique<WebIdentityCredentials>(context));
    providers.push_back(std::make_unique<ProfileCredentials>(context));
    providers.push_back(std::make_unique<ContainerCredentials>(context));
    providers.push_back(std::make_unique<InstanceMetadataCredentials>(context));
    return std::make_shared<ChainProvider>(std::move(providers), std::move(clock));
}

}  // namespace repo2s3::aws
