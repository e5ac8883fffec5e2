/* A small LZ77 compressor (hash-chained matches, LZ4-like token stream) over text-like data. */
#include "common.h"
#define IN_SIZE (128 * 1024)
static u8 in[IN_SIZE], out[IN_SIZE + IN_SIZE / 8 + 64];
static u32 head[4096];
static u32 compress(void) {
	for (u32 i = 0; i < 4096; i++) head[i] = 0xffffffff;
	u32 ip = 0, op = 0, anchor = 0;
	while (ip + 8 < IN_SIZE) {
		u32 seq = in[ip] | (in[ip + 1] << 8) | (in[ip + 2] << 16) | (in[ip + 3] << 24);
		u32 h = (seq * 2654435761u) >> 20;
		u32 cand = head[h];
		head[h] = ip;
		if (cand != 0xffffffff && ip - cand < 65535 && in[cand] == in[ip] && in[cand + 1] == in[ip + 1] && in[cand + 2] == in[ip + 2] && in[cand + 3] == in[ip + 3]) {
			u32 len = 4;
			while (ip + len < IN_SIZE && in[cand + len] == in[ip + len] && len < 255) len++;
			u32 lits = ip - anchor;
			out[op++] = (lits > 15 ? 15 : lits) << 4 | (len - 4 > 15 ? 15 : len - 4);
			for (u32 k = 0; k < lits; k++) out[op++] = in[anchor + k];
			out[op++] = (ip - cand) & 0xff; out[op++] = (ip - cand) >> 8;
			ip += len; anchor = ip;
		} else ip++;
	}
	return op;
}
int main(void) {
	static const char *words[] = {"the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ", "xena ", "arm "};
	u32 s = 3, n = 0;
	while (n < IN_SIZE) { const char *w = words[rng(&s) % 10]; while (*w && n < IN_SIZE) in[n++] = *w++; }
	u32 total = 0;
	for (int pass = 0; pass < 40; pass++) { in[pass] ^= 1; total += compress(); }
	return (int)total;
}
