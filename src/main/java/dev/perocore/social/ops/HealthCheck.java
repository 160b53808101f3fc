package dev.perocore.social.ops;

/**
 * The result of one named readiness check.
 *
 * @param up whether this part is ready
 * @param detail a short human explanation, shown in the JSON body
 */
public record HealthCheck(boolean up, String detail) {

  public static HealthCheck up(String detail) {
    return new HealthCheck(true, detail);
  }

  public static HealthCheck down(String detail) {
    return new HealthCheck(false, detail);
  }
}
