package dev.perocore.social.onebot.event;

/**
 * A notice ({@code post_type} {@code notice}): group and friend changes, recalls, pokes. The spec's
 * notices have records; anything else an implementation adds (NapCat: {@code group_msg_emoji_like},
 * {@code essence}, {@code group_card}, {@code notify/input_status}, {@code bot_offline}, ...) is a
 * {@link GenericNotice} with the frame kept.
 */
public sealed interface NoticeEvent extends OneBotEvent
    permits GroupUploadNotice, GroupAdminNotice, GroupDecreaseNotice, GroupIncreaseNotice, GroupBanNotice,
        FriendAddNotice, GroupRecallNotice, FriendRecallNotice, PokeNotice, LuckyKingNotice, HonorNotice,
        GenericNotice {

  String POST_TYPE = "notice";

  /** The wire {@code notice_type}, e.g. {@code group_ban}, {@code notify}. */
  String noticeType();

  /** The wire {@code sub_type}, empty when the notice has none. */
  String subType();

  @Override
  default String postType() {
    return POST_TYPE;
  }
}
