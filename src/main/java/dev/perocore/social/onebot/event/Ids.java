package dev.perocore.social.onebot.event;

import java.util.OptionalLong;

/** Lenient integer reading shared by the decoder and GenericNotice: numbers or numeric strings. */
final class Ids {

  private Ids() {}

  /** The value as a long if it is an integral number or a numeric string in range; empty otherwise. */
  static OptionalLong optionalLong(Object v) {
    throw new UnsupportedOperationException("TODO");
  }
}
