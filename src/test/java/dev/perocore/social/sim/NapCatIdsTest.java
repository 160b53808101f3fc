package dev.perocore.social.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** NapCat-shaped ids: 31 bits in no order, none shared between distinct counters. */
class NapCatIdsTest {

  @Test
  void idsAreThirtyOneBitsInNoOrderAndNeverRepeat() {
    int count = 1_000_000; // 20 bursts of 50,000: past any bench run
    long[] ids = new long[count];
    int rises = 0;
    for (int n = 0; n < count; n++) {
      ids[n] = NapCatIds.of(n);
      assertTrue(ids[n] > 0 && ids[n] <= Integer.MAX_VALUE, "31 bits, not 0: " + ids[n]);
      if (n > 0 && ids[n] > ids[n - 1]) {
        rises++;
      }
    }
    // A counter rises every time; random order rises about half the time.
    assertTrue(rises > count * 0.45 && rises < count * 0.55, "rises " + rises + " of " + count);
    Arrays.sort(ids);
    for (int i = 1; i < count; i++) {
      assertTrue(ids[i] != ids[i - 1], "id " + ids[i] + " repeats");
    }
  }
}
