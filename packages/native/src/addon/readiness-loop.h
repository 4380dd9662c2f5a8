// One epoll set per Node environment, polled by libuv as a single fd. Each loop turn drains every
// ready socket and hands JavaScript the whole turn as one batch (see docs/native-transport.md).
#pragma once

#include <node_api.h>
#include <uv.h>

#include <cstdint>
#include <vector>

namespace switchboard {

// Batch records are four uint32s: kind, id, a, b; values (accepted addresses) and the turn's
// read bytes (one ArrayBuffer) come with them.
enum Kind : uint32_t {
  kAccept = 1,          // id = connection, a = listener, b = remotePort | localPort << 16; 2 strings
  kData = 2,            // id = connection, a = offset, b = length in the turn's ArrayBuffer
  kEnd = 3,             // peer sent FIN; reading stopped
  kError = 4,           // a = errno; the socket is already closed
  kWritable = 5,        // EPOLLOUT fired on a connection that asked for it
  kListenerPaused = 6,  // id = listener, a = errno (EMFILE…); resumeListener() re-arms it
};

enum SlotType : uint8_t { kFree = 0, kListener = 1, kConnection = 2 };

// Per-fd state. Ids carry a generation so a stale id never reaches a reused fd.
struct Slot {
  SlotType type = kFree;
  bool registered = false;
  bool reading = false;
  bool writing = false;
  bool noDelay = true;
  uint32_t gen = 0;
  uint32_t keepAliveMs = 0;
  // SendAll's bookkeeping: this connection's share of the turn's writes.
  uint32_t pendingCount = 0;
  uint32_t pendingStart = 0;
};

// SendAll's program: the turn's writes in the order they were made (native-loop.ts builds it).
enum Op : uint32_t {
  kOpDirect = 1,  // id, chunk: one connection's write
  kOpFanOut = 2,  // chunk, members (a Uint32Array of ids among the chunks), count, except id: one write to many
};
constexpr uint32_t kNoConnection = 0xFFFFFFFFu;

constexpr int kFdBits = 20;
constexpr uint32_t kFdMask = (1u << kFdBits) - 1;

class ReadinessLoop {
 public:
  ReadinessLoop(napi_env env, napi_value onBatch);
  ~ReadinessLoop();

  // Returns the listener id or -errno; *port gets the bound port. reusePort: SO_REUSEPORT, so that
  // each --workers process binds its own socket on the shared port.
  int64_t Listen(const char* host, int port, int backlog, bool noDelay, uint32_t keepAliveMs, bool reusePort,
                 int* boundPort);
  int Send(uint32_t id, const std::vector<iovec>& chunks);  // bytes sent, 0 on EAGAIN, -errno
  // Runs a program of writes (Op) over `chunks`, one sendmsg per connection. `unsent` gets, per
  // connection the kernel did not take everything from: id, errno (0: it would block), count, then
  // count pairs of (chunk, offset) still to send, in order.
  void SendAll(const uint32_t* ops, size_t length, const std::vector<iovec>& chunks, std::vector<uint32_t>& unsent);
  // Bytes sent per descriptor are added to `table` (a Float64Array the JavaScript side reads).
  void CountWrites(double* table, size_t length) {
    written_ = table;
    writtenLength_ = length;
  }
  int Shutdown(uint32_t id);
  int Close(uint32_t id);
  int SetInterest(uint32_t id, bool read, bool write);
  int ResumeListener(uint32_t id);
  uint32_t open() const { return open_; }
  void Teardown(napi_async_cleanup_hook_handle done);

 private:
  static void OnPoll(uv_poll_t* handle, int status, int events);
  void CloseSockets();
  void Turn();
  void Accept(int fd, Slot& listener);
  void Read(int fd, Slot& slot);
  void Hangup(int fd, Slot& slot);
  void Fail(int fd, int err);
  int Apply(int fd, Slot& slot);
  void Track(int delta);
  Slot* Find(uint32_t id, SlotType type);
  uint32_t IdOf(int fd) const { return (slots_[fd].gen << kFdBits) | static_cast<uint32_t>(fd); }
  void Push(uint32_t kind, uint32_t id, uint32_t a = 0, uint32_t b = 0);
  void PushValue(napi_value value);
  void Deliver();
  void Count(int fd, ssize_t sent) {
    if (sent > 0 && static_cast<size_t>(fd) < writtenLength_) written_[fd] += static_cast<double>(sent);
  }
  int SendPending(int fd, const std::vector<iovec>& chunks, std::vector<uint32_t>& unsent);

  napi_env env_;
  napi_ref onBatch_ = nullptr;
  napi_ref resource_ = nullptr;
  napi_async_context context_ = nullptr;
  int epfd_ = -1;
  uv_poll_t* poll_ = nullptr;
  bool polling_ = false;
  uint32_t open_ = 0;
  std::vector<Slot> slots_;
  std::vector<uint32_t> records_;
  napi_value values_ = nullptr;
  uint32_t valueCount_ = 0;
  std::vector<char> scratch_;
  std::vector<char> bytes_;  // the turn's reads, copied into one ArrayBuffer for JavaScript
  double* written_ = nullptr;
  size_t writtenLength_ = 0;
  std::vector<int> touched_;        // SendAll: connections written to, in first-write order
  std::vector<uint32_t> entries_;   // SendAll: (fd, chunk) pairs in program order
  std::vector<uint32_t> order_;     // SendAll: chunks grouped by connection
  std::vector<iovec> iov_;
  std::vector<iovec> batchIov_;     // SendAll: each connection's first sendmsg, one batch for all
  std::vector<msghdr> batchMsgs_;
  std::vector<int32_t> batchSent_;
};

}  // namespace switchboard
