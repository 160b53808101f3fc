package dev.perocore.social.onebot.event;

import dev.perocore.social.onebot.message.Segment;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Frames shaped as NapCat (and go-cqhttp, Lagrange) really send them: ids as strings, extra fields,
 * message_format, the bot's own message_sent, notices and segments the spec does not know.
 */
class NapCatVariantsTest {

  private final EventDecoder decoder = new EventDecoder();

  private OneBotEvent decoded(JsonObject frame) {
    DecodeResult result = decoder.decode(frame);
    if (result instanceof DecodeResult.Rejected r) {
      fail("rejected: " + r.reason() + " / " + r.detail() + " for " + frame.encode());
    }
    return ((DecodeResult.Decoded) result).event();
  }

  @Test
  void idsAsStringsDecodeLikeNumbers() {
    JsonObject numeric = Fixtures.json("message-group-string.json");
    JsonObject stringy = numeric.copy()
        .put("self_id", "10001").put("user_id", "20003").put("group_id", "30003").put("message_id", "123457")
        .put("time", "1732435260");
    GroupMessageEvent a = (GroupMessageEvent) decoded(numeric);
    GroupMessageEvent b = (GroupMessageEvent) decoded(stringy);
    assertEquals(a.selfId(), b.selfId());
    assertEquals(a.userId(), b.userId());
    assertEquals(a.groupId(), b.groupId());
    assertEquals(a.messageId(), b.messageId());
    assertEquals(a.time(), b.time());
    assertEquals(a.dedupeKey(), b.dedupeKey(), "a redelivery with string ids is the same message");
    assertEquals(a.message(), b.message());
  }

  @Test
  void messageIdFormsNormaliseToOneDecimalString() {
    JsonObject base = Fixtures.json("message-private-array.json");
    for (Object id : new Object[] {777, 777L, "777", " 777 ", "0777", 777.0}) {
      assertEquals("777", ((MessageEvent) decoded(base.copy().put("message_id", id))).messageId(), "id " + id);
    }
    assertEquals("-2147483000", ((MessageEvent) decoded(base.copy().put("message_id", -2147483000))).messageId(),
        "go-cqhttp's negative ids");
    assertEquals("msg-abc", ((MessageEvent) decoded(base.copy().put("message_id", "msg-abc"))).messageId(),
        "non-numeric string ids are kept as they are");
  }

  @Test
  void napCatExtraFieldsAreAcceptedAndKept() {
    JsonObject frame = Fixtures.json("message-group-reply-array.json")
        .put("message_seq", 4567).put("real_id", 4567).put("real_seq", "4567").put("message_format", "array")
        .put("raw", new JsonObject().put("msgId", "7441").put("elements", new JsonArray().add(new JsonObject())))
        .put("font", 14).put("group_name", "测试群");
    frame.getJsonObject("sender").put("level", 5).put("title", "头衔").put("sex", "unknown");
    GroupMessageEvent e = (GroupMessageEvent) decoded(frame);
    assertEquals(4567, e.raw().getInteger("message_seq"));
    assertEquals("array", e.raw().getString("message_format"));
    assertEquals("7441", e.raw().getJsonObject("raw").getString("msgId"));
    assertEquals("5", e.sender().level(), "numeric level is read as its string");
    assertEquals("头衔", e.sender().title());
  }

  @Test
  void messageFormatStringIsParsedAsCq() {
    JsonObject frame = Fixtures.json("message-private-array.json")
        .put("message_format", "string")
        .put("message", "你好呀，[CQ:face,id=178] 今天过得怎么样？");
    MessageEvent fromString = (MessageEvent) decoded(frame);
    MessageEvent fromArray = (MessageEvent) decoded(Fixtures.json("message-private-array.json"));
    assertEquals(fromArray.message(), fromString.message());
  }

  @Test
  void descriptiveFieldsOfOddShapesDoNotLoseTheMessage() {
    JsonObject frame = Fixtures.json("message-group-string.json");
    frame.getJsonObject("sender").put("age", "x").put("nickname", new JsonObject()).put("user_id", "bad");
    GroupMessageEvent e = (GroupMessageEvent) decoded(frame);
    assertEquals(0, e.sender().age());
    assertEquals("", e.sender().nickname());
    assertEquals(20003L, e.sender().userId(), "unreadable sender.user_id falls back to the event's user_id");

    JsonObject noSender = Fixtures.json("message-private-array.json");
    noSender.remove("sender");
    noSender.remove("raw_message");
    MessageEvent m = (MessageEvent) decoded(noSender);
    assertEquals(Sender.ofUserId(20002L), m.sender());
    assertEquals("你好呀，[CQ:face,id=178] 今天过得怎么样？", m.rawMessage(), "raw_message computed when absent");
  }

  @Test
  void messageSentIsTheBotsOwnMessageAndItsPeerIsTheTarget() {
    JsonObject frame = Fixtures.json("message-private-array.json")
        .put("post_type", "message_sent").put("user_id", 10001).put("target_id", 20002)
        .put("message_sent_type", "self");
    PrivateMessageEvent e = (PrivateMessageEvent) decoded(frame);
    assertEquals("message_sent", e.postType());
    assertTrue(e.fromSelf());
    assertEquals(OptionalLong.of(20002L), e.targetId());
    assertEquals(20002L, e.peerId(), "the conversation is with the recipient, not with the bot");

    JsonObject incoming = Fixtures.json("message-private-array.json").put("target_id", 10001);
    PrivateMessageEvent in = (PrivateMessageEvent) decoded(incoming);
    assertFalse(in.fromSelf());
    assertEquals(20002L, in.peerId(), "NapCat's target_id on incoming messages is the bot: peer stays the sender");

    GroupMessageEvent g = (GroupMessageEvent) decoded(Fixtures.json("message-group-string.json")
        .put("post_type", "message_sent").put("user_id", 10001));
    assertTrue(g.fromSelf());
    assertEquals(30003L, g.peerId());
  }

  @Test
  void unknownSegmentTypesArePreservedWhole() {
    JsonArray message = new JsonArray()
        .add(new JsonObject().put("type", "text").put("data", new JsonObject().put("text", "看")))
        .add(new JsonObject().put("type", "mface").put("data", new JsonObject().put("emoji_id", "abc")
            .put("emoji_package_id", 1234).put("key", "k").put("summary", "[开心]")))
        .add(new JsonObject().put("type", "markdown").put("data", new JsonObject().put("content", "# hi")))
        .add(new JsonObject().put("type", "file").put("data", new JsonObject().put("file", "a.zip")
            .put("file_id", "/abc").put("file_size", "1024")))
        .add(new JsonObject().put("type", "lightapp").put("data", new JsonObject().put("content", "{\"a\":1}")))
        .add(new JsonObject().put("type", "keyboard").put("data", new JsonObject()
            .put("rows", new JsonArray().add(new JsonObject().put("buttons", new JsonArray())))));
    JsonObject frame = Fixtures.json("message-private-array.json").put("message", message);
    MessageEvent e = (MessageEvent) decoded(frame);
    var segs = e.message().segments();
    assertInstanceOf(Segment.Mface.class, segs.get(1));
    assertEquals("[开心]", ((Segment.Mface) segs.get(1)).summary().orElseThrow());
    assertInstanceOf(Segment.Markdown.class, segs.get(2));
    assertInstanceOf(Segment.File.class, segs.get(3));
    Segment.Generic lightapp = assertInstanceOf(Segment.Generic.class, segs.get(4));
    assertEquals("lightapp", lightapp.type());
    assertInstanceOf(Segment.Generic.class, segs.get(5));
    assertEquals(message, e.message().toJsonArray(), "every segment re-encodes exactly as received");
  }

  @Test
  void everySpecNoticeDecodesToItsRecord() {
    JsonObject base = new JsonObject().put("time", 1732435000).put("self_id", 10001).put("post_type", "notice");
    GroupUploadNotice upload = (GroupUploadNotice) decoded(base.copy().put("notice_type", "group_upload")
        .put("group_id", 30003).put("user_id", 20003).put("file", new JsonObject()
            .put("id", "/f-1").put("name", "报告.pdf").put("size", 2048).put("busid", 102)));
    assertEquals(new GroupFile("/f-1", "报告.pdf", 2048, 102), upload.file());
    assertEquals("", upload.subType());

    GroupAdminNotice admin = (GroupAdminNotice) decoded(base.copy().put("notice_type", "group_admin")
        .put("sub_type", "set").put("group_id", 30003).put("user_id", 20003));
    assertEquals("set", admin.subType());

    GroupDecreaseNotice kicked = (GroupDecreaseNotice) decoded(base.copy().put("notice_type", "group_decrease")
        .put("sub_type", "kick_me").put("group_id", 30003).put("operator_id", 20004).put("user_id", 10001));
    assertTrue(kicked.botKicked());
    assertEquals(20004L, kicked.operatorId());

    GroupIncreaseNotice joined = (GroupIncreaseNotice) decoded(base.copy().put("notice_type", "group_increase")
        .put("sub_type", "approve").put("group_id", 30003).put("operator_id", 20004).put("user_id", 20010));
    assertEquals(20010L, joined.userId());

    GroupBanNotice lift = (GroupBanNotice) decoded(base.copy().put("notice_type", "group_ban")
        .put("sub_type", "lift_ban").put("group_id", 30003).put("operator_id", 20004).put("user_id", 0)
        .put("duration", 0));
    assertTrue(lift.lifted());
    assertTrue(lift.wholeGroup());

    FriendAddNotice friend = (FriendAddNotice) decoded(base.copy().put("notice_type", "friend_add")
        .put("user_id", 20011));
    assertEquals(20011L, friend.userId());

    FriendRecallNotice recall = (FriendRecallNotice) decoded(base.copy().put("notice_type", "friend_recall")
        .put("user_id", 20002).put("message_id", "123456"));
    assertEquals("123456", recall.messageId());

    LuckyKingNotice king = (LuckyKingNotice) decoded(base.copy().put("notice_type", "notify")
        .put("sub_type", "lucky_king").put("group_id", 30003).put("user_id", 20003).put("target_id", 20004));
    assertEquals(20004L, king.targetId());
    assertEquals("lucky_king", king.subType());

    HonorNotice honor = (HonorNotice) decoded(base.copy().put("notice_type", "notify")
        .put("sub_type", "honor").put("group_id", 30003).put("honor_type", "talkative").put("user_id", 20003));
    assertEquals("talkative", honor.honorType());

    PokeNotice privatePoke = (PokeNotice) decoded(base.copy().put("notice_type", "notify")
        .put("sub_type", "poke").put("user_id", 20002).put("target_id", 10001).put("sender_id", 20002)
        .put("raw_info", new JsonArray()));
    assertEquals(OptionalLong.empty(), privatePoke.groupId(), "NapCat's private poke has no group");
    assertTrue(privatePoke.targetsSelf());

    GroupRequestEvent add = (GroupRequestEvent) decoded(base.copy().put("post_type", "request")
        .put("request_type", "group").put("sub_type", "add").put("group_id", 30003).put("user_id", 20012)
        .put("comment", "想加入").put("flag", "f-2").put("invitor_id", 0));
    assertFalse(add.invite());

    LifecycleEvent enable = (LifecycleEvent) decoded(base.copy().put("post_type", "meta_event")
        .put("meta_event_type", "lifecycle").put("sub_type", "enable"));
    assertEquals("enable", enable.subType());
  }

  @Test
  void napCatNoticesBecomeGenericNoticesWithEverythingKept() {
    JsonObject base = new JsonObject().put("time", 1732435000).put("self_id", "10001").put("post_type", "notice");
    JsonObject emojiLike = base.copy().put("notice_type", "group_msg_emoji_like").put("group_id", 30003)
        .put("user_id", "20003").put("message_id", 123457)
        .put("likes", new JsonArray().add(new JsonObject().put("emoji_id", "76").put("count", 1)));
    GenericNotice like = assertInstanceOf(GenericNotice.class, decoded(emojiLike));
    assertEquals("group_msg_emoji_like", like.noticeType());
    assertEquals("", like.subType());
    assertEquals(OptionalLong.of(30003L), like.groupId());
    assertEquals(OptionalLong.of(20003L), like.userId());
    assertEquals(10001L, like.selfId());
    assertEquals("76", like.raw().getJsonArray("likes").getJsonObject(0).getString("emoji_id"));

    for (JsonObject frame : new JsonObject[] {
        base.copy().put("notice_type", "essence").put("sub_type", "add").put("group_id", 30003)
            .put("message_id", 1).put("sender_id", 20003).put("operator_id", 20004),
        base.copy().put("notice_type", "group_card").put("group_id", 30003).put("user_id", 20003)
            .put("card_new", "新").put("card_old", "旧"),
        base.copy().put("notice_type", "notify").put("sub_type", "input_status").put("user_id", 20002)
            .put("status_text", "对方正在输入...").put("event_type", 1),
        base.copy().put("notice_type", "notify").put("sub_type", "title").put("group_id", 30003)
            .put("user_id", 20003).put("title", "龙王"),
        base.copy().put("notice_type", "bot_offline").put("user_id", 10001).put("tag", "BotOfflineEvent")
            .put("message", "账号下线"),
    }) {
      GenericNotice n = assertInstanceOf(GenericNotice.class, decoded(frame), frame.encode());
      assertEquals(frame.getString("notice_type"), n.noticeType());
      assertEquals(frame.getString("sub_type", ""), n.subType());
      assertEquals(frame, n.raw());
    }
    GenericNotice offline = (GenericNotice) decoded(base.copy().put("notice_type", "bot_offline"));
    assertEquals(OptionalLong.empty(), offline.groupId());
  }

  @Test
  void requestFlagMayBeNumeric() {
    JsonObject frame = Fixtures.json("request-friend.json").put("flag", 1732435500123L);
    assertEquals("1732435500123", ((FriendRequestEvent) decoded(frame)).flag());
  }
}
