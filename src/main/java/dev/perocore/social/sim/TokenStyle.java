package dev.perocore.social.sim;

/** How the simulator presents its access token on a reverse connection. */
public enum TokenStyle {
  /** {@code Authorization: Bearer <t>} (the spec, NapCat). */
  BEARER,
  /** {@code Authorization: Token <t>} (some older clients). */
  TOKEN,
  /** {@code ?access_token=<t>} in the URL. */
  QUERY
}
