/* Integer compute mix: arithmetic, shifts, multiplies, divides, conditionals, small table lookups. */
#include "common.h"
static u32 table[256];
int main(void) {
	u32 s = 12345, acc = 0;
	for (u32 i = 0; i < 256; i++) table[i] = rng(&s);
	for (u32 round = 0; round < 6000000; round++) {
		u32 a = rng(&s), b = table[a & 255];
		u32 c = (a * 2654435761u) ^ (b >> 7);
		if (c & 1) acc += c / ((b & 0xff) | 1);
		else acc ^= (c << 3) + (a >> 2);
		acc = (acc << 5) | (acc >> 27);
		table[(acc >> 8) & 255] += acc;
	}
	return (int)acc;
}
