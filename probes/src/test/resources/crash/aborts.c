/* Calls abort() from do_abort: the crash is inside libc (SIGABRT). */
#include <stdlib.h>

#define NOINLINE __attribute__((noinline, noclone))

NOINLINE void do_abort(void) {
  abort();
  __asm__ volatile("");
}

int main(void) {
  do_abort();
  return 0;
}
