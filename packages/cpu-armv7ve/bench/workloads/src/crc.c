/* Table-driven CRC-32 over a 64 KiB buffer, many passes. */
#include "common.h"
static u32 crc_table[256];
static u8 buf[64 * 1024];
int main(void) {
	for (u32 i = 0; i < 256; i++) {
		u32 c = i;
		for (int k = 0; k < 8; k++) c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
	u32 s = 7;
	for (u32 i = 0; i < sizeof(buf); i++) buf[i] = rng(&s);
	u32 crc = 0;
	for (int pass = 0; pass < 200; pass++) {
		crc = ~crc;
		for (u32 i = 0; i < sizeof(buf); i++) crc = crc_table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
		crc = ~crc;
	}
	return (int)crc;
}
