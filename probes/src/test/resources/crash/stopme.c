/* Stops itself with SIGSTOP in park(), called from main through wait_here, for gcore. */
#include <signal.h>

#define NOINLINE __attribute__((noinline, noclone))

NOINLINE void park(void) {
  raise(SIGSTOP);
  __asm__ volatile("");
}

NOINLINE void wait_here(void) {
  park();
  __asm__ volatile("");
}

int main(void) {
  wait_here();
  return 0;
}
