/**
 * Operations: the management server ({@code /metrics}, {@code /health/live}, {@code
 * /health/ready}) on its own port, and the service server on the app port that carries the OneBot
 * endpoints, the admin API and, when enabled, the debug endpoints. A path nobody serves is a 404
 * that is counted ({@code social_http_not_found_total{server}}) and logged with its path, at most
 * once a minute ({@code NotFoundRoute}): how a wrong NapCat URL shows itself.
 */
package dev.perocore.social.ops;
