// Cache prefetch hints for the telemetry hot path. Swift has no prefetch of its own; these static
// inline functions are inlined into the Swift callers (no call, no library).
#ifndef PMBATCH_PREFETCH_H
#define PMBATCH_PREFETCH_H

/// Starts loading the cache line holding `p` for a read, into every cache level.
static inline __attribute__((always_inline)) void pmbatch_prefetch(const void *p) {
    __builtin_prefetch(p, 0, 3);
}

/// Starts loading the cache line holding `p` for a write, into every cache level.
static inline __attribute__((always_inline)) void pmbatch_prefetch_write(const void *p) {
    __builtin_prefetch(p, 1, 3);
}

#endif
