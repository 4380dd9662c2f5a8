/*
 * Just enough WebSocket for the broadcast load generator: an incremental reader of the frames a
 * server sends (unmasked, no extensions negotiated) and a writer of client frames. A client frame
 * must be masked; the all-zero key is a valid key and leaves the payload as it is, so a frame is
 * written without touching its bytes.
 */
#ifndef SWITCHBOARD_BENCH_WS_FRAME_H
#define SWITCHBOARD_BENCH_WS_FRAME_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* A message's first bytes are kept (enough for a timestamp or a control packet); the rest is skipped. */
#define WS_KEEP 160

struct ws_reader {
  uint8_t head[14];
  unsigned head_len;
  unsigned head_need; /* 2 until the length byte is known, then the whole header's size */
  uint64_t left;      /* payload bytes of the current frame still to come */
  int in_payload;
  uint8_t opcode;     /* of the message being read (a continuation keeps its first frame's) */
  int fin;
  char kept[WS_KEEP];
  unsigned kept_len;
};

/* Called at the end of each complete message (or control frame) with its first bytes. */
typedef void (*ws_message_fn)(void *ctx, uint8_t opcode, const char *kept, unsigned kept_len);

static inline void ws_reader_init(struct ws_reader *r) {
  memset(r, 0, sizeof *r);
  r->head_need = 2;
}

static inline void ws_frame_end(struct ws_reader *r, ws_message_fn fn, void *ctx) {
  r->in_payload = 0;
  r->head_len = 0;
  r->head_need = 2;
  if (r->fin || (r->opcode & 0x8)) {
    fn(ctx, r->opcode, r->kept, r->kept_len);
    r->kept_len = 0;
  }
}

/* Feeds `n` bytes; returns -1 if the server sent something this reader does not accept (a masked frame). */
static inline int ws_feed(struct ws_reader *r, const char *data, size_t n, ws_message_fn fn, void *ctx) {
  const uint8_t *p = (const uint8_t *)data, *end = p + n;
  while (p < end) {
    if (!r->in_payload) {
      while (p < end && r->head_len < r->head_need) {
        r->head[r->head_len++] = *p++;
        if (r->head_len == 2) {
          if (r->head[1] & 0x80) return -1;
          unsigned len7 = r->head[1] & 0x7f;
          r->head_need = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
        }
      }
      if (r->head_len < r->head_need) return 0;
      uint64_t len = r->head[1] & 0x7f;
      if (len == 126) len = ((uint64_t)r->head[2] << 8) | r->head[3];
      else if (len == 127) {
        len = 0;
        for (int i = 2; i < 10; i++) len = (len << 8) | r->head[i];
      }
      uint8_t opcode = r->head[0] & 0x0f;
      if (opcode != 0) r->opcode = opcode;
      r->fin = (r->head[0] & 0x80) != 0;
      r->left = len;
      r->in_payload = 1;
      if (len == 0) {
        ws_frame_end(r, fn, ctx);
        continue;
      }
    }
    size_t take = (size_t)(end - p) < r->left ? (size_t)(end - p) : (size_t)r->left;
    if (r->kept_len < WS_KEEP) {
      size_t room = WS_KEEP - r->kept_len, copy = take < room ? take : room;
      memcpy(r->kept + r->kept_len, p, copy);
      r->kept_len += (unsigned)copy;
    }
    p += take;
    r->left -= take;
    if (r->left == 0) ws_frame_end(r, fn, ctx);
  }
  return 0;
}

/* Writes one final client frame (zero mask key, payload under 64 KiB) into `out`; returns its size (len + 8 at most). */
static inline size_t ws_frame(char *out, uint8_t opcode, const char *payload, size_t len) {
  size_t at = 0;
  out[at++] = (char)(0x80 | opcode);
  if (len < 126) out[at++] = (char)(0x80 | len);
  else {
    out[at++] = (char)(0x80 | 126);
    out[at++] = (char)(len >> 8);
    out[at++] = (char)(len & 0xff);
  }
  memset(out + at, 0, 4);
  at += 4;
  memcpy(out + at, payload, len);
  return at + len;
}

#endif
