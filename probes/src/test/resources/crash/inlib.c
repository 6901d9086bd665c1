/* A shared library whose function faults: crashprobe names its frame from the library's file,
   which the test puts under a directory whose name is not ASCII. */
void in_library(volatile int *p) {
  *p = 1;
}
