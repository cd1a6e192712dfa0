#include "support/rsa_keys.hpp"

#include <openssl/bio.h>
#include <openssl/pem.h>

#include <memory>
#include <sstream>
#include <stdexcept>

namespace repo2s3::testing {
namespace {

struct PkeyFree {
    void operator()(EVP_PKEY* key) const noexcept { EVP_PKEY_free(key); }
};
struct BioFree {
    void operator()(BIO* bio) const noexcept { BIO_free(bio); }
};

}  // namespace

std::string pem_of(EVP_PKEY* key, PemForm form) {
    const std::unique_ptr<BIO, BioFree> bio(BIO_new(BIO_s_mem()));
    int ok = 0;
    switch (form) {
        case PemForm::Pkcs1:
            ok = PEM_write_bio_PrivateKey_traditional(bio.get(), key, nullptr, nullptr, 0, nullptr,
                                                      nullptr);
            break;
        case PemForm::Pkcs8:
            ok = PEM_write_bio_PKCS8PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr,
                                               nullptr);
            break;
        case PemForm::Public:
            ok = PEM_write_bio_PUBKEY(bio.get(), key);
            break;
    }
    if (ok != 1) throw std::runtime_error("PEM write failed");
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return {data, static_cast<std::size_t>(length)};
}

RsaKeyPair make_rsa_key_pair() {
    const std::unique_ptr<EVP_PKEY, PkeyFree> key(EVP_RSA_gen(2048));
    if (!key) throw std::runtime_error("RSA key generation failed");
    return {pem_of(key.get(), PemForm::Pkcs1), pem_of(key.get(), PemForm::Pkcs8),
            pem_of(key.get(), PemForm::Public)};
}

std::string pem_body_line(const std::string& pem) {
    const auto start = pem.find('\n') + 1;
    return pem.substr(start, pem.find('\n', start) - start);
}

::testing::AssertionResult holds_no_key_material(std::string_view text, const std::string& pem) {
    std::istringstream lines(pem);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.starts_with("-----")) continue;
        for (std::size_t i = 0; i + 16 <= line.size(); ++i) {
            if (text.find(line.substr(i, 16)) != std::string_view::npos) {
                return ::testing::AssertionFailure() << "key material in: " << text;
            }
        }
    }
    return ::testing::AssertionSuccess();
}

std::string pem_boundary(const std::string& word, const std::string& label) {
    const std::string dashes(5, '-');
    return dashes + word + " " + label + dashes;
}

}  // namespace repo2s3::testing
