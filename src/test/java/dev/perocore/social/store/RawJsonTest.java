package dev.perocore.social.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * RawJson stores exactly what the String path stored (decode, then encode) for every input: the
 * frame's own array when it is well-formed UTF-8, Java's replacement of it otherwise.
 */
class RawJsonTest {

  private static byte[] viaString(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void wellFormedBytesAreKeptAsTheyAre() {
    byte[] frame = "{\"t\":\"你好 😀 é \\u0000\",\"bom\":\"\uFEFF\"}".getBytes(StandardCharsets.UTF_8);
    assertSame(frame, RawJson.utf8(frame).bytes(), "no copy");
  }

  @Test
  void malformedSequencesJacksonLetsThroughAreStoredAsBefore() {
    byte[][] bad = {
        {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // an encoded surrogate
        {'"', (byte) 0xC0, (byte) 0x80, '"'}, // overlong NUL
        {'"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"'}, // overlong three-byte
        {'"', (byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}, // overlong four-byte
        {'"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
        {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
        {'"', (byte) 0xE4, (byte) 0xBD, '"'}, // cut short
        {'"', (byte) 0x80, '"'}, // a lone continuation byte
        {'"', (byte) 0xE4, (byte) 0xBD},
    };
    for (byte[] bytes : bad) {
      assertArrayEquals(viaString(bytes), RawJson.utf8(bytes).bytes());
    }
  }

  @Test
  void anyBytesAreStoredExactlyAsTheStringPathStoredThem() {
    Random random = new Random(12);
    byte[] alphabet = {'a', '"', 0, (byte) 0x80, (byte) 0xBF, (byte) 0xC2, (byte) 0xDF, (byte) 0xE0,
        (byte) 0xA0, (byte) 0xED, (byte) 0x9F, (byte) 0xEF, (byte) 0xF0, (byte) 0x90, (byte) 0xF4,
        (byte) 0x8F, (byte) 0xF5, (byte) 0xC0, (byte) 0xFF};
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(9)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(4) == 0 ? (byte) random.nextInt(256)
            : alphabet[random.nextInt(alphabet.length)];
      }
      byte[] expected = viaString(bytes);
      assertArrayEquals(expected, RawJson.utf8(bytes).bytes(), () -> java.util.HexFormat.of().formatHex(bytes));
      assertEquals(java.util.Arrays.equals(expected, bytes), Utf8.wellFormed(bytes));
    }
  }
}
