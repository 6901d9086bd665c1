/* Crashes inside a SIGUSR1 handler: unwinding must cross the kernel's signal frame. */
#include <signal.h>

#define NOINLINE __attribute__((noinline, noclone))

int *volatile target;

NOINLINE void crash_in_handler(int *p) { *p = 3; __asm__ volatile(""); }

static void handler(int sig) {
  crash_in_handler(target);
  (void) sig;
}

NOINLINE void send_signal(void) {
  raise(SIGUSR1);
  __asm__ volatile("");
}

int main(void) {
  signal(SIGUSR1, handler);
  send_signal();
  return 0;
}
