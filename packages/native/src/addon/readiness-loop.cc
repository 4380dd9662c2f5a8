#include "readiness-loop.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

namespace switchboard {

namespace {

constexpr int kMaxEvents = 1024;
constexpr size_t kReadChunk = 64 * 1024;
// Reads per socket per turn: a busy peer cannot starve the others (level-triggered brings it back).
constexpr int kReadsPerTurn = 4;
constexpr int kAcceptsPerTurn = 256;
constexpr size_t kMaxIov = 1024;

uint16_t PortOf(const sockaddr_storage& ss) {
  if (ss.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(ss).sin6_port);
  return ntohs(reinterpret_cast<const sockaddr_in&>(ss).sin_port);
}

napi_value AddressOf(napi_env env, const sockaddr_storage& ss) {
  char text[INET6_ADDRSTRLEN] = "";
  if (ss.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(ss).sin6_addr, text, sizeof text);
  } else {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(ss).sin_addr, text, sizeof text);
  }
  napi_value value;
  napi_create_string_utf8(env, text, NAPI_AUTO_LENGTH, &value);
  return value;
}

void Tune(int fd, const Slot& listener) {
  int on = 1;
  if (listener.noDelay) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  if (listener.keepAliveMs > 0) {
    int idle = static_cast<int>((listener.keepAliveMs + 999) / 1000);
    setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &on, sizeof on);
    setsockopt(fd, IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof idle);
  }
}

}  // namespace

ReadinessLoop::ReadinessLoop(napi_env env, napi_value onBatch) : env_(env), scratch_(kReadChunk) {
  napi_create_reference(env, onBatch, 1, &onBatch_);
  napi_value resource, name;
  napi_create_object(env, &resource);
  napi_create_reference(env, resource, 1, &resource_);
  napi_create_string_utf8(env, "SwitchboardReadinessLoop", NAPI_AUTO_LENGTH, &name);
  napi_async_init(env, resource, name, &context_);
  epfd_ = epoll_create1(EPOLL_CLOEXEC);
  uv_loop_t* loop = nullptr;
  napi_get_uv_event_loop(env, &loop);
  poll_ = new uv_poll_t;
  uv_poll_init(loop, poll_, epfd_);
  poll_->data = this;
}

// The environment is gone by now: close what is still open, but leave libuv alone.
ReadinessLoop::~ReadinessLoop() { CloseSockets(); }

void ReadinessLoop::CloseSockets() {
  for (size_t fd = 0; fd < slots_.size(); fd++) {
    if (slots_[fd].type != kFree) close(static_cast<int>(fd));
    slots_[fd].type = kFree;
  }
  open_ = 0;
  if (epfd_ >= 0) close(epfd_);
  epfd_ = -1;
}

// Environment cleanup (process or worker exit): close every socket, then the poll handle. Node
// waits for `done` before it unloads the addon, so the close callback still has code to run.
void ReadinessLoop::Teardown(napi_async_cleanup_hook_handle done) {
  if (poll_ != nullptr) uv_poll_stop(poll_);
  CloseSockets();
  if (poll_ == nullptr) {
    napi_remove_async_cleanup_hook(done);
    return;
  }
  poll_->data = done;
  uv_close(reinterpret_cast<uv_handle_t*>(poll_), [](uv_handle_t* handle) {
    auto done = static_cast<napi_async_cleanup_hook_handle>(handle->data);
    delete reinterpret_cast<uv_poll_t*>(handle);
    napi_remove_async_cleanup_hook(done);
  });
  poll_ = nullptr;
  polling_ = false;
}

// The poll handle is active (and keeps the process alive) only while a socket is open.
void ReadinessLoop::Track(int delta) {
  open_ += delta;
  if (poll_ == nullptr) return;
  if (open_ > 0 && !polling_) {
    uv_poll_start(poll_, UV_READABLE, OnPoll);
    polling_ = true;
  } else if (open_ == 0 && polling_) {
    uv_poll_stop(poll_);
    polling_ = false;
  }
}

Slot* ReadinessLoop::Find(uint32_t id, SlotType type) {
  uint32_t fd = id & kFdMask;
  if (fd >= slots_.size()) return nullptr;
  Slot& slot = slots_[fd];
  if (slot.type != type || (slot.gen & (0xFFFu)) != (id >> kFdBits)) return nullptr;
  return &slot;
}

int64_t ReadinessLoop::Listen(const char* host, int port, int backlog, bool noDelay, uint32_t keepAliveMs,
                              bool reusePort, int* boundPort) {
  sockaddr_storage ss{};
  socklen_t len;
  auto& v4 = reinterpret_cast<sockaddr_in&>(ss);
  auto& v6 = reinterpret_cast<sockaddr_in6&>(ss);
  if (inet_pton(AF_INET, host, &v4.sin_addr) == 1) {
    v4.sin_family = AF_INET;
    v4.sin_port = htons(port);
    len = sizeof v4;
  } else if (inet_pton(AF_INET6, host, &v6.sin6_addr) == 1) {
    v6.sin6_family = AF_INET6;
    v6.sin6_port = htons(port);
    len = sizeof v6;
  } else {
    return -EINVAL;
  }
  int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -errno;
  int on = 1, off = 0;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
  if (reusePort) setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &on, sizeof on);
  if (ss.ss_family == AF_INET6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof off);
  if (bind(fd, reinterpret_cast<sockaddr*>(&ss), len) < 0 || listen(fd, backlog) < 0 ||
      static_cast<uint32_t>(fd) > kFdMask) {
    int err = static_cast<uint32_t>(fd) > kFdMask ? EMFILE : errno;
    close(fd);
    return -err;
  }
  len = sizeof ss;
  getsockname(fd, reinterpret_cast<sockaddr*>(&ss), &len);
  *boundPort = PortOf(ss);
  if (slots_.size() <= static_cast<size_t>(fd)) slots_.resize(fd + 1);
  Slot& slot = slots_[fd];
  slot = Slot{kListener, false, true, false, noDelay, slot.gen + 1, keepAliveMs};
  Track(1);
  Apply(fd, slot);
  return IdOf(fd);
}

// Brings the epoll registration in line with what the slot wants.
int ReadinessLoop::Apply(int fd, Slot& slot) {
  epoll_event ev{};
  ev.data.fd = fd;
  if (slot.reading) ev.events |= slot.type == kConnection ? EPOLLIN | EPOLLRDHUP : EPOLLIN;
  if (slot.writing) ev.events |= EPOLLOUT;
  int rc = epoll_ctl(epfd_, slot.registered ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, fd, &ev);
  if (rc == 0) slot.registered = true;
  return rc == 0 ? 0 : -errno;
}

int ReadinessLoop::SetInterest(uint32_t id, bool read, bool write) {
  Slot* slot = Find(id, kConnection);
  if (slot == nullptr) return -EBADF;
  if (slot->registered && slot->reading == read && slot->writing == write) return 0;
  slot->reading = read;
  slot->writing = write;
  return Apply(static_cast<int>(id & kFdMask), *slot);
}

int ReadinessLoop::ResumeListener(uint32_t id) {
  Slot* slot = Find(id, kListener);
  if (slot == nullptr) return -EBADF;
  slot->reading = true;
  return Apply(static_cast<int>(id & kFdMask), *slot);
}

int ReadinessLoop::Send(uint32_t id, const std::vector<iovec>& chunks) {
  Slot* slot = Find(id, kConnection);
  if (slot == nullptr) return -EBADF;
  msghdr msg{};
  msg.msg_iov = const_cast<iovec*>(chunks.data());
  msg.msg_iovlen = chunks.size() < kMaxIov ? chunks.size() : kMaxIov;
  for (;;) {
    ssize_t sent = sendmsg(static_cast<int>(id & kFdMask), &msg, MSG_NOSIGNAL | MSG_DONTWAIT);
    Count(static_cast<int>(id & kFdMask), sent);
    if (sent >= 0) return static_cast<int>(sent);
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
  }
}

int ReadinessLoop::Shutdown(uint32_t id) {
  if (Find(id, kConnection) == nullptr) return -EBADF;
  return shutdown(static_cast<int>(id & kFdMask), SHUT_WR) == 0 ? 0 : -errno;
}

int ReadinessLoop::Close(uint32_t id) {
  Slot* slot = Find(id, kConnection);
  if (slot == nullptr) slot = Find(id, kListener);
  if (slot == nullptr) return -EBADF;
  // close() removes the fd from the epoll set.
  close(static_cast<int>(id & kFdMask));
  slot->type = kFree;
  slot->registered = false;
  Track(-1);
  return 0;
}

void ReadinessLoop::OnPoll(uv_poll_t* handle, int status, int) {
  if (status < 0) return;
  static_cast<ReadinessLoop*>(handle->data)->Turn();
}

void ReadinessLoop::Turn() {
  napi_handle_scope scope;
  napi_open_handle_scope(env_, &scope);
  napi_create_array(env_, &values_);
  valueCount_ = 0;
  records_.clear();
  bytes_.clear();
  epoll_event events[kMaxEvents];
  int n = epoll_wait(epfd_, events, kMaxEvents, 0);
  for (int i = 0; i < n; i++) {
    int fd = events[i].data.fd;
    Slot& slot = slots_[fd];
    uint32_t ev = events[i].events;
    if (slot.type == kListener) {
      Accept(fd, slot);
      continue;
    }
    if (slot.type != kConnection) continue;
    if ((ev & EPOLLOUT) && slot.writing) {
      slot.writing = false;
      Apply(fd, slot);
      Push(kWritable, IdOf(fd));
    }
    if (slot.reading && (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))) {
      Read(fd, slot);
    } else if (slot.type == kConnection && (ev & (EPOLLHUP | EPOLLERR))) {
      Hangup(fd, slot);
    }
  }
  if (!records_.empty()) Deliver();
  napi_close_handle_scope(env_, scope);
}

void ReadinessLoop::Accept(int listenFd, Slot& listener) {
  uint32_t listenerId = IdOf(listenFd);
  for (int i = 0; i < kAcceptsPerTurn; i++) {
    sockaddr_storage remote{};
    socklen_t len = sizeof remote;
    int fd = accept4(listenFd, reinterpret_cast<sockaddr*>(&remote), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      // Out of descriptors: a level-triggered listener would spin, so it waits for JavaScript to re-arm it.
      int err = errno;
      listener.reading = false;
      Apply(listenFd, listener);
      Push(kListenerPaused, listenerId, static_cast<uint32_t>(err));
      return;
    }
    if (static_cast<uint32_t>(fd) > kFdMask) {
      close(fd);
      continue;
    }
    Tune(fd, listener);
    sockaddr_storage local{};
    len = sizeof local;
    getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len);
    if (slots_.size() <= static_cast<size_t>(fd)) slots_.resize(fd + 1);
    Slot& slot = slots_[fd];
    slot = Slot{kConnection, false, true, false, listener.noDelay, (slot.gen + 1) & 0xFFFu, 0};
    Track(1);
    Apply(fd, slot);
    Push(kAccept, IdOf(fd), listenerId, PortOf(remote) | static_cast<uint32_t>(PortOf(local)) << 16);
    PushValue(AddressOf(env_, remote));
    PushValue(AddressOf(env_, local));
  }
}

void ReadinessLoop::Read(int fd, Slot& slot) {
  for (int i = 0; i < kReadsPerTurn; i++) {
    ssize_t n = recv(fd, scratch_.data(), scratch_.size(), MSG_DONTWAIT);
    if (n > 0) {
      // Every read of the turn goes into one new ArrayBuffer (Deliver): JavaScript gets views of it
      // it may keep (codecs holding partial frames do), and the turn costs one allocation, not one per read.
      Push(kData, IdOf(fd), static_cast<uint32_t>(bytes_.size()), static_cast<uint32_t>(n));
      bytes_.insert(bytes_.end(), scratch_.data(), scratch_.data() + n);
      if (static_cast<size_t>(n) < scratch_.size()) return;
      continue;
    }
    if (n == 0) {
      slot.reading = false;
      Apply(fd, slot);
      Push(kEnd, IdOf(fd));
      return;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) Fail(fd, errno);
    return;
  }
}

// HUP or ERR on a socket we are not reading: report a pending error, else stop listening for it
// (level-triggered, it would fire every turn) until interest changes.
void ReadinessLoop::Hangup(int fd, Slot& slot) {
  int err = 0;
  socklen_t len = sizeof err;
  getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) return Fail(fd, err);
  epoll_ctl(epfd_, EPOLL_CTL_DEL, fd, nullptr);
  slot.registered = false;
  slot.reading = slot.writing = false;
}

void ReadinessLoop::Fail(int fd, int err) {
  uint32_t id = IdOf(fd);
  Close(id);
  Push(kError, id, static_cast<uint32_t>(err));
}

void ReadinessLoop::Push(uint32_t kind, uint32_t id, uint32_t a, uint32_t b) {
  records_.insert(records_.end(), {kind, id, a, b});
}

void ReadinessLoop::PushValue(napi_value value) { napi_set_element(env_, values_, valueCount_++, value); }

// One call into JavaScript for the whole turn; microtasks and nextTicks run when it returns.
void ReadinessLoop::Deliver() {
  size_t bytes = records_.size() * sizeof(uint32_t);
  void* data = nullptr;
  napi_value arrayBuffer, records, callback, recv, result;
  napi_create_arraybuffer(env_, bytes, &data, &arrayBuffer);
  std::memcpy(data, records_.data(), bytes);
  napi_create_typedarray(env_, napi_uint32_array, records_.size(), arrayBuffer, 0, &records);
  napi_value slab;
  void* slabData = nullptr;
  napi_create_arraybuffer(env_, bytes_.size(), &slabData, &slab);
  if (!bytes_.empty()) std::memcpy(slabData, bytes_.data(), bytes_.size());
  napi_get_reference_value(env_, onBatch_, &callback);
  napi_get_reference_value(env_, resource_, &recv);
  napi_value argv[3] = {records, values_, slab};
  if (napi_make_callback(env_, context_, recv, callback, 3, argv, &result) == napi_pending_exception) {
    napi_value error;
    napi_get_and_clear_last_exception(env_, &error);
    napi_fatal_exception(env_, error);
  }
}

}  // namespace switchboard
