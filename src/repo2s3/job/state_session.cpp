#include "repo2s3/job/state_session.hpp"

#include <spdlog/spdlog.h>

namespace repo2s3::job {

StateSession::StateSession(state::StateStore* store, state::StateMemory* memory, std::string digest)
    : store_(store), memory_(memory), digest_(std::move(digest)) {}

void StateSession::load() {
    if (store_ == nullptr || loaded_) return;
    loaded_ = true;
    const auto where = store_->where();
    if (memory_ != nullptr) {
        if (auto remembered = memory_->recall(where)) {
            recorded_ = std::move(*remembered);
            return;
        }
    }
    auto bytes = store_->load();
    if (!bytes) {
        unusable_reason_ = "unreadable: " + bytes.error().message;
        spdlog::warn("run state {} {}; running in full", where, unusable_reason_);
        return;
    }
    if (!*bytes) {
        unusable_reason_ = "none recorded yet";
        spdlog::info("no run state at {} yet; running in full", where);
        return;
    }
    auto decoded = state::decode_state(**bytes);
    if (!decoded) {
        unusable_reason_ = decoded.error().message;
        spdlog::warn("{} ({}); running in full", decoded.error().message, where);
        return;
    }
    recorded_ = std::move(*decoded);
}

const state::RunState* StateSession::matching(const std::string& source_version) const {
    if (!recorded_) return nullptr;
    if (recorded_->template_digest != digest_) {
        spdlog::info(
            "run state at {} was made by another template (or another repo2s3); running "
            "in full",
            where());
        return nullptr;
    }
    if (recorded_->source_version != source_version) return nullptr;
    return &*recorded_;
}

bool StateSession::save(state::RunState next) {
    if (store_ == nullptr) return false;
    next.template_digest = digest_;
    auto saved = store_->save(state::encode_state(next));
    const auto where = store_->where();
    if (!saved) {
        spdlog::warn("could not record the run state at {}: {}; the next run runs in full", where,
                     saved.error().message);
        if (memory_ != nullptr) memory_->forget(where);
        return false;
    }
    if (memory_ != nullptr) memory_->remember(where, std::move(next));
    return true;
}

}  // namespace repo2s3::job
