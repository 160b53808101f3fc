/**
 * The application: command line, configuration loading and validation ({@code app.config}),
 * metrics set-up, deployment of the verticles in order, and graceful shutdown on SIGTERM.
 * It sees every other package; none sees it.
 */
package dev.perocore.social.app;
