// SendAll: every write of a turn in one call from JavaScript. Direct writes and fan-outs (one
// buffer to many connections) are laid out per connection in the order they were made, then each
// connection gets one sendmsg (docs/native-transport.md, "Writes").
#include <errno.h>
#include <sys/socket.h>

#include "readiness-loop.h"

namespace switchboard {

namespace {

constexpr size_t kMaxIov = 1024;

}  // namespace

void ReadinessLoop::SendAll(const uint32_t* ops, size_t length, const std::vector<iovec>& chunks,
                            std::vector<uint32_t>& unsent) {
  entries_.clear();
  touched_.clear();
  auto add = [&](uint32_t id, uint32_t chunk) {
    // A connection closed since the write (or its descriptor reused) gets nothing.
    Slot* slot = Find(id, kConnection);
    if (slot == nullptr) return;
    int fd = static_cast<int>(id & kFdMask);
    if (slot->pendingCount++ == 0) touched_.push_back(fd);
    entries_.push_back(static_cast<uint32_t>(fd));
    entries_.push_back(chunk);
  };
  for (size_t i = 0; i < length;) {
    uint32_t op = ops[i];
    if (op == kOpDirect && i + 3 <= length) {
      if (ops[i + 2] < chunks.size()) add(ops[i + 1], ops[i + 2]);
      i += 3;
    } else if (op == kOpFanOut && i + 5 <= length) {
      uint32_t chunk = ops[i + 1], members = ops[i + 2], count = ops[i + 3], except = ops[i + 4];
      i += 5;
      if (chunk >= chunks.size() || members >= chunks.size()) continue;
      const iovec& list = chunks[members];
      if (count > list.iov_len / sizeof(uint32_t)) count = static_cast<uint32_t>(list.iov_len / sizeof(uint32_t));
      const uint32_t* ids = static_cast<const uint32_t*>(list.iov_base);
      for (uint32_t m = 0; m < count; m++) {
        if (ids[m] != except) add(ids[m], chunk);
      }
    } else {
      break;  // a malformed program: what was read so far still goes out
    }
  }
  // Group the chunks by connection, keeping each connection's order (a counting sort).
  uint32_t start = 0;
  for (int fd : touched_) {
    Slot& slot = slots_[fd];
    slot.pendingStart = start;
    start += slot.pendingCount;
    slot.pendingCount = 0;
  }
  order_.resize(start);
  for (size_t e = 0; e < entries_.size(); e += 2) {
    Slot& slot = slots_[entries_[e]];
    order_[slot.pendingStart + slot.pendingCount++] = entries_[e + 1];
  }
  for (int fd : touched_) {
    Slot& slot = slots_[fd];
    uint32_t first = slot.pendingStart, count = slot.pendingCount;
    slot.pendingCount = 0;
    size_t from = 0;
    while (from < count) {
      size_t n = count - from < kMaxIov ? count - from : kMaxIov;
      iov_.resize(n);
      size_t offered = 0;
      for (size_t k = 0; k < n; k++) {
        iov_[k] = chunks[order_[first + from + k]];
        offered += iov_[k].iov_len;
      }
      msghdr msg{};
      msg.msg_iov = iov_.data();
      msg.msg_iovlen = n;
      ssize_t sent;
      do {
        sent = sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
      } while (sent < 0 && errno == EINTR);
      int err = 0;
      if (sent < 0) {
        err = errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
        sent = 0;
      }
      Count(fd, sent);
      if (err == 0 && static_cast<size_t>(sent) == offered) {
        from += n;
        continue;
      }
      // The kernel stopped here: report the rest (or the error) for JavaScript to queue (or fail).
      unsent.push_back(IdOf(fd));
      unsent.push_back(static_cast<uint32_t>(err));
      if (err != 0) {
        unsent.push_back(0);
        break;
      }
      size_t k = 0;
      size_t left = static_cast<size_t>(sent);
      while (k < n && left >= iov_[k].iov_len) left -= iov_[k++].iov_len;
      unsent.push_back(static_cast<uint32_t>(count - from - k));
      for (size_t r = from + k; r < count; r++) {
        unsent.push_back(order_[first + r]);
        unsent.push_back(r == from + k ? static_cast<uint32_t>(left) : 0);
      }
      break;
    }
  }
}

}  // namespace switchboard
