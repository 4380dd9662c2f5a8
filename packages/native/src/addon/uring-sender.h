// A batch of non-blocking sends submitted through io_uring in one syscall (docs/native-transport.md,
// "Batched sends"). On this project's target (a PVM guest) a syscall costs microseconds, and a
// fan-out makes one per receiver: one io_uring_enter for all of them costs ~0.7x the send() loop.
#pragma once

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

namespace switchboard {

// Fewer sends than this stay plain send() calls (one send has no syscall to save).
constexpr uint32_t kUringMinBatch = 2;

// One send of `data` to each of fds[0..count), MSG_DONTWAIT | MSG_NOSIGNAL, as one io_uring batch.
// sent[i] gets the bytes taken or -errno, exactly as the send() loop would; every send has completed
// when it returns. Returns how many leading fds it handled: the caller sends to the rest itself
// (all of them when io_uring is off: SWITCHBOARD_NO_URING=1, or io_uring_setup failed).
uint32_t UringSendEach(const void* data, size_t length, const int32_t* fds, uint32_t count, int32_t* sent);

// The same for sendmsg: msgs[i] to fds[i].
uint32_t UringSendMsgEach(const int* fds, const msghdr* msgs, uint32_t count, int32_t* sent);

// "io_uring", or "off: <why>" (this thread's ring; made on first use).
const char* UringSenderState();

}  // namespace switchboard
