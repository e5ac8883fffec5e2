/* Bulk memory copy: 256 KiB buffers copied back and forth, word and byte tails. */
#include "common.h"
#define SIZE (256 * 1024)
static u32 a[SIZE / 4], b[SIZE / 4];
static void copy(void *dst, const void *src, u32 n) {
	u32 *d = dst; const u32 *s = src;
	while (n >= 32) { d[0] = s[0]; d[1] = s[1]; d[2] = s[2]; d[3] = s[3]; d[4] = s[4]; d[5] = s[5]; d[6] = s[6]; d[7] = s[7]; d += 8; s += 8; n -= 32; }
	u8 *db = (u8 *)d; const u8 *sb = (const u8 *)s;
	while (n--) *db++ = *sb++;
}
int main(void) {
	u32 s = 1;
	for (u32 i = 0; i < N_ELEMS(a); i++) a[i] = rng(&s);
	for (u32 round = 0; round < 600; round++) {
		copy(b, a, SIZE - (round & 31));
		copy(a, b, SIZE - 3);
	}
	u32 sum = 0;
	for (u32 i = 0; i < N_ELEMS(a); i += 97) sum += a[i];
	return (int)sum;
}
