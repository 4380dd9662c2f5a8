#include "send-each.h"

#include <sys/socket.h>

#include <cerrno>
#include <climits>

namespace switchboard {

void SendEach(const void* data, size_t length, const int32_t* fds, uint32_t count, int32_t* sent) {
  // The result must fit an int32: a larger buffer is sent in part, and the caller writes the rest.
  if (length > INT32_MAX) length = INT32_MAX;
  for (uint32_t i = 0; i < count; i++) {
    ssize_t n;
    do n = send(fds[i], data, length, MSG_DONTWAIT | MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    sent[i] = n >= 0 ? static_cast<int32_t>(n) : -errno;
  }
}

}  // namespace switchboard
