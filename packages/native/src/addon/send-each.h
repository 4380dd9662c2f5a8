// One buffer to many sockets the JavaScript transport owns (node:net, ws), no readiness loop needed.
#pragma once

#include <cstddef>
#include <cstdint>

namespace switchboard {

// For each of `count` descriptors, one non-blocking send of `data` (MSG_DONTWAIT | MSG_NOSIGNAL,
// retried on EINTR); sent[i] gets the bytes the kernel took or -errno (-EAGAIN when it would block).
void SendEach(const void* data, size_t length, const int32_t* fds, uint32_t count, int32_t* sent);

}  // namespace switchboard
