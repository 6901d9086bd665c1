package org.telemetrics.fuzz;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What every fuzz target checks of a parser fed hostile bytes: it returns a value or throws one of
 * its documented exceptions, with a message. Anything else (a NullPointerException, an index out of
 * bounds, an OutOfMemoryError) escapes to Jazzer as a finding, and so does a parse that allocates
 * more than its budget: the bytes the calling thread allocated during the call, as the JVM counts
 * them (of a second run: the first loads classes), so a length field that makes the parser allocate
 * far more than the input is caught even when the heap would have held it.
 *
 * <p>In a fuzzing JVM, Jazzer's hooks on string tests (equals, indexOf, startsWith, a switch on a
 * string) copy their operands on the parser's thread, and the counter sees those copies too: the
 * retry note's parser allocates 30 KB on 341 lines of three bytes, and 1.58 MB under the hooks. So
 * a fuzzing JVM allows {@link #HOOKS_PER_INPUT_BYTE} more per input byte; replaying a corpus
 * without fuzzing ({@code -Dfuzz.fuzzing=false}) loads no hooks and checks the target's own budget.
 */
public final class ParserContract {
  /** A parse that may throw. */
  @FunctionalInterface
  public interface Parse<T> {
    T run() throws Exception;
  }

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * What the hooks may add per input byte: the most measured is about 6,600, on the oops parser's
   * two dozen string tests per line for lines of three bytes.
   */
  static final long HOOKS_PER_INPUT_BYTE = 8 * 1024;

  /** As Jazzer decides it: JAZZER_FUZZ in the environment or as a system property. */
  private static final boolean FUZZING =
      isTrue(System.getenv("JAZZER_FUZZ")) || isTrue(System.getProperty("JAZZER_FUZZ"));

  private final long fixedBudget;
  private final long budgetPerInputByte;
  private final List<Class<? extends Exception>> documented;
  private final Predicate<String> messageRule;

  private ParserContract(
      long fixedBudget,
      long budgetPerInputByte,
      List<Class<? extends Exception>> documented,
      Predicate<String> messageRule) {
    this.fixedBudget = fixedBudget;
    this.budgetPerInputByte = budgetPerInputByte;
    this.documented = documented;
    this.messageRule = messageRule;
  }

  /**
   * A contract allowing {@code fixedBudget + budgetPerInputByte × input length} bytes of allocation
   * and the given exceptions.
   */
  @SafeVarargs
  public static ParserContract of(
      long fixedBudget, long budgetPerInputByte, Class<? extends Exception>... documented) {
    return new ParserContract(fixedBudget, budgetPerInputByte, List.of(documented), m -> true);
  }

  /**
   * The same contract, also requiring the rejection's message to match: for parsers documented to
   * throw a general exception (IllegalArgumentException), so that one thrown by a library call by
   * accident is not taken for a rejection.
   */
  public ParserContract withMessage(Predicate<String> rule) {
    return new ParserContract(fixedBudget, budgetPerInputByte, documented, rule);
  }

  /**
   * Runs the parse of an input of {@code inputLength} bytes: its value, or empty when it threw a
   * documented exception.
   */
  public <T> Optional<T> check(int inputLength, Parse<T> parse) {
    // A first run loads (and has Jazzer instrument) the classes this input reaches; only the
    // second, steady one is measured.
    try {
      parse.run();
    } catch (Exception e) {
      // judged on the measured run
    }
    long before = THREADS.getCurrentThreadAllocatedBytes();
    T value = null;
    Exception rejection = null;
    try {
      value = parse.run();
    } catch (Exception e) {
      rejection = e;
    }
    long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
    long hooks = FUZZING ? HOOKS_PER_INPUT_BYTE * inputLength : 0;
    long budget = fixedBudget + budgetPerInputByte * inputLength + hooks;
    if (before >= 0 && allocated > budget) {
      throw new AssertionError(
          "parsing "
              + inputLength
              + " bytes allocated "
              + allocated
              + " bytes; the budget is "
              + budget
              + (FUZZING ? ", of which " + hooks + " for Jazzer's hooks" : ""),
          rejection);
    }
    if (rejection == null) {
      return Optional.ofNullable(value);
    }
    Exception thrown = rejection;
    if (documented.stream().noneMatch(c -> c.isInstance(thrown))) {
      throw new AssertionError("undocumented exception " + rejection, rejection);
    }
    String message = rejection.getMessage();
    if (message == null || message.isBlank() || !messageRule.test(message)) {
      throw new AssertionError("rejection without its message: " + rejection, rejection);
    }
    return Optional.empty();
  }

  private static boolean isTrue(String value) {
    return value != null
        && (value.equalsIgnoreCase("true") || value.equals("1") || value.equalsIgnoreCase("yes"));
  }
}
