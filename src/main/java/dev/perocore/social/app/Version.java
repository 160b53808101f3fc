package dev.perocore.social.app;

/**
 * The build's version: {@code Implementation-Version} of the jar's manifest (written by the shade
 * plugin from the pom), or {@code dev} when running from classes (tests, an IDE).
 */
public final class Version {

  private Version() {}

  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }

  /** What {@code java -jar social-adapter.jar version} prints. */
  static String describe() {
    return "social-adapter " + current() + " (Java " + System.getProperty("java.version") + ", "
        + System.getProperty("java.vendor", "unknown vendor") + ")";
  }
}
