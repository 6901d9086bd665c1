/* Crashes with SIGSEGV in level3, called from main through level1 and level2.
 * Argument: number of extra threads parked in pause(). */
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

int *volatile target; /* NULL, hidden from the optimizer */
static volatile int parked;

static void *idle_thread(void *arg) {
  __atomic_add_fetch(&parked, 1, __ATOMIC_SEQ_CST);
  for (;;)
    pause();
  return arg;
}

NOINLINE void level3(int *p) { *p = 42; }
NOINLINE void level2(int *p) { level3(p); __asm__ volatile(""); }
NOINLINE void level1(int *p) { level2(p); __asm__ volatile(""); }

int main(int argc, char **argv) {
  int threads = argc > 1 ? atoi(argv[1]) : 0;
  for (int i = 0; i < threads; i++) {
    pthread_t t;
    pthread_create(&t, 0, idle_thread, 0);
  }
  while (__atomic_load_n(&parked, __ATOMIC_SEQ_CST) < threads)
    usleep(1000);
  usleep(20000); /* time to get from the counter into pause() */
  level1(target);
  return 0;
}
