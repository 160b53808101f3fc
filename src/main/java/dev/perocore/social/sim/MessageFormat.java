package dev.perocore.social.sim;

/** NapCat's {@code messagePostFormat}: segments array, CQ string, or alternating (a mixed fleet). */
public enum MessageFormat {
  ARRAY,
  STRING,
  MIXED
}
