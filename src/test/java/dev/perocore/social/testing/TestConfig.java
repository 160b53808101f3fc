package dev.perocore.social.testing;

import dev.perocore.social.app.config.AppConfig;
import dev.perocore.social.brain.BrainConfig;
import dev.perocore.social.guard.GuardConfig;
import dev.perocore.social.onebot.OneBotConfig;
import dev.perocore.social.session.SessionConfig;
import dev.perocore.social.session.requests.RequestsConfig;
import dev.perocore.social.store.StoreConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A configuration for a test: the embedded {@code conf/application.yaml} with dotted keys
 * overlaid, parsed and validated by {@link AppConfig} exactly as at start-up. Tests never repeat a
 * default, and a misspelt key fails the test instead of setting nothing:
 *
 * <pre>{@code
 * StoreConfig store = TestConfig.defaults().with("store.path", file).with("store.busy_timeout", "100ms").store();
 * }</pre>
 *
 * Values are what YAML would give (text such as {@code "200ms"} or {@code "5/60s"}, numbers,
 * booleans, lists, maps); a {@link java.time.Duration} or {@link java.nio.file.Path} is accepted
 * too. Instances are immutable: a shared base ({@code SessionHarness.fastConfig()}) can be extended
 * freely.
 */
public final class TestConfig {

  private final Map<String, Object> overlay;

  private TestConfig(Map<String, Object> overlay) {
    this.overlay = Collections.unmodifiableMap(overlay);
  }

  /** The embedded defaults, nothing overlaid. */
  public static TestConfig defaults() {
    return new TestConfig(new LinkedHashMap<>());
  }

  /** This overlay plus {@code key = value} (a later value for the same key wins). */
  public TestConfig with(String key, Object value) {
    Map<String, Object> next = new LinkedHashMap<>(overlay);
    next.put(key, value);
    return new TestConfig(next);
  }

  /** This overlay plus every entry of {@code more}. */
  public TestConfig with(Map<String, ?> more) {
    Map<String, Object> next = new LinkedHashMap<>(overlay);
    next.putAll(more);
    return new TestConfig(next);
  }

  public AppConfig app() {
    return AppConfig.defaultsWith(overlay);
  }

  public StoreConfig store() {
    return app().store();
  }

  public SessionConfig session() {
    return app().session();
  }

  public OneBotConfig onebot() {
    return app().onebot();
  }

  public BrainConfig brain() {
    return app().brain();
  }

  public GuardConfig guard() {
    return app().guard();
  }

  public RequestsConfig requests() {
    return app().requests();
  }

  /** {@code store:} with {@code overlay} applied. */
  public static StoreConfig store(Map<String, ?> overlay) {
    return defaults().with(overlay).store();
  }

  /** {@code session:} (and context, memory, proactive, owner) with {@code overlay} applied. */
  public static SessionConfig session(Map<String, ?> overlay) {
    return defaults().with(overlay).session();
  }

  /** {@code onebot:} with {@code overlay} applied. */
  public static OneBotConfig onebot(Map<String, ?> overlay) {
    return defaults().with(overlay).onebot();
  }

  /** {@code brain:} with {@code overlay} applied. */
  public static BrainConfig brain(Map<String, ?> overlay) {
    return defaults().with(overlay).brain();
  }

  /** {@code guard:} with {@code overlay} applied. */
  public static GuardConfig guard(Map<String, ?> overlay) {
    return defaults().with(overlay).guard();
  }

  /** {@code requests:} with {@code overlay} applied. */
  public static RequestsConfig requests(Map<String, ?> overlay) {
    return defaults().with(overlay).requests();
  }

  @Override
  public String toString() {
    return "TestConfig" + overlay;
  }
}
