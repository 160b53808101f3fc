/**
 * Operations: the management server ({@code /metrics}, {@code /health/live}, {@code
 * /health/ready}) on its own port, and the service server on the app port that carries the OneBot
 * endpoints, the admin API and, when enabled, the debug endpoints. On the service port this package
 * also owns the admin API's guard ({@code AdminAuth}), its index and OpenAPI description ({@code
 * ApiIndex}, from {@code api/openapi.json} in the jar), the tasks and alert-input listings, and the
 * web console's static files ({@code ConsoleRoutes}, from {@code console/} in the jar, read once at
 * assembly and served from memory). A path nobody serves is a 404
 * that is counted ({@code social_http_not_found_total{server}}) and logged with its path, at most
 * once a minute ({@code NotFoundRoute}): how a wrong NapCat URL shows itself. With a cluster of full
 * nodes, {@code AdminScatter} asks every full node for its rows of a listing (sessions, tasks,
 * requests) within {@code cluster.admin_timeout} and {@code ScatterReply} merges them, naming each
 * row's node and each node that did not answer.
 */
package dev.perocore.social.ops;
