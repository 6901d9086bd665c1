/* Recurses 200 levels deep, then crashes: more frames than a backtrace keeps. */
#define NOINLINE __attribute__((noinline, noclone))

int *volatile target;

NOINLINE int recurse(int n, int *p) {
  if (n == 0) {
    *p = 1;
    return 0;
  }
  return recurse(n - 1, p) + 1;
}

int main(void) { return recurse(200, target); }
