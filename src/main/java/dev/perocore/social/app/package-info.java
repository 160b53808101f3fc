/**
 * The application: command line, configuration loading and validation ({@code app.config}),
 * metrics set-up ({@code MetricsSetup}; {@code LeanMetricsFactory} swaps vertx-micrometer's event-bus
 * meters for {@code LeanEventBusMetrics}, the same meters looked up once), deployment of the
 * verticles in order, and graceful shutdown on SIGTERM.
 * It sees every other package; none sees it.
 *
 * <p>What operators meet first lives here too: {@link dev.perocore.social.app.Version} (the
 * {@code version} command), {@code StartupLine} (the first log line: build, ports, store, brain URL
 * and model, never a key), {@code StartupFailure} and {@link dev.perocore.social.app.ExitCode} (a
 * failed start as one line and a documented exit status), {@code LogSetup} and
 * {@link dev.perocore.social.app.JsonLogEncoder} ({@code log.level}, {@code log.format}).
 */
package dev.perocore.social.app;
