/**
 * The admin API under {@code /api/v1/} (behind {@code ops.AdminAuth}): sessions and their stored
 * messages (paged), stored conversations, bots, held requests and their resolution, sending as a
 * bot, backups, deleting a user's history. Every route is described in {@code api/openapi.json}
 * (a test holds the two together). Each route is a {@link
 * dev.perocore.social.ops.RouteMount} on the service server; their async work is owned by {@link
 * dev.perocore.social.session.admin.AdminApiVerticle}'s TaskSet, each step with a named deadline.
 */
package dev.perocore.social.session.admin;
