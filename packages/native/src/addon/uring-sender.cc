// The ring behind UringSendEach: raw io_uring_setup / mmap / io_uring_enter (no liburing). One ring
// per thread, made on first use, closed when the thread ends; a forked child drops its copy (the
// parent's ring) and makes its own. With MSG_DONTWAIT the kernel completes each send during the
// submitting io_uring_enter (a full socket gives -EAGAIN, no poll is armed), so a batch leaves
// nothing in flight; should a kernel hold one for later anyway, it is cancelled and the ring retired.
#include "uring-sender.h"

#include <linux/io_uring.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>

namespace switchboard {

namespace {

constexpr unsigned kEntries = 256;       // sends per io_uring_enter; a larger batch takes several
constexpr int32_t kPending = INT32_MIN;  // a result whose completion has not been seen yet
constexpr uint64_t kCancelTag = ~0ull;   // user_data of a cancel request

class Ring {
 public:
  ~Ring() { Close(); }

  // Makes the ring on first call; false when io_uring is off for this thread (for good).
  bool Ready();

  // Submits `count` SQEs made by fill(sqe, i), at most kEntries per io_uring_enter, and puts each
  // completion's result in results[i]. Returns how many leading entries completed.
  template <typename Fill>
  uint32_t Run(uint32_t count, const Fill& fill, int32_t* results);

  const char* state() const { return state_ == kReady ? "io_uring" : reason_.c_str(); }

  // In a forked child: the inherited ring is the parent's (its submitter); let go of our copy.
  void Abandon();

 private:
  enum State { kUntried, kReady, kOff };

  int Open(unsigned flags);
  void Off(const char* why, int err);
  void Close();
  int Enter(unsigned toSubmit, unsigned minComplete, unsigned flags) {
    return static_cast<int>(syscall(__NR_io_uring_enter, fd_, toSubmit, minComplete, flags, nullptr, 0));
  }
  uint32_t Reap(int32_t* results, uint32_t* cancels);
  void Drain(int32_t* results, uint32_t submitted);

  State state_ = kUntried;
  std::string reason_ = "off: not made yet";
  int fd_ = -1;
  void* rings_ = MAP_FAILED;
  size_t ringsLength_ = 0;
  io_uring_sqe* sqes_ = static_cast<io_uring_sqe*>(MAP_FAILED);
  size_t sqesLength_ = 0;
  unsigned *sqTail_ = nullptr, *cqHead_ = nullptr, *cqTail_ = nullptr;
  unsigned sqMask_ = 0, cqMask_ = 0, sqEntries_ = 0;
  io_uring_cqe* cqes_ = nullptr;
};

thread_local Ring ring;

void AbandonAfterFork() { ring.Abandon(); }

bool Ring::Ready() {
  if (state_ != kUntried) return state_ == kReady;
  const char* no = getenv("SWITCHBOARD_NO_URING");
  if (no != nullptr && no[0] != '\0' && strcmp(no, "0") != 0) {
    Off("SWITCHBOARD_NO_URING", 0);
    return false;
  }
  int err = Open(IORING_SETUP_SUBMIT_ALL | IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
  if (err == EINVAL) err = Open(0);  // a kernel before 6.1: the flags are optimizations only
  if (err != 0) {
    Off("io_uring_setup", err);
    return false;
  }
  static std::once_flag forkHandler;
  std::call_once(forkHandler, [] { pthread_atfork(nullptr, nullptr, AbandonAfterFork); });
  state_ = kReady;
  return true;
}

int Ring::Open(unsigned flags) {
  io_uring_params p;
  memset(&p, 0, sizeof p);
  p.flags = flags;
  fd_ = static_cast<int>(syscall(__NR_io_uring_setup, kEntries, &p));
  if (fd_ < 0) {
    fd_ = -1;
    return errno;
  }
  if (!(p.features & IORING_FEAT_SINGLE_MMAP)) {
    Close();
    return ENOSYS;
  }
  ringsLength_ = std::max(p.sq_off.array + p.sq_entries * sizeof(unsigned),
                          p.cq_off.cqes + p.cq_entries * sizeof(io_uring_cqe));
  rings_ = mmap(nullptr, ringsLength_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_, IORING_OFF_SQ_RING);
  sqesLength_ = p.sq_entries * sizeof(io_uring_sqe);
  sqes_ = static_cast<io_uring_sqe*>(
      mmap(nullptr, sqesLength_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd_, IORING_OFF_SQES));
  if (rings_ == MAP_FAILED || sqes_ == MAP_FAILED) {
    int err = errno;
    Close();
    return err;
  }
  char* base = static_cast<char*>(rings_);
  sqTail_ = reinterpret_cast<unsigned*>(base + p.sq_off.tail);
  sqMask_ = *reinterpret_cast<unsigned*>(base + p.sq_off.ring_mask);
  sqEntries_ = p.sq_entries;
  cqHead_ = reinterpret_cast<unsigned*>(base + p.cq_off.head);
  cqTail_ = reinterpret_cast<unsigned*>(base + p.cq_off.tail);
  cqMask_ = *reinterpret_cast<unsigned*>(base + p.cq_off.ring_mask);
  cqes_ = reinterpret_cast<io_uring_cqe*>(base + p.cq_off.cqes);
  // SQ slot i always holds SQE i: the ring is filled in order and emptied by every enter.
  unsigned* array = reinterpret_cast<unsigned*>(base + p.sq_off.array);
  for (unsigned i = 0; i < p.sq_entries; i++) array[i] = i;
  return 0;
}

void Ring::Off(const char* why, int err) {
  reason_ = std::string("off: ") + why + (err != 0 ? std::string(": ") + strerror(err) : "");
  Close();
  state_ = kOff;
}

void Ring::Close() {
  if (sqes_ != MAP_FAILED) munmap(sqes_, sqesLength_);
  if (rings_ != MAP_FAILED) munmap(rings_, ringsLength_);
  if (fd_ >= 0) close(fd_);
  sqes_ = static_cast<io_uring_sqe*>(MAP_FAILED);
  rings_ = MAP_FAILED;
  fd_ = -1;
}

void Ring::Abandon() {
  if (state_ != kReady) return;
  Close();  // the child's mappings and descriptor only: the parent's ring lives on
  state_ = kUntried;
}

template <typename Fill>
uint32_t Ring::Run(uint32_t count, const Fill& fill, int32_t* results) {
  uint32_t done = 0;
  while (done < count && state_ == kReady) {
    uint32_t batch = std::min(count - done, sqEntries_);
    unsigned tail = *sqTail_;
    for (uint32_t k = 0; k < batch; k++) {
      io_uring_sqe* sqe = &sqes_[(tail + k) & sqMask_];
      memset(sqe, 0, sizeof *sqe);
      fill(sqe, done + k);
      sqe->user_data = k;
      results[done + k] = kPending;
    }
    __atomic_store_n(sqTail_, tail + batch, __ATOMIC_RELEASE);
    int submitted;
    do submitted = Enter(batch, 0, 0);
    while (submitted < 0 && errno == EINTR);
    if (submitted < 0) {
      __atomic_store_n(sqTail_, tail, __ATOMIC_RELEASE);
      Off("io_uring_enter", errno);
      break;
    }
    // Not all taken (a kernel without IORING_SETUP_SUBMIT_ALL stops at a bad SQE): take back the rest.
    if (static_cast<uint32_t>(submitted) < batch) __atomic_store_n(sqTail_, tail + submitted, __ATOMIC_RELEASE);
    uint32_t cancels = 0;
    uint32_t seen = Reap(results + done, &cancels);
    if (seen < static_cast<uint32_t>(submitted)) {
      Drain(results + done, submitted);
      Off("a send did not complete during io_uring_enter", 0);
    }
    done += submitted;
    if (submitted == 0) break;
  }
  return done;
}

// Moves every completion there is into results (by user_data); counts cancel completions apart.
uint32_t Ring::Reap(int32_t* results, uint32_t* cancels) {
  unsigned head = *cqHead_;
  unsigned tail = __atomic_load_n(cqTail_, __ATOMIC_ACQUIRE);
  uint32_t seen = 0;
  for (; head != tail; head++) {
    const io_uring_cqe& cqe = cqes_[head & cqMask_];
    if (cqe.user_data == kCancelTag) {
      ++*cancels;
    } else {
      results[cqe.user_data] = cqe.res;
      seen++;
    }
  }
  __atomic_store_n(cqHead_, head, __ATOMIC_RELEASE);
  return seen;
}

// Sends the kernel kept for later (it armed a poll in spite of MSG_DONTWAIT): cancel each and wait for
// every completion, so none is in flight when the call returns. A cancelled send sent nothing.
void Ring::Drain(int32_t* results, uint32_t submitted) {
  unsigned tail = *sqTail_;
  uint32_t pending = 0;
  for (uint32_t i = 0; i < submitted; i++) {
    if (results[i] != kPending) continue;
    io_uring_sqe* sqe = &sqes_[(tail + pending) & sqMask_];
    memset(sqe, 0, sizeof *sqe);
    sqe->opcode = IORING_OP_ASYNC_CANCEL;
    sqe->fd = -1;
    sqe->addr = i;
    sqe->user_data = kCancelTag;
    pending++;
  }
  __atomic_store_n(sqTail_, tail + pending, __ATOMIC_RELEASE);
  uint32_t cancels = 0, toSubmit = pending, sends = pending;
  while (sends > 0 || cancels < pending) {
    int r = Enter(toSubmit, 1, IORING_ENTER_GETEVENTS);
    if (r < 0 && errno != EINTR) break;  // closing the ring (Off) cancels what is left
    if (r > 0) toSubmit -= std::min<uint32_t>(toSubmit, r);
    sends -= Reap(results, &cancels);
  }
  for (uint32_t i = 0; i < submitted; i++) {
    if (results[i] == -ECANCELED) results[i] = -EAGAIN;
    if (results[i] == kPending) results[i] = -EIO;  // its fate unknown: fail that connection
  }
}

}  // namespace

uint32_t UringSendEach(const void* data, size_t length, const int32_t* fds, uint32_t count, int32_t* sent) {
  if (count < kUringMinBatch || !ring.Ready()) return 0;
  uint32_t len = static_cast<uint32_t>(std::min<size_t>(length, INT32_MAX));
  return ring.Run(
      count,
      [&](io_uring_sqe* sqe, uint32_t i) {
        sqe->opcode = IORING_OP_SEND;
        sqe->fd = fds[i];
        sqe->addr = reinterpret_cast<uintptr_t>(data);
        sqe->len = len;
        sqe->msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
      },
      sent);
}

uint32_t UringSendMsgEach(const int* fds, const msghdr* msgs, uint32_t count, int32_t* sent) {
  if (count < kUringMinBatch || !ring.Ready()) return 0;
  return ring.Run(
      count,
      [&](io_uring_sqe* sqe, uint32_t i) {
        sqe->opcode = IORING_OP_SENDMSG;
        sqe->fd = fds[i];
        sqe->addr = reinterpret_cast<uintptr_t>(&msgs[i]);
        sqe->len = 1;
        sqe->msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL;
      },
      sent);
}

const char* UringSenderState() {
  ring.Ready();
  return ring.state();
}

}  // namespace switchboard
