package org.telemetrics.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Seeded mutations of a valid record: the rules never throw, always give the same answer, and
 * whatever they accept still satisfies every rule checked independently here.
 */
class BackendRulesFuzzTest {
  private static final Pattern DIGITS = Pattern.compile("[0-9\u00b9\u00b2\u00b3]+");
  private static final Pattern EVENT_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern KERNEL =
      Pattern.compile("[0-9\u00b9\u00b2\u00b3]+\\.[0-9\u00b9\u00b2\u00b3]+\\..*", Pattern.DOTALL);

  private static final String INSERTED = "./-_'\"\u00b2 0aF\t";

  private final BackendRules rules = BackendRules.withDefaultTid();

  @Test
  void mutatedRecordsAreJudgedConsistently() {
    Random random = new Random(0x7e1e);
    int accepted = 0;
    int rejected = 0;
    for (int round = 0; round < 5000; round++) {
      Map<String, String> headers = new ValidRecord().asMap();
      List<String> names = new ArrayList<>(headers.keySet());
      int mutations = 1 + random.nextInt(3);
      for (int m = 0; m < mutations; m++) {
        String name = names.get(random.nextInt(names.size()));
        if (random.nextInt(12) == 0) {
          headers.remove(name);
        } else if (headers.containsKey(name)) {
          headers.put(name, mutate(headers.get(name), random));
        }
      }
      List<String> lines = new ArrayList<>();
      headers.forEach((k, v) -> lines.add(k + ": " + v));

      Optional<String> first = rules.firstViolation(lines);
      Optional<String> again = rules.firstViolation(lines);

      assertThat(again).isEqualTo(first);
      if (first.isEmpty()) {
        accepted++;
        assertSatisfiesEveryRule(BackendHeaders.ofLines(lines), lines);
      } else {
        rejected++;
        assertThat(first.get()).isNotBlank();
      }
    }
    assertThat(accepted).as("some mutations keep the record valid").isGreaterThan(100);
    assertThat(rejected).as("most mutations break a rule").isGreaterThan(1000);
  }

  private static void assertSatisfiesEveryRule(BackendHeaders h, List<String> lines) {
    String why = String.join("\n", lines);
    assertThat(h.get("X-Telemetry-TID")).as(why).contains(BackendRules.DEFAULT_TID);
    int version = Integer.parseInt(h.get("Record-Format-Version").orElseThrow());
    assertThat(version).as(why).isBetween(1, 4);
    int severity = Integer.parseInt(h.get("Severity").orElseThrow());
    assertThat(severity).as(why).isBetween(1, 4);
    assertThat(h.get("Classification").orElseThrow().chars().filter(c -> c == '/').count())
        .as(why)
        .isEqualTo(2);
    assertThat(h.get("Machine-Id").orElseThrow().length()).as(why).isLessThanOrEqualTo(32);
    assertThat(h.get("Creation-Timestamp").orElseThrow()).as(why).matches("[0-9]+");
    assertThat(BackendRules.ARCHITECTURES).as(why).contains(h.get("Arch").orElseThrow());
    assertThat(h.get("Host-Type").orElseThrow().length()).as(why).isLessThan(250);
    assertThat(h.get("Kernel-Version").orElseThrow()).as(why).matches(KERNEL);
    if (version >= 3) {
      for (String name : List.of("Board-Name", "Cpu-Model", "Bios-Version")) {
        String v = h.get(name).orElseThrow();
        assertThat(v.length()).as(why).isLessThan(200);
        assertThat(v.chars().allMatch(c -> c >= 0x09 && c <= 0x7e && (c >= 0x20 || c <= 0x0d)))
            .as(why)
            .isTrue();
      }
    }
    if (version >= 4) {
      assertThat(h.get("Event-Id").orElseThrow()).as(why).matches(EVENT_ID);
    }
    String build = BackendRules.stripQuotes(h.get("Build").orElseThrow());
    assertThat(build).as(why).matches("[-_a-zA-Z0-9.]+");
    long pfv = Long.parseLong(h.get("Payload-Format-Version").orElseThrow().replace("_", ""));
    assertThat(pfv).as(why).isLessThan(2147483647L);
    assertThat(DIGITS.matcher(h.get("Severity").orElseThrow()).matches()).isTrue();
  }

  private static String mutate(String value, Random random) {
    StringBuilder sb = new StringBuilder(value);
    switch (random.nextInt(8)) {
      case 0 -> { // replace a character by any Latin-1 character
        if (sb.length() > 0) {
          sb.setCharAt(random.nextInt(sb.length()), (char) (0x20 + random.nextInt(0xe0)));
        }
      }
      case 1 -> { // delete a character
        if (sb.length() > 0) {
          sb.deleteCharAt(random.nextInt(sb.length()));
        }
      }
      case 2 ->
          sb.insert(
              random.nextInt(sb.length() + 1), INSERTED.charAt(random.nextInt(INSERTED.length())));
      case 3 -> sb.setLength(random.nextInt(sb.length() + 1));
      case 4 -> sb.append(sb.toString().repeat(1 + random.nextInt(40)));
      case 5 -> { // a digit changes
        if (sb.length() > 0) {
          sb.setCharAt(random.nextInt(sb.length()), (char) ('0' + random.nextInt(10)));
        }
      }
      case 6 -> {
        String upper = sb.toString().toUpperCase(java.util.Locale.ROOT);
        sb.setLength(0);
        sb.append(upper);
      }
      default -> sb.insert(0, random.nextBoolean() ? "-" : "+");
    }
    return sb.toString();
  }
}
