// SendAll: every write of a turn in one call from JavaScript. Direct writes and fan-outs (one
// buffer to many connections) are laid out per connection in the order they were made, then each
// connection gets one sendmsg (docs/native-transport.md, "Writes").
#include <errno.h>
#include <sys/socket.h>

#include <algorithm>

#include "readiness-loop.h"
#include "uring-sender.h"

namespace switchboard {

namespace {

constexpr size_t kMaxIov = 1024;

// One non-blocking sendmsg of iov[0..n): bytes taken or -errno.
ssize_t SendMsg(int fd, const iovec* iov, size_t n) {
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(iov);
  msg.msg_iovlen = n;
  ssize_t sent;
  do sent = sendmsg(fd, &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
  while (sent < 0 && errno == EINTR);
  return sent >= 0 ? sent : -errno;
}

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
  // Each connection's first kMaxIov chunks as one sendmsg, all of them in one io_uring batch
  // (uring-sender.h); a connection with more chunks that took all of those goes on alone.
  size_t total = 0;
  for (int fd : touched_) total += std::min<size_t>(slots_[fd].pendingCount, kMaxIov);
  batchIov_.resize(total);
  batchMsgs_.assign(touched_.size(), msghdr{});
  batchSent_.resize(touched_.size());
  for (size_t t = 0, at = 0; t < touched_.size(); t++) {
    const Slot& slot = slots_[touched_[t]];
    size_t n = std::min<size_t>(slot.pendingCount, kMaxIov);
    for (size_t k = 0; k < n; k++) batchIov_[at + k] = chunks[order_[slot.pendingStart + k]];
    batchMsgs_[t].msg_iov = &batchIov_[at];
    batchMsgs_[t].msg_iovlen = n;
    at += n;
  }
  uint32_t batched = UringSendMsgEach(touched_.data(), batchMsgs_.data(), static_cast<uint32_t>(touched_.size()),
                                      batchSent_.data());
  for (size_t t = 0; t < touched_.size(); t++) {
    int fd = touched_[t];
    Slot& slot = slots_[fd];
    uint32_t first = slot.pendingStart, count = slot.pendingCount;
    slot.pendingCount = 0;
    const iovec* iov = batchMsgs_[t].msg_iov;
    size_t n = batchMsgs_[t].msg_iovlen;
    ssize_t sent = t < batched && batchSent_[t] != -EINTR ? batchSent_[t] : SendMsg(fd, iov, n);
    size_t from = 0;
    for (;;) {
      size_t offered = 0;
      for (size_t k = 0; k < n; k++) offered += iov[k].iov_len;
      int err = 0;
      if (sent < 0) {
        err = sent == -EAGAIN || sent == -EWOULDBLOCK ? 0 : static_cast<int>(-sent);
        sent = 0;
      }
      Count(fd, sent);
      if (err == 0 && static_cast<size_t>(sent) == offered) {
        from += n;
        if (from == count) break;
        n = count - from < kMaxIov ? count - from : kMaxIov;
        iov_.resize(n);
        for (size_t k = 0; k < n; k++) iov_[k] = chunks[order_[first + from + k]];
        iov = iov_.data();
        sent = SendMsg(fd, iov, n);
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
      while (k < n && left >= iov[k].iov_len) left -= iov[k++].iov_len;
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
