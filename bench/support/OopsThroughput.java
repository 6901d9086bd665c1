import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.telemetrics.probes.oops.OopsLogParser;
import org.telemetrics.probes.oops.OopsPayload;

/**
 * bench/oops: parses a kernel log with the oops parser, formatting every report's payload, and
 * prints "<lines> <reports> <seconds> <lines/s> <MB/s>" for the best of the given runs.
 * Usage: java -cp <probes classes>:<libtelemetry classes> OopsThroughput.java LOG [RUNS]
 */
public class OopsThroughput {
  public static void main(String[] args) throws Exception {
    Path log = Path.of(args[0]);
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    long lines = 0;
    try (InputStream in = Files.newInputStream(log)) {
      byte[] b = new byte[1 << 16];
      for (int n = in.read(b); n > 0; n = in.read(b)) {
        for (int i = 0; i < n; i++) {
          if (b[i] == '\n') {
            lines++;
          }
        }
      }
    }
    double best = Double.MAX_VALUE;
    long[] reports = {0};
    for (int r = 0; r < runs; r++) {
      reports[0] = 0;
      long start = System.nanoTime();
      try (InputStream in = new BufferedInputStream(Files.newInputStream(log), 1 << 16)) {
        OopsLogParser.parse(in, o -> {
          OopsPayload.format(o, false);
          reports[0]++;
        });
      }
      best = Math.min(best, (System.nanoTime() - start) / 1e9);
    }
    double mb = Files.size(log) / 1e6;
    System.out.printf("%d %d %.2f %.0f %.1f%n", lines, reports[0], best, lines / best, mb / best);
  }
}
