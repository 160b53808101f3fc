/**
 * Friend requests, group invites and group join requests: the {@link
 * dev.perocore.social.session.requests.RequestDesk} consumes {@code social.inbound.request}, stores
 * each request, decides by policy ({@code requests.*}), answers with {@code set_friend_add_request}
 * / {@code set_group_add_request}, greets a new friend after a pause and tells the owner. Held
 * requests stay open in the store for the owner's decision through the admin API. Nothing here runs
 * inline on the inbound path.
 *
 * <p>The desk holds a request's path and delegates its steps, one file each: {@code
 * RequestAnswer.java} (the OneBot action), {@code ResolutionWriter.java} (the stored resolution),
 * {@code RequestOutcomes.java} (log line, {@code social.requests} counter and published event of
 * every decision), {@code FriendGreetings.java} and {@code OwnerNotices.java} (the messages that
 * follow a decision).
 */
package dev.perocore.social.session.requests;
