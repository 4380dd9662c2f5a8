/*
 * The bench's C load generator for broadcast fan-out: one sender, N receivers, one thread, one
 * epoll set. The sender writes 64-byte messages `#<seq> <send time ns> xxx…` in bursts, at most
 * `--window` messages ahead of the slowest receiver (a closed loop: no server wins by queueing
 * without bound), and with `--rate` no faster than that many messages per second. Receivers read
 * in big reads and count deliveries; one receiver in `--sample-every` also reads each message's
 * send time, for p50/p99/p99.9 in a fixed histogram. The servers put their own prefix before each
 * message (`[address:port] `, or Socket.IO's packet framing): the stamp is found after the `#`.
 *
 * Protocols: `lines` (TCP, a message per newline), `ws` (a WebSocket text message per message),
 * `socketio` (engine.io 4 / socket.io 5 packets over WebSocket: `42["m","…"]`, answering pings).
 * Receivers are spread over `--ports` in turn; the sender uses the first port. It speaks the JS
 * generator's protocol on stdout and exits when its stdin closes.
 *
 * With `--ramp-from R` the measured phase is a search for the top rate instead (see `ramp`).
 *
 *   broadcast-loadgen --ports 4000[,4001] --receivers 100 [--protocol lines|ws|socketio]
 *                     [--window 128] [--burst 16] [--rate 0] [--warmup 2] [--duration 5]
 *                     [--ramp-from 200 [--ramp-factor 1.15] [--ramp-step 1] [--ramp-p99-ms 100]]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "histogram.h"
#include "loadgen-kit.h"
#include "ws-frame.h"

#define MAX_PORTS 8
#define MESSAGE_BYTES 63 /* the text of a message; `lines` adds the newline: 64 bytes */

enum protocol { LINES, WS, SOCKETIO };

struct conn {
  int fd, open, ready, sampled, sender;
  uint64_t received;    /* messages since connecting (the window's measure) */
  char *handshake;      /* the HTTP upgrade reply read so far, until it is complete */
  unsigned handshake_len;
  struct ws_reader ws;
  char carry[128];      /* lines, sampled receivers: the part of a line the last read cut off */
  unsigned carry_len;
};

static struct {
  const char *host, *path;
  int ports[MAX_PORTS], port_count, receivers, window, burst, sample_every;
  enum protocol protocol;
  double rate, warmup, duration;
} opt = {.host = "127.0.0.1", .receivers = 100, .window = 128, .burst = 16, .warmup = 2, .duration = 5};

static struct histogram hist;
static int measuring;

/*
 * The ramp: steps of `step_s` seconds, each at `factor` times the rate of the one before. A step
 * is kept when the sender kept its rate (95 %), the receivers got 95 % of what it sent, and its
 * p99 stayed under `p99_ms`. A step that fails is tried once more at the same rate (one GC pause
 * or a neighbour's burst is not saturation); failing twice (a server core saturated, deliveries
 * falling behind) ends the search, and the result is the last step kept. At most MAX_STEPS.
 */
#define MAX_STEPS 40
static struct {
  double from, factor, step_s, p99_ms;
  int steps, retried;
  uint64_t step_end, sent_at_start, deliveries_at_start;
  double best; /* messages/s of the last kept step */
  struct histogram best_hist;
} ramp = {.factor = 1.15, .step_s = 1, .p99_ms = 100};
static uint64_t deliveries;
static int ep;

/* ---- options ---- */

static void parse_ports(const char *text) {
  for (const char *p = text; *p && opt.port_count < MAX_PORTS; p = strchr(p, ',') ? strchr(p, ',') + 1 : "")
    opt.ports[opt.port_count++] = atoi(p);
}

static void parse(int argc, char **argv) {
  const char *protocol = "lines";
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *k = argv[i], *v = argv[i + 1];
    if (!strcmp(k, "--host")) opt.host = v;
    else if (!strcmp(k, "--ports")) parse_ports(v);
    else if (!strcmp(k, "--receivers")) opt.receivers = atoi(v);
    else if (!strcmp(k, "--protocol")) protocol = v;
    else if (!strcmp(k, "--path")) opt.path = v;
    else if (!strcmp(k, "--window")) opt.window = atoi(v);
    else if (!strcmp(k, "--burst")) opt.burst = atoi(v);
    else if (!strcmp(k, "--rate")) opt.rate = atof(v);
    else if (!strcmp(k, "--warmup")) opt.warmup = atof(v);
    else if (!strcmp(k, "--duration")) opt.duration = atof(v);
    else if (!strcmp(k, "--ramp-from")) ramp.from = atof(v);
    else if (!strcmp(k, "--ramp-factor")) ramp.factor = atof(v);
    else if (!strcmp(k, "--ramp-step")) ramp.step_s = atof(v);
    else if (!strcmp(k, "--ramp-p99-ms")) ramp.p99_ms = atof(v);
    else {
      fprintf(stderr, "broadcast-loadgen: unknown option %s\n", k);
      exit(2);
    }
  }
  opt.protocol = !strcmp(protocol, "ws") ? WS : !strcmp(protocol, "socketio") ? SOCKETIO : LINES;
  if (opt.protocol == LINES && strcmp(protocol, "lines")) {
    fprintf(stderr, "broadcast-loadgen: --protocol is lines, ws or socketio, not %s\n", protocol);
    exit(2);
  }
  if (!opt.path) opt.path = opt.protocol == SOCKETIO ? "/socket.io/?EIO=4&transport=websocket" : "/";
  int ports_ok = opt.port_count > 0;
  for (int i = 0; i < opt.port_count; i++) ports_ok = ports_ok && opt.ports[i] > 0;
  if (!ports_ok || opt.receivers <= 0 || opt.window <= 0 || opt.burst <= 0 || opt.burst > opt.window ||
      opt.duration <= 0 || opt.rate < 0 || ramp.from < 0 || ramp.factor <= 1 || ramp.step_s <= 0) {
    fprintf(stderr, "broadcast-loadgen: needs --ports, positive --receivers/--window/--burst (burst <= window)\n");
    exit(2);
  }
  opt.sample_every = opt.receivers / 32 > 1 ? opt.receivers / 32 : 1;
}

/* ---- connections ---- */

static void send_all(int fd, const char *data, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return; /* a control reply on a full socket is dropped; the server will close if it cares */
    data += n;
    len -= (size_t)n;
  }
}

static void send_ws_text(struct conn *c, uint8_t opcode, const char *text, size_t len) {
  char frame[WS_KEEP + 8];
  if (len > WS_KEEP) len = WS_KEEP;
  send_all(c->fd, frame, ws_frame(frame, opcode, text, len));
}

static void open_conn(struct conn *c, int port) {
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
  if (inet_pton(AF_INET, opt.host, &addr.sin_addr) != 1) {
    fprintf(stderr, "broadcast-loadgen: bad IPv4 host %s\n", opt.host);
    exit(2);
  }
  c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (c->fd < 0) die("socket");
  if (connect(c->fd, (struct sockaddr *)&addr, sizeof addr) != 0) die("connect");
  int one = 1;
  setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  c->open = 1;
  ws_reader_init(&c->ws);
  if (opt.protocol == LINES) c->ready = 1;
  else {
    char request[512];
    int len = snprintf(request, sizeof request,
                       "GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                       opt.path, opt.host, port);
    send_all(c->fd, request, (size_t)len);
    c->handshake = malloc(1024);
    if (!c->handshake) die("malloc");
  }
  if (fcntl(c->fd, F_SETFL, O_NONBLOCK) != 0) die("fcntl");
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
  if (epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) != 0) die("epoll_ctl");
}

static void close_conn(struct conn *c) {
  if (!c->open) return;
  c->open = 0;
  close(c->fd);
}

/* ---- receiving ---- */

static uint64_t digits(const char **p, const char *end) {
  uint64_t value = 0;
  while (*p < end && **p >= '0' && **p <= '9') value = value * 10 + (uint64_t)(*(*p)++ - '0');
  return value;
}

/* Records the latency of the message whose text is [p, end): its send time follows `#<seq> `. */
static void record_stamp(const char *p, const char *end, uint64_t now) {
  const char *hash = memchr(p, '#', (size_t)(end - p));
  if (!hash) return;
  p = hash + 1;
  digits(&p, end);
  if (p >= end || *p++ != ' ') return;
  uint64_t sent = digits(&p, end);
  if (sent > 0 && sent <= now) hist_record(&hist, now - sent);
}

static void delivered(struct conn *c, uint64_t count) {
  c->received += count;
  if (measuring) deliveries += count;
}

/* lines: a delivery per newline; a sampled receiver also reads each line's stamp. */
static void lines_in(struct conn *c, const char *buf, size_t n, uint64_t now) {
  const char *p = buf, *end = buf + n, *nl;
  uint64_t count = 0;
  if (!c->sampled) {
    for (; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1) count++;
    delivered(c, count);
    return;
  }
  for (; (nl = memchr(p, '\n', (size_t)(end - p))) != NULL; p = nl + 1, count++) {
    if (c->carry_len == 0) {
      record_stamp(p, nl, now);
      continue;
    }
    size_t room = sizeof c->carry - c->carry_len, take = (size_t)(nl - p) < room ? (size_t)(nl - p) : room;
    memcpy(c->carry + c->carry_len, p, take);
    record_stamp(c->carry, c->carry + c->carry_len + take, now);
    c->carry_len = 0;
  }
  size_t rest = (size_t)(end - p), room = sizeof c->carry - c->carry_len;
  memcpy(c->carry + c->carry_len, p, rest < room ? rest : room);
  c->carry_len += (unsigned)(rest < room ? rest : room);
  delivered(c, count);
}

static uint64_t read_now;

/* ws and socketio: one WebSocket message arrived (its first bytes in `kept`). */
static void on_ws_message(void *ctx, uint8_t opcode, const char *kept, unsigned len) {
  struct conn *c = ctx;
  if (opcode == 0x8) {
    close_conn(c);
    return;
  }
  if (opcode == 0x9) {
    send_ws_text(c, 0xA, kept, len);
    return;
  }
  if (opcode != 0x1 && opcode != 0x2) return;
  if (opt.protocol == SOCKETIO) {
    /* engine.io: 0 open (then join namespace /), 2 ping (answer 3); socket.io: 40 joined, 42 an event. */
    if (len >= 1 && kept[0] == '0') send_ws_text(c, 0x1, "40", 2);
    else if (len == 1 && kept[0] == '2') send_ws_text(c, 0x1, "3", 1);
    else if (len >= 2 && kept[0] == '4' && kept[1] == '0') c->ready = 1;
    if (len < 2 || kept[0] != '4' || kept[1] != '2') return;
  }
  if (c->sender) return;
  if (c->sampled) record_stamp(kept, kept + len, read_now);
  delivered(c, 1);
}

/* The HTTP upgrade reply: complete at its blank line; what follows is frames. Returns bytes used. */
static size_t handshake_in(struct conn *c, const char *buf, size_t n) {
  size_t take = n < 1023 - c->handshake_len ? n : 1023 - c->handshake_len;
  memcpy(c->handshake + c->handshake_len, buf, take);
  size_t before = c->handshake_len;
  c->handshake_len += (unsigned)take;
  c->handshake[c->handshake_len] = 0;
  char *blank = strstr(c->handshake, "\r\n\r\n");
  if (!blank) {
    if (c->handshake_len >= 1023) {
      fprintf(stderr, "broadcast-loadgen: no end to the upgrade reply\n");
      exit(1);
    }
    return n;
  }
  if (strncmp(c->handshake, "HTTP/1.1 101", 12) != 0) {
    fprintf(stderr, "broadcast-loadgen: upgrade refused: %.60s\n", c->handshake);
    exit(1);
  }
  size_t used = (size_t)(blank + 4 - c->handshake) - before;
  free(c->handshake);
  c->handshake = NULL;
  if (opt.protocol == WS) c->ready = 1;
  return used;
}

static void on_readable(struct conn *c) {
  static char buf[1 << 18];
  for (;;) {
    ssize_t n = read(c->fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) {
      close_conn(c);
      return;
    }
    read_now = now_ns();
    const char *p = buf;
    size_t left = (size_t)n;
    if (c->handshake) {
      size_t used = handshake_in(c, p, left);
      p += used;
      left -= used;
    }
    if (opt.protocol == LINES) {
      if (!c->sender) lines_in(c, p, left, read_now);
    } else if (left > 0 && ws_feed(&c->ws, p, left, on_ws_message, c) != 0) {
      fprintf(stderr, "broadcast-loadgen: the server sent a masked frame\n");
      exit(1);
    }
    if ((size_t)n < sizeof buf) return;
  }
}

/* ---- sending ---- */

static struct {
  struct conn conn;
  char *out;         /* the burst being written */
  size_t out_len, out_at;
  int want_out;
  uint64_t sent, started_at;
  uint64_t sent_at_rate; /* `sent` when the rate last changed, at `started_at` */
} sender = {.conn = {.sender = 1}};

static void sender_flush(void) {
  struct conn *c = &sender.conn;
  while (sender.out_at < sender.out_len && c->open) {
    ssize_t n = write(c->fd, sender.out + sender.out_at, sender.out_len - sender.out_at);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EAGAIN) break;
    if (n < 0) close_conn(c);
    else sender.out_at += (size_t)n;
  }
  int want_out = c->open && sender.out_at < sender.out_len;
  if (want_out == sender.want_out || !c->open) return;
  sender.want_out = want_out;
  struct epoll_event ev = {.events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c};
  epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev);
}

/* Appends message `seq`, stamped `now`, in the protocol's framing. */
static void append_message(uint64_t seq, uint64_t now) {
  char text[MESSAGE_BYTES + 1];
  int head = snprintf(text, sizeof text, "#%llu %llu ", (unsigned long long)seq, (unsigned long long)now);
  memset(text + head, 'x', MESSAGE_BYTES - (size_t)head);
  char *out = sender.out + sender.out_len;
  if (opt.protocol == LINES) {
    memcpy(out, text, MESSAGE_BYTES);
    out[MESSAGE_BYTES] = '\n';
    sender.out_len += MESSAGE_BYTES + 1;
  } else if (opt.protocol == WS) {
    sender.out_len += ws_frame(out, 0x1, text, MESSAGE_BYTES);
  } else {
    char packet[MESSAGE_BYTES + 16];
    int len = snprintf(packet, sizeof packet, "42[\"m\",\"%.*s\"]", MESSAGE_BYTES, text);
    sender.out_len += ws_frame(out, 0x1, packet, (size_t)len);
  }
}

/* The lowest count of messages received among open receivers (what the window is measured against). */
static uint64_t slowest(const struct conn *receivers) {
  uint64_t min = UINT64_MAX;
  for (int i = 0; i < opt.receivers; i++)
    if (receivers[i].open && receivers[i].received < min) min = receivers[i].received;
  return min == UINT64_MAX ? sender.sent : min;
}

/* Sends what the window and the rate allow, in whole bursts; returns ms until the rate allows more (-1: no limit). */
static int send_due(const struct conn *receivers, uint64_t now) {
  if (!sender.conn.open || !sender.conn.ready || sender.out_at < sender.out_len) return -1;
  uint64_t burst = (uint64_t)opt.burst;
  uint64_t behind = sender.sent - slowest(receivers);
  uint64_t room = behind >= (uint64_t)opt.window ? 0 : (uint64_t)opt.window - behind;
  uint64_t allowed = room / burst * burst;
  int wait_ms = -1;
  if (opt.rate > 0) {
    double elapsed = (double)(now - sender.started_at) / 1e9;
    double due = elapsed * opt.rate - (double)(sender.sent - sender.sent_at_rate);
    uint64_t due_bursts = due > 0 ? (uint64_t)due / burst * burst : 0;
    if (due_bursts < allowed) allowed = due_bursts;
    if (due_bursts == 0) {
      double next = ((double)(sender.sent - sender.sent_at_rate + burst) / opt.rate - elapsed) * 1000;
      wait_ms = next < 1 ? 1 : (int)next + 1;
    }
  }
  if (allowed == 0) return wait_ms;
  sender.out_len = sender.out_at = 0;
  for (uint64_t i = 0; i < allowed; i++) append_message(sender.sent++, now);
  sender_flush();
  return wait_ms;
}

/* ---- the ramp ---- */

static void set_rate(double rate, uint64_t now) {
  opt.rate = rate;
  sender.started_at = now;
  sender.sent_at_rate = sender.sent;
}

static void ramp_step_start(uint64_t now) {
  ramp.step_end = now + (uint64_t)(ramp.step_s * 1e9);
  ramp.sent_at_start = sender.sent;
  ramp.deliveries_at_start = deliveries;
  hist_reset(&hist);
}

/* Judges the step that just ended; returns 0 when the search is over. */
static int ramp_step_end(const struct conn *receivers, uint64_t now) {
  int open = 0;
  for (int i = 0; i < opt.receivers; i++) open += receivers[i].open;
  double sent = (double)(sender.sent - ramp.sent_at_start);
  double got = (double)(deliveries - ramp.deliveries_at_start);
  int kept = sent >= 0.95 * opt.rate * ramp.step_s && got >= 0.95 * sent * open &&
             hist_percentile(&hist, 99) <= ramp.p99_ms * 1e6;
  fprintf(stderr, "broadcast-loadgen: ramp %.0f messages/s: sent %.0f, %.1f %% delivered, p99 %.2f ms: %s\n",
          opt.rate, sent, sent > 0 && open > 0 ? got / (sent * open) * 100 : 0, hist_percentile(&hist, 99) / 1e6,
          kept ? "kept" : "not kept");
  if (++ramp.steps >= MAX_STEPS || (!kept && ramp.retried)) return 0;
  ramp.retried = !kept;
  if (kept) {
    ramp.best = opt.rate;
    ramp.best_hist = hist;
  }
  set_rate(kept ? opt.rate * ramp.factor : opt.rate, now);
  ramp_step_start(now);
  return 1;
}

/* ---- the run ---- */

static void print_result(const struct conn *receivers, double seconds, uint64_t cpu, uint64_t sent) {
  if (ramp.from > 0) {
    /* The search's answer: the last step kept, its latency, and as many deliveries as it asked for. */
    hist = ramp.best_hist;
    deliveries = (uint64_t)(ramp.best * opt.receivers * seconds);
    sent = (uint64_t)(ramp.best * seconds);
  }
  int established = 0;
  for (int i = 0; i < opt.receivers; i++) established += receivers[i].open;
  printf("result {\"rate\":%.1f,\"mbps\":0,\"sentRate\":%.1f,\"p50\":%.4f,\"p99\":%.4f,\"p999\":%.4f,"
         "\"established\":%d,\"loadCpu\":%.2f,\"workerElu\":[],\"loadgen\":\"c\"}\n",
         (double)deliveries / seconds, (double)sent / seconds, hist_percentile(&hist, 50) / 1e6,
         hist_percentile(&hist, 99) / 1e6, hist_percentile(&hist, 99.9) / 1e6, established,
         (double)cpu / (seconds * 1e6) * 100.0);
  fflush(stdout);
}

/* One epoll round: stdin (the orchestrator) closing ends the process; a receiver closing is counted out. */
static void poll_once(int wait_ms) {
  struct epoll_event events[256];
  int n = epoll_wait(ep, events, 256, wait_ms);
  if (n < 0 && errno != EINTR) die("epoll_wait");
  for (int i = 0; i < n; i++) {
    struct conn *c = events[i].data.ptr;
    if (c == NULL) {
      char scratch[256];
      if (read(0, scratch, sizeof scratch) <= 0) exit(1);
      continue;
    }
    if (!c->open) continue;
    if (c->sender && (events[i].events & EPOLLOUT)) sender_flush();
    if (c->open && (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR))) on_readable(c);
  }
}

static int all_ready(const struct conn *conns, int count) {
  for (int i = 0; i < count; i++)
    if (!conns[i].ready) return 0;
  return 1;
}

/* Polls until every receiver (or the sender) is ready; bounded by `limit_ns`. */
static void wait_ready(const struct conn *conns, int count, uint64_t limit_ns, const char *what) {
  uint64_t deadline = now_ns() + limit_ns;
  while (!all_ready(conns, count)) {
    if (now_ns() > deadline) {
      fprintf(stderr, "broadcast-loadgen: %s not ready in %.0f s\n", what, (double)limit_ns / 1e9);
      exit(1);
    }
    poll_once(50);
  }
}

int main(int argc, char **argv) {
  parse(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  /* A bound on the whole run, connects included (a ramp has its own length, at most MAX_STEPS steps). */
  alarm((unsigned)(opt.warmup + (ramp.from > 0 ? MAX_STEPS * ramp.step_s : opt.duration)) + 90);
  struct conn *receivers = calloc((size_t)opt.receivers, sizeof *receivers);
  sender.out = malloc((size_t)opt.window * (MESSAGE_BYTES + 32));
  if (!receivers || !sender.out) die("malloc");
  ep = epoll_create1(EPOLL_CLOEXEC);
  if (ep < 0) die("epoll_create1");
  struct epoll_event in = {.events = EPOLLIN, .data.ptr = NULL}; /* NULL: stdin, the orchestrator */
  epoll_ctl(ep, EPOLL_CTL_ADD, 0, &in);

  for (int i = 0; i < opt.receivers; i++) {
    receivers[i].sampled = i % opt.sample_every == 0;
    open_conn(&receivers[i], opt.ports[i % opt.port_count]);
    if (i % 100 == 99) poll_once(0); /* answer handshakes as they come, not all at the end */
  }
  wait_ready(receivers, opt.receivers, 60 * 1000000000ull, "receivers");
  say("ready");
  /* Let every server finish adding the receivers to the room before the first message. */
  for (uint64_t until = now_ns() + 200000000ull; now_ns() < until;) poll_once(10);
  open_conn(&sender.conn, opt.ports[0]);
  wait_ready(&sender.conn, 1, 10 * 1000000000ull, "the sender");

  uint64_t start = now_ns();
  set_rate(ramp.from > 0 ? ramp.from : opt.rate, start);
  uint64_t measure_at = start + (uint64_t)(opt.warmup * 1e9);
  uint64_t end_at = measure_at + (uint64_t)(opt.duration * 1e9);
  uint64_t cpu_start = 0, since = 0, sent_before = 0;
  for (;;) {
    uint64_t now = now_ns();
    if (!measuring && now >= measure_at) {
      measuring = 1;
      hist_reset(&hist);
      deliveries = 0;
      sent_before = sender.sent;
      cpu_start = cpu_us();
      since = now;
      say("measure-start");
      if (ramp.from > 0) ramp_step_start(now);
    }
    if (ramp.from > 0 ? measuring && now >= ramp.step_end && !ramp_step_end(receivers, now)
                      : measuring && now >= end_at)
      break;
    int wait_ms = send_due(receivers, now);
    uint64_t phase_end = !measuring ? measure_at : ramp.from > 0 ? ramp.step_end : end_at;
    int phase_ms = (int)((phase_end - now) / 1000000ull) + 1;
    poll_once(wait_ms < 0 || wait_ms > phase_ms ? phase_ms : wait_ms);
  }
  uint64_t cpu = cpu_us() - cpu_start;
  double seconds = (double)(now_ns() - since) / 1e9;
  say("measure-end");
  print_result(receivers, seconds, cpu, sender.sent - sent_before);
  return 0;
}
