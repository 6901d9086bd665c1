package org.telemetrics.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {
  /** Bytes written by hand, as the wire format has them. */
  private static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** Field {@code field} holding {@code value} as a length-delimited value. */
  private static byte[] delimited(int field, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(field << 3 | 2);
    int n = value.length;
    for (; n >= 0x80; n >>>= 7) {
      out.write(n & 0x7f | 0x80);
    }
    out.write(n);
    out.writeBytes(value);
    return out.toByteArray();
  }

  @Test
  void readsEveryWireTypeItKnows() {
    byte[] message =
        concat(
            bytes(1 << 3, 0x96, 0x01), // field 1, varint 150
            bytes(2 << 3 | 1, 1, 2, 3, 4, 5, 6, 7, 8), // field 2, fixed64
            delimited(3, "hé".getBytes(StandardCharsets.UTF_8)),
            bytes(4 << 3 | 5, 0xff, 0, 0, 0)); // field 4, fixed32
    ProtoReader r = new ProtoReader(message);
    List<String> seen = new ArrayList<>();

    while (r.next()) {
      seen.add(
          r.field()
              + "="
              + (r.isLengthDelimited() ? r.string() : Long.toHexString(r.number()))
              + (r.isVarint() ? " varint" : ""));
    }

    assertThat(seen).containsExactly("1=96 varint", "2=807060504030201", "3=hé", "4=ff");
  }

  @Test
  void readsANestedMessageWithinItsOwnBounds() {
    byte[] message = concat(delimited(1, concat(bytes(1 << 3, 7))), bytes(2 << 3, 9));
    ProtoReader outer = new ProtoReader(message);

    assertThat(outer.next()).isTrue();
    ProtoReader inner = outer.message();
    assertThat(inner.next()).isTrue();
    assertThat(inner.number()).isEqualTo(7);
    assertThat(inner.next()).isFalse();
    assertThat(outer.next()).isTrue();
    assertThat(outer.number()).isEqualTo(9);
    assertThat(outer.next()).isFalse();
  }

  @Test
  void anEmptyMessageHasNoFields() {
    assertThat(new ProtoReader(new byte[0]).next()).isFalse();
  }

  @Test
  void aFieldLongerThanItsMessageIsRefusedWithoutReadingPastTheEnd() {
    byte[] buf = concat(delimited(1, concat(bytes(2 << 3 | 2, 5), bytes(1, 2))), bytes(1, 2, 3));
    ProtoReader inner = new ProtoReader(buf);
    inner.next();
    ProtoReader r = inner.message();

    assertThatThrownBy(r::next).hasMessage("a field is longer than its message");
  }

  @Test
  void aLengthOverTwoGigabytesIsRefusedNotAllocated() {
    // a length varint of 2^63 + ...: negative as a long
    byte[] buf = bytes(1 << 3 | 2, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01);

    assertThatThrownBy(() -> new ProtoReader(buf).next())
        .hasMessage("a field is longer than its message");
  }

  @Test
  void truncatedFieldsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> new ProtoReader(bytes(1 << 3, 0x80)).next())
        .hasMessage("the message ends inside a number");
    assertThatThrownBy(() -> new ProtoReader(bytes(1 << 3 | 1, 1, 2, 3)).next())
        .hasMessage("the message ends inside a field");
    assertThatThrownBy(() -> new ProtoReader(bytes(1 << 3 | 5, 1)).next())
        .hasMessage("the message ends inside a field");
  }

  @Test
  void aVarintOfMoreThanTenBytesIsRefused() {
    byte[] buf = bytes(1 << 3, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01);

    assertThatThrownBy(() -> new ProtoReader(buf).next())
        .hasMessage("a number is longer than 10 bytes");
  }

  @Test
  void fieldNumberZeroAndNumbersOutOfRangeAreRefused() {
    assertThatThrownBy(() -> new ProtoReader(bytes(0, 1)).next()).hasMessage("field number 0");
    // tag (2^29) << 3: field 2^29, one past the largest
    assertThatThrownBy(() -> new ProtoReader(bytes(0x80, 0x80, 0x80, 0x80, 0x10, 1)).next())
        .hasMessage("field number 536870912 is out of range");
  }

  @Test
  void groupsAndUnknownWireTypesAreRefused() {
    assertThatThrownBy(() -> new ProtoReader(bytes(1 << 3 | 3)).next())
        .hasMessage("unknown wire type 3");
    assertThatThrownBy(() -> new ProtoReader(bytes(1 << 3 | 7)).next())
        .hasMessage("unknown wire type 7");
  }

  @Test
  void aFieldReadAsTheWrongKindIsRefused() {
    ProtoReader number = new ProtoReader(bytes(1 << 3, 5));
    number.next();
    ProtoReader text = new ProtoReader(delimited(2, bytes('a')));
    text.next();

    assertThatThrownBy(number::string).hasMessage("field 1 is not a string or message");
    assertThatThrownBy(number::message).hasMessage("field 1 is not a string or message");
    assertThatThrownBy(text::number).hasMessage("field 2 is not a number");
  }

  @Test
  void messagesNestedDeeperThanTheLimitAreRefused() {
    byte[] nested = new byte[0];
    for (int i = 0; i <= ProtoReader.MAX_DEPTH; i++) {
      nested = delimited(1, nested);
    }
    ProtoReader r = new ProtoReader(nested);

    int depth = 0;
    Throwable refused = null;
    try {
      while (r.next()) {
        r = r.message();
        depth++;
      }
    } catch (IllegalArgumentException e) {
      refused = e;
    }

    assertThat(depth).isEqualTo(ProtoReader.MAX_DEPTH);
    assertThat(refused).hasMessage("messages nested deeper than " + ProtoReader.MAX_DEPTH);
  }
}
