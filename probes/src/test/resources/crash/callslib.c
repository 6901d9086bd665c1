/* Calls into inlib.c's library with a null pointer: the fault is in the library's code. */
#include <stddef.h>

void in_library(volatile int *p);

int main(void) {
  in_library(NULL);
  return 0;
}
