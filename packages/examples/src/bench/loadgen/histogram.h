/*
 * Latency histogram for the C load generator: fixed buckets, no allocation per sample.
 * Values are nanoseconds. Below 64 ns each value has its own bucket; above, each power of two is
 * cut into 64 equal buckets, so a percentile is off by at most 1/64 (1.6 %) of its value.
 */
#ifndef SWITCHBOARD_BENCH_HISTOGRAM_H
#define SWITCHBOARD_BENCH_HISTOGRAM_H

#include <stdint.h>
#include <string.h>

#define HIST_SUB_BITS 6
#define HIST_SUB (1u << HIST_SUB_BITS)
/* 2^0 .. 2^47 ns (about 39 hours) in 64 sub-buckets each. */
#define HIST_BUCKETS (48u * HIST_SUB)

struct histogram {
  uint64_t counts[HIST_BUCKETS];
  uint64_t total;
};

static inline unsigned hist_index(uint64_t ns) {
  if (ns < HIST_SUB) return (unsigned)ns;
  unsigned exponent = 63u - (unsigned)__builtin_clzll(ns); /* >= HIST_SUB_BITS */
  unsigned shift = exponent - HIST_SUB_BITS;
  unsigned index = (exponent - HIST_SUB_BITS + 1) * HIST_SUB + (unsigned)((ns >> shift) - HIST_SUB);
  return index < HIST_BUCKETS ? index : HIST_BUCKETS - 1;
}

/* The middle of a bucket, in nanoseconds. */
static inline double hist_value(unsigned index) {
  if (index < HIST_SUB) return (double)index;
  unsigned exponent = index / HIST_SUB + HIST_SUB_BITS - 1;
  unsigned shift = exponent - HIST_SUB_BITS;
  uint64_t low = ((uint64_t)(index % HIST_SUB) + HIST_SUB) << shift;
  return (double)low + (double)(1ull << shift) / 2.0;
}

static inline void hist_record(struct histogram *h, uint64_t ns) {
  h->counts[hist_index(ns)]++;
  h->total++;
}

static inline void hist_reset(struct histogram *h) { memset(h, 0, sizeof *h); }

/* The value below which `percent` % of the samples lie (ns); 0 when there are none. */
static inline double hist_percentile(const struct histogram *h, double percent) {
  if (h->total == 0) return 0;
  double rank = (double)h->total * percent / 100.0;
  uint64_t seen = 0;
  for (unsigned i = 0; i < HIST_BUCKETS; i++) {
    seen += h->counts[i];
    if ((double)seen >= rank && seen > 0) return hist_value(i);
  }
  return hist_value(HIST_BUCKETS - 1);
}

#endif
