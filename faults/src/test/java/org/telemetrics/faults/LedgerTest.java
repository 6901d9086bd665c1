package org.telemetrics.faults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The harness's accounting: what counts as lost, as a duplicate, and as a renamed record. */
class LedgerTest {
  @Test
  void anAcknowledgedRecordNeverReceivedIsLostOneNotAcknowledgedIsNot() {
    Ledger l = new Ledger();
    l.acknowledged(1, "a");
    l.acknowledged(2, "b");
    l.notAcknowledged();
    l.received("a", Ledger.payload(1, 20));
    l.received("c", Ledger.payload(3, 20)); // stored although its acknowledgement was lost
    Ledger.Tally t = l.tally();
    assertThat(t.lost()).isEqualTo(1);
    assertThat(l.missing()).containsExactly("b (faults 2)");
    assertThat(t.received()).isEqualTo(2);
    assertThat(t.unacknowledged()).isEqualTo(1);
  }

  @Test
  void copiesUnderTheSameIdAreDuplicatesUnderAnotherIdTheyAreRenamed() {
    Ledger l = new Ledger();
    l.acknowledged(7, "a");
    l.received("a", Ledger.payload(7, 30));
    l.received("a", Ledger.payload(7, 30));
    assertThat(l.tally().duplicates()).isEqualTo(1);
    assertThat(l.tally().renamed()).isEmpty();
    l.received("z", Ledger.payload(7, 30));
    assertThat(l.tally().renamed()).containsExactly("faults 7 arrived as [a, z]");
  }

  @Test
  void aPayloadCarriesItsNumberAndHasTheAskedSize() {
    assertThat(Ledger.payload(42, 100)).startsWith("faults 42 ").hasSize(100);
  }
}
