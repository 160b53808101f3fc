package dev.perocore.social.sim;

/**
 * Message ids as NapCat's look: 31 bits in no order (NapCat's are the first 31 bits of an MD5 over
 * the message's internal id, chat type and peer). Where a counter would put every stored row's
 * identity-index entry at the index's end, these land anywhere in it, as in production, which is
 * what a benchmark of the store must pay.
 */
public final class NapCatIds {

  private NapCatIds() {}

  /**
   * The id of the {@code n}th message: a bijection of {@code n} modulo 2^31 (an odd multiplier
   * and xor-shifts), so distinct counters below 2^31 never share an id.
   */
  public static long of(long n) {
    long x = (n * 0x5DEECE66DL + 0x2F6B9L) & 0x7FFF_FFFFL;
    x ^= x >>> 16;
    x = (x * 0x45D9F3BL) & 0x7FFF_FFFFL;
    return x ^ (x >>> 13);
  }
}
