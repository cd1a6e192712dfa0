#include "repo2s3/alerts/notifier.hpp"

#include <spdlog/spdlog.h>

namespace repo2s3::alerts {

Delivery deliver(Notifier* notifier, Priority level, const Message& message) {
    Delivery delivery;
    if (notifier == nullptr || !should_send(level, message.priority)) return delivery;
    delivery.wanted = true;
    auto posted = notifier->post(message);
    if (!posted) {
        spdlog::error("{} alert not sent to {}: {}", priority_name(message.priority),
                      notifier->destination(), posted.error().message);
        delivery.error = std::move(posted.error());
        return delivery;
    }
    spdlog::info("{} alert sent to {}", priority_name(message.priority), notifier->destination());
    delivery.sent = true;
    return delivery;
}

}  // namespace repo2s3::alerts
