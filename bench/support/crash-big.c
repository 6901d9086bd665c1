/* bench/crash: touches SIZE_MB of heap (default 1100) so its core is over 1 GiB, then crashes. */
#include <stdlib.h>
#include <string.h>

int *volatile target;

__attribute__((noinline)) void crash_big(int *p) { *p = 1; }

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? strtoul(argv[1], 0, 10) : 1100;
  char *heap = malloc(mb << 20);
  memset(heap, 0x5a, mb << 20);
  crash_big(target);
  return heap[0];
}
