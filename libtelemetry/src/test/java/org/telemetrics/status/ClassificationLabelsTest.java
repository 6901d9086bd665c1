package org.telemetrics.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ClassificationLabelsTest {
  @Test
  void aClassificationIsLabelledWithTheFirstGlobItMatches() {
    ClassificationLabels labels =
        ClassificationLabels.parse("org.clearlinux/crash/*, org.clearlinux/*/world  a?c/x/y");
    assertThat(labels.labelOf("org.clearlinux/crash/clr")).isEqualTo("org.clearlinux/crash/*");
    assertThat(labels.labelOf("org.clearlinux/hello/world")).isEqualTo("org.clearlinux/*/world");
    assertThat(labels.labelOf("abc/x/y")).isEqualTo("a?c/x/y");
    assertThat(labels.labelOf("ac/x/y")).isEqualTo(ClassificationLabels.OTHER);
    assertThat(labels.labelOf("org.clearlinux/hello/worlds")).isEqualTo("other");
    assertThat(labels.labels())
        .containsExactly("org.clearlinux/crash/*", "org.clearlinux/*/world", "a?c/x/y", "other");
  }

  @Test
  void tenThousandClassificationsGiveAtMostOneLabelPerGlobAndOther() {
    ClassificationLabels labels = ClassificationLabels.parse("t/even/* t/*/7");
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 10_000; i++) {
      seen.add(labels.labelOf("t/" + (i % 2 == 0 ? "even" : "odd" + i) + "/" + (i % 10)));
    }
    assertThat(seen).containsExactlyInAnyOrder("t/even/*", "t/*/7", "other");
  }

  @Test
  void globsMatchWithoutBacktrackingBlowUp() {
    String text = "a".repeat(120);
    assertThat(ClassificationLabels.matches("*a*a*a*a*a*a*a*a*a*a*b", text)).isFalse();
    assertThat(ClassificationLabels.matches("*", "")).isTrue();
    assertThat(ClassificationLabels.matches("a*", "")).isFalse();
    assertThat(ClassificationLabels.matches("**x", "yyx")).isTrue();
  }

  @Test
  void keysAreStableAndFitTheStatusFile() {
    String key = ClassificationLabels.statusKey("delivered", "org.clearlinux/crash/*");
    assertThat(key).matches("delivered_class_[0-9a-f]{8}");
    assertThat(ClassificationLabels.statusKey("delivered", "org.clearlinux/crash/*"))
        .isEqualTo(key);
    assertThat(ClassificationLabels.statusKey("accepted", "other"))
        .isEqualTo("accepted_class_other");
    assertThat(StatusFile.checkKey(key + CounterTotals.SUFFIX)).isNotEmpty();
  }

  @Test
  void badGlobsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> ClassificationLabels.parse("ok/x/* bad\u0001glob"))
        .hasMessageContaining("not visible ASCII at 4");
    assertThatThrownBy(() -> ClassificationLabels.parse("x".repeat(123)))
        .hasMessageContaining("longer than 122");
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 33; i++) {
      many.append("a/b/").append(i).append(' ');
    }
    assertThatThrownBy(() -> ClassificationLabels.parse(many.toString()))
        .hasMessageContaining("at most 32");
    assertThat(ClassificationLabels.parse("  ").globs()).isEmpty();
  }
}
