/**
 * Configuration: one YAML file of defaults, overlays on top of it, and one place that turns the
 * result into the typed section records.
 *
 * <p><b>Where keys come from.</b> {@link dev.perocore.social.app.config.ConfigLoader} starts from
 * {@code conf/application.yaml} (the same file is inside the jar; it defines every key and its
 * default), then applies, in this order: a {@code --config FILE} (YAML, only keys that exist in
 * the defaults), then environment variables {@code SOCIAL_<SECTION>_<KEY>} ({@code
 * store.busy_timeout} is {@code SOCIAL_STORE_BUSY_TIMEOUT}; lists as JSON or comma-separated
 * words, maps as JSON). Tests, benchmarks and the demo use {@link
 * dev.perocore.social.app.config.ConfigLoader#defaultsWith} / {@link
 * dev.perocore.social.app.config.ConfigLoader#overlay} with dotted keys under the same rules. An
 * unknown key is refused everywhere, so a typo never silently sets nothing; only below a key whose
 * default is an empty map ({@code session.bots}) are keys free-form. Its parts: {@code
 * YamlSource} (YAML text to JSON) and {@code EnvironmentOverlay} (the {@code SOCIAL_*} layer and
 * its unknown-name check).
 *
 * <p><b>Where keys are parsed and validated.</b> {@link dev.perocore.social.app.config.AppConfig}
 * (and {@code SessionConfigParser} for the session sections) reads every key exactly once through
 * {@link dev.perocore.social.app.config.ConfigView}, whose typed getters check form and range and
 * throw a {@link dev.perocore.social.app.config.ConfigException} naming the key, the value and
 * what is allowed; cross-key rules (ports differ, {@code reconnect_max >= reconnect_min}, {@code
 * kind: llm} needs a {@code base_url}) sit next to the keys they join. This is the only code that
 * constructs the section records ({@code StoreConfig}, {@code SessionConfig}, {@code
 * OneBotConfig}, {@code BrainConfig}, {@code LlmConfig}, {@code GuardConfig}, {@code
 * RequestsConfig}): their components are positional, and two adjacent durations swapped would
 * compile. Everyone else gets a record from here, tests included ({@code testing.TestConfig}), so
 * no default is written twice.
 */
package dev.perocore.social.app.config;
