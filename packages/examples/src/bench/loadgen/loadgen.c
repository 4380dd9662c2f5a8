/*
 * The bench's C load generator for TCP request/response scenarios (echo, talkback): one thread,
 * one epoll set, N connections to host:port, each keeping P fixed requests in flight. A reply is
 * complete after `--reply-bytes` bytes, or at each newline with `--reply-lines`. Every round trip's
 * latency goes into a fixed histogram. It speaks the JS generator's protocol on stdout (`ready`,
 * `measure-start`, `measure-end`, `result {json}`) and exits when its stdin closes.
 *
 * Why C: the JS generator needs a whole core for what the servers do, so it saturates first and
 * hides differences between them. This one uses a fraction of a core for the same load.
 *
 *   loadgen --port 4000 --connections 100 --pipeline 1 --request xxxx --reply-bytes 4 \
 *           --warmup 2 --duration 5 [--host 127.0.0.1]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "histogram.h"
#include "loadgen-kit.h"

struct conn {
  int fd;
  int open;
  int want_out;        /* registered for EPOLLOUT: the socket did not take everything */
  unsigned head;       /* oldest request in flight, index into sent_at */
  size_t reply_seen;   /* bytes of the current reply read so far (byte-count mode) */
  size_t unsent;       /* request bytes queued but not yet taken by the socket */
  size_t offset;       /* where in the request the next unsent byte is */
  uint64_t *sent_at;   /* send time of each request in flight, a ring of `pipeline` slots */
};

struct options {
  const char *host;
  int port, connections, pipeline;
  const char *request;
  size_t request_len, reply_bytes;
  int reply_lines;
  double warmup, duration;
};

static struct options opt = {.host = "127.0.0.1", .connections = 100, .pipeline = 1, .warmup = 2, .duration = 5};
static struct histogram hist;
static uint64_t completed, bytes_in;
static char *stream; /* the request repeated pipeline + 1 times: any run of unsent bytes is in it */

static void parse(int argc, char **argv) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--host")) opt.host = v;
    else if (!strcmp(k, "--port")) opt.port = atoi(v);
    else if (!strcmp(k, "--connections")) opt.connections = atoi(v);
    else if (!strcmp(k, "--pipeline")) opt.pipeline = atoi(v);
    else if (!strcmp(k, "--request")) opt.request = v;
    else if (!strcmp(k, "--reply-bytes")) opt.reply_bytes = (size_t)atol(v);
    else if (!strcmp(k, "--reply-lines")) opt.reply_lines = atoi(v);
    else if (!strcmp(k, "--warmup")) opt.warmup = atof(v);
    else if (!strcmp(k, "--duration")) opt.duration = atof(v);
    else {
      fprintf(stderr, "loadgen: unknown option %s\n", k);
      exit(2);
    }
  }
  opt.request_len = opt.request ? strlen(opt.request) : 0;
  if (opt.port <= 0 || opt.connections <= 0 || opt.pipeline <= 0 || opt.request_len == 0 ||
      (opt.reply_bytes == 0 && !opt.reply_lines) || opt.duration <= 0) {
    fprintf(stderr, "loadgen: needs --port, --request, --reply-bytes N or --reply-lines 1, positive counts\n");
    exit(2);
  }
}

static int connect_one(void) {
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)opt.port)};
  if (inet_pton(AF_INET, opt.host, &addr.sin_addr) != 1) {
    fprintf(stderr, "loadgen: bad IPv4 host %s\n", opt.host);
    exit(2);
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) die("socket");
  if (connect(fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (fcntl(fd, F_SETFL, O_NONBLOCK) != 0) die("fcntl");
  return fd;
}

static void close_conn(struct conn *c) {
  if (!c->open) return;
  c->open = 0;
  close(c->fd);
}

/* Writes what is queued; waits for EPOLLOUT only when the socket does not take it all. */
static void flush(int ep, struct conn *c) {
  while (c->unsent > 0) {
    ssize_t n = write(c->fd, stream + c->offset, c->unsent);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) break;
      close_conn(c);
      return;
    }
    c->unsent -= (size_t)n;
    c->offset = (c->offset + (size_t)n) % opt.request_len;
  }
  int want_out = c->unsent > 0;
  if (want_out == c->want_out) return;
  c->want_out = want_out;
  struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Queues `count` requests, stamped now, into the slots their replies freed. */
static void send_requests(int ep, struct conn *c, unsigned count, uint64_t now) {
  unsigned slot = (c->head + (unsigned)opt.pipeline - count) % (unsigned)opt.pipeline;
  for (unsigned i = 0; i < count; i++) c->sent_at[(slot + i) % (unsigned)opt.pipeline] = now;
  c->unsent += count * opt.request_len;
  flush(ep, c);
}

/* Counts the replies in what was read; records each one's round trip. */
static unsigned replies_in(struct conn *c, const char *buf, size_t n, uint64_t now) {
  unsigned done = 0;
  if (opt.reply_lines) {
    for (const char *p = buf, *end = buf + n; (p = memchr(p, '\n', (size_t)(end - p))) != NULL; p++) done++;
  } else {
    c->reply_seen += n;
    done = (unsigned)(c->reply_seen / opt.reply_bytes);
    c->reply_seen %= opt.reply_bytes;
  }
  for (unsigned i = 0; i < done; i++) {
    hist_record(&hist, now - c->sent_at[c->head]);
    c->head = (c->head + 1) % (unsigned)opt.pipeline;
  }
  return done;
}

static void on_readable(int ep, struct conn *c) {
  static char buf[1 << 16];
  for (;;) {
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      close_conn(c);
      return;
    }
    uint64_t now = now_ns();
    bytes_in += (uint64_t)n;
    unsigned done = replies_in(c, buf, (size_t)n, now);
    completed += done;
    if (done) send_requests(ep, c, done, now);
    if ((size_t)n < sizeof buf) return;
  }
}

static void print_result(struct conn *conns, double seconds, uint64_t cpu) {
  int established = 0;
  for (int i = 0; i < opt.connections; i++) established += conns[i].open;
  /* mbps stays 0 as in the JS request/response worker: the bench then rates CPU per round trip, not per byte. */
  printf("result {\"rate\":%.1f,\"mbps\":0,\"replyMBps\":%.3f,\"p50\":%.4f,\"p99\":%.4f,\"p999\":%.4f,"
         "\"established\":%d,\"loadCpu\":%.2f,\"workerElu\":[],\"loadgen\":\"c\"}\n",
         (double)completed / seconds, (double)bytes_in / seconds / 1e6, hist_percentile(&hist, 50) / 1e6,
         hist_percentile(&hist, 99) / 1e6, hist_percentile(&hist, 99.9) / 1e6, established,
         (double)cpu / (seconds * 1e6) * 100.0);
  fflush(stdout);
}

int main(int argc, char **argv) {
  parse(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  alarm((unsigned)(opt.warmup + opt.duration) + 60); /* a bound on the whole run, connects included */
  stream = malloc(opt.request_len * (size_t)(opt.pipeline + 1));
  struct conn *conns = calloc((size_t)opt.connections, sizeof *conns);
  if (!stream || !conns) die("malloc");
  for (int i = 0; i <= opt.pipeline; i++) memcpy(stream + (size_t)i * opt.request_len, opt.request, opt.request_len);

  int ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1");
  struct epoll_event in = {.events = EPOLLIN, .data.ptr = NULL}; /* NULL: stdin, the orchestrator */
  epoll_ctl(ep, EPOLL_CTL_ADD, 0, &in);
  for (int i = 0; i < opt.connections; i++) {
    struct conn *c = &conns[i];
    c->fd = connect_one();
    c->open = 1;
    c->sent_at = calloc((size_t)opt.pipeline, sizeof *c->sent_at);
    if (!c->sent_at) die("malloc");
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) die("epoll_ctl");
  }
  say("ready");

  uint64_t start = now_ns();
  for (int i = 0; i < opt.connections; i++) send_requests(ep, &conns[i], (unsigned)opt.pipeline, start);
  uint64_t measure_at = start + (uint64_t)(opt.warmup * 1e9);
  uint64_t end_at = measure_at + (uint64_t)(opt.duration * 1e9);
  int measuring = 0;
  uint64_t cpu_start = 0, since = 0;
  struct epoll_event events[256];
  for (;;) {
    uint64_t now = now_ns();
    if (!measuring && now >= measure_at) {
      measuring = 1;
      hist_reset(&hist);
      completed = bytes_in = 0;
      cpu_start = cpu_us();
      since = now;
      say("measure-start");
    }
    if (measuring && now >= end_at) break;
    uint64_t next = measuring ? end_at : measure_at;
    int wait_ms = (int)((next - now) / 1000000ull) + 1;
    int n = epoll_wait(ep, events, 256, wait_ms);
    if (n < 0 && errno != EINTR) die("epoll_wait");
    for (int i = 0; i < n; i++) {
      struct conn *c = events[i].data.ptr;
      if (c == NULL) {
        char scratch[256];
        if (read(0, scratch, sizeof scratch) <= 0) exit(1); /* the orchestrator went away */
        continue;
      }
      if (!c->open) continue;
      if (events[i].events & EPOLLOUT) flush(ep, c);
      if (c->open && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(ep, c);
    }
  }
  uint64_t cpu = cpu_us() - cpu_start;
  double seconds = (double)(now_ns() - since) / 1e9;
  say("measure-end");
  print_result(conns, seconds, cpu);
  return 0;
}
