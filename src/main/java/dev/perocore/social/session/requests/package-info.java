/**
 * Friend requests, group invites and group join requests: the {@link
 * dev.perocore.social.session.requests.RequestDesk} consumes {@code social.inbound.request}, stores
 * each request, decides by policy ({@code requests.*}), answers with {@code set_friend_add_request}
 * / {@code set_group_add_request}, greets a new friend after a pause and tells the owner. Held
 * requests stay open in the store for the owner's decision through the admin API. Nothing here runs
 * inline on the inbound path.
 */
package dev.perocore.social.session.requests;
