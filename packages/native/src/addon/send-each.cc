#include "send-each.h"

#include <sys/socket.h>

#include <cerrno>
#include <climits>

#include "uring-sender.h"

namespace switchboard {

namespace {

int32_t SendOne(int fd, const void* data, size_t length) {
  ssize_t n;
  do n = send(fd, data, length, MSG_DONTWAIT | MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  return n >= 0 ? static_cast<int32_t>(n) : -errno;
}

}  // namespace

void SendEach(const void* data, size_t length, const int32_t* fds, uint32_t count, int32_t* sent) {
  // The result must fit an int32: a larger buffer is sent in part, and the caller writes the rest.
  if (length > INT32_MAX) length = INT32_MAX;
  // Many receivers: one io_uring_enter for all (uring-sender.h); what it did not do, one send each.
  uint32_t batched = UringSendEach(data, length, fds, count, sent);
  for (uint32_t i = 0; i < batched; i++) {
    if (sent[i] == -EINTR) sent[i] = SendOne(fds[i], data, length);
  }
  for (uint32_t i = batched; i < count; i++) sent[i] = SendOne(fds[i], data, length);
}

}  // namespace switchboard
