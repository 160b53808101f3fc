/**
 * Operations: the management server ({@code /metrics}, {@code /health/live}, {@code
 * /health/ready}) on its own port, and the service server on the app port that carries the OneBot
 * endpoints, the admin API and, when enabled, the debug endpoints.
 */
package dev.perocore.social.ops;
