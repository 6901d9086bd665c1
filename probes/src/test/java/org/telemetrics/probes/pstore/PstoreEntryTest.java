package org.telemetrics.probes.pstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PstoreEntryTest {
  @Test
  void anEfiIdHoldsTheTimePartAndCount() {
    // (1700000000 × 100 + 2) × 1000 + 7
    PstoreEntry e = PstoreEntry.parse("dmesg-efi-170000000002007").orElseThrow();

    assertThat(e.part()).isEqualTo(2);
    assertThat(e.dump()).isEqualTo("efi-1700000000-7");
  }

  @Test
  void ramoopsDumpsHaveOnePart() {
    assertThat(PstoreEntry.parse("dmesg-ramoops-3").orElseThrow())
        .isEqualTo(new PstoreEntry("dmesg-ramoops-3", "ramoops-3", 1));
    assertThat(PstoreEntry.parse("console-ramoops-0")).isPresent();
    assertThat(PstoreEntry.parse("console-ramoops")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "pmsg-ramoops-0",
        "ftrace-ramoops-0",
        "dmesg-efi-",
        "dmesg-efi-12x",
        "dmesg-ramoops--1",
        "dmesg-efi-1234567890123456789012",
        "console-ramoops-x",
        ".",
        ""
      })
  void otherNamesAreNoDumps(String name) {
    assertThat(PstoreEntry.parse(name)).isEmpty();
  }

  @Test
  void aDumpLacksPartsWhenItsNumbersHaveAHoleOrDoNotEndAtOne() {
    List<PstoreDump> dumps =
        PstoreDump.group(
            List.of(
                new PstoreEntry("a1", "a", 1),
                new PstoreEntry("a3", "a", 3),
                new PstoreEntry("b2", "b", 2),
                new PstoreEntry("b1", "b", 1),
                new PstoreEntry("c2", "c", 2)));

    assertThat(dumps).extracting(PstoreDump::id).containsExactly("a", "b", "c");
    assertThat(dumps).extracting(PstoreDump::missingParts).containsExactly(true, false, true);
    assertThat(dumps.get(1).oldestFirst()).extracting(PstoreEntry::part).containsExactly(2, 1);
  }
}
