package dev.perocore.social.session.requests;

import dev.perocore.social.onebot.event.FriendRequestEvent;
import dev.perocore.social.onebot.event.GroupRequestEvent;
import dev.perocore.social.onebot.event.RequestEvent;
import dev.perocore.social.store.RequestRow;
import java.util.Locale;

/** The three requests OneBot v11 delivers; each has its own policy. */
public enum RequestKind {
  /** Someone asks to become the bot's friend ({@code set_friend_add_request}). */
  FRIEND,
  /** Someone invites the bot into a group ({@code set_group_add_request}, sub_type invite). */
  GROUP_INVITE,
  /** Someone asks to join a group the bot administers ({@code set_group_add_request}, add). */
  GROUP_ADD;

  /** The metric label and JSON spelling: {@code friend}, {@code group_invite}, {@code group_add}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RequestKind of(RequestEvent event) {
    if (event instanceof FriendRequestEvent) {
      return FRIEND;
    }
    return ((GroupRequestEvent) event).invite() ? GROUP_INVITE : GROUP_ADD;
  }

  /** The kind of a stored request ({@code request_type} friend/group, {@code sub_type}). */
  public static RequestKind of(RequestRow row) {
    if ("friend".equals(row.requestType())) {
      return FRIEND;
    }
    return "invite".equals(row.subType()) ? GROUP_INVITE : GROUP_ADD;
  }
}
