/* Runs the timer access script (script.ts, generated into steps.c) on QEMU and prints, per access,
 * what happened and the value read, between BEGIN and END on the PL011 of QEMU's virt machine. */
#define UART ((volatile unsigned *)0x09000000)

/* Set by the exception handlers in start.S: 1 UNDEFINED, 0x100 | EC for a trap to Hyp mode. */
volatile unsigned exc;

void to_svc(void);
void to_usr(void);
void call(unsigned value, unsigned which); /* which 0: CNTKCTL = value, 1: CNTHCTL = value */

static void put(const char *s) {
  while (*s) *UART = *s++;
}

static void hex(unsigned v) {
  for (int i = 28; i >= 0; i -= 4) *UART = "0123456789abcdef"[(v >> i) & 15];
  *UART = '\n';
}

/* words: how many of lo/hi to print when the access succeeded. */
static void report(int words, unsigned lo, unsigned hi) {
  unsigned e = exc;
  hex(e);
  if (e == 0 && words >= 1) hex(lo);
  if (e == 0 && words == 2) hex(hi);
}

#include "steps.c"

int main(void) {
  put("BEGIN\n");
  steps();
  put("END\n");
  return 0;
}
