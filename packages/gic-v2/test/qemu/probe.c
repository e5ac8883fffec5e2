/* Runs a register-access script (steps-*.ts) on QEMU's GIC and prints every value read, one
 * hex word per line, between BEGIN and END on the PL011 UART of QEMU's virt machine. */
struct step {
  unsigned op; /* 0 read, 1 write, 2 read CP15 ISR, 3 switch to Non-secure */
  unsigned addr;
  unsigned value;
  unsigned size;
};
#include "steps.h"

#define UART ((volatile unsigned *)0x09000000)

static void put(const char *s) {
  while (*s) *UART = *s++;
}

static void hex(unsigned v) {
  for (int i = 28; i >= 0; i -= 4) *UART = "0123456789abcdef"[(v >> i) & 15];
  *UART = '\n';
}

void to_nonsecure(void); /* start.S */

int main(void) {
  put("BEGIN\n");
  for (unsigned i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    const struct step *s = &steps[i];
    if (s->op == 3) {
      to_nonsecure();
    } else if (s->op == 2) {
      unsigned v;
      __asm__ volatile("mrc p15, 0, %0, c12, c1, 0" : "=r"(v));
      hex(v);
    } else if (s->op == 0) {
      if (s->size == 1) hex(*(volatile unsigned char *)s->addr);
      else if (s->size == 2) hex(*(volatile unsigned short *)s->addr);
      else hex(*(volatile unsigned *)s->addr);
    } else {
      if (s->size == 1) *(volatile unsigned char *)s->addr = s->value;
      else if (s->size == 2) *(volatile unsigned short *)s->addr = s->value;
      else *(volatile unsigned *)s->addr = s->value;
    }
  }
  put("END\n");
  return 0;
}
