/* Three threads wait in pause(); a fourth crashes in worker_fault. */
#include <pthread.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

int *volatile target;
static pthread_barrier_t ready;

static void *sleeper(void *arg) {
  pthread_barrier_wait(&ready);
  for (;;)
    pause();
  return arg;
}

NOINLINE void worker_fault(int *p) { *p = 7; }
NOINLINE void worker_step(int *p) { worker_fault(p); __asm__ volatile(""); }

static void *worker(void *arg) {
  pthread_barrier_wait(&ready);
  usleep(20000);
  worker_step(target);
  return arg;
}

int main(void) {
  pthread_t t[4];
  pthread_barrier_init(&ready, 0, 4);
  for (int i = 0; i < 3; i++)
    pthread_create(&t[i], 0, sleeper, 0);
  pthread_create(&t[3], 0, worker, 0);
  pthread_join(t[3], 0);
  return 0;
}
