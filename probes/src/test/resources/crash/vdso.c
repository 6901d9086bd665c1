/* Stopped inside the vDSO's clock_gettime, called from in_clock. */
#include <time.h>

#define NOINLINE __attribute__((noinline, noclone))

NOINLINE long in_clock(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  __asm__ volatile("");
  return ts.tv_nsec;
}

int main(void) { return (int) in_clock() & 1; }
