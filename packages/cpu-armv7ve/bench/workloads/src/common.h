/* Freestanding helpers for the benchmark workloads. */
typedef unsigned int u32;
typedef unsigned char u8;
typedef unsigned long long u64;
#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))
static inline u32 rng(u32 *s) { u32 x = *s; x ^= x << 13; x ^= x >> 17; x ^= x << 5; return *s = x; }
