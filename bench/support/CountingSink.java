import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/stdin's lean local sink: {@link HttpSink} (bench/e2e's) on a free loopback port, which
 * reads each request and answers 201, keeping nothing, as a backend on another machine costs the
 * client's CPUs nothing. Writes its URL to URL_FILE, then prints how many requests it has answered
 * each time that is a multiple of EVERY, so the bench learns when a run's last record arrived
 * without a file to follow. Runs until killed.
 *
 * <p>Usage: {@code java CountingSink URL_FILE EVERY}
 */
final class CountingSink {
  public static void main(String[] args) throws Exception {
    Path urlFile = Path.of(args[0]);
    long every = Long.parseLong(args[1]);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
    AtomicLong answered = new AtomicLong();
    HttpSink sink =
        new HttpSink(
            0,
            () -> {
              long n = answered.incrementAndGet();
              if (n % every == 0) {
                out.println(n);
              }
            });
    Files.writeString(urlFile, "http://127.0.0.1:" + sink.port() + "/v2/collector\n");
    Thread.currentThread().join();
  }
}
