package dev.perocore.social.onebot.event;

import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.message.Segment;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Every example frame in the fixtures decodes to the right record with the right fields. */
class FixtureDecodingTest {

  private final EventDecoder decoder = new EventDecoder();

  private OneBotEvent decode(String fixture) {
    JsonObject frame = Fixtures.json(fixture);
    DecodeResult result = decoder.decode(frame);
    if (result instanceof DecodeResult.Rejected r) {
      fail(fixture + " rejected: " + r.reason() + " / " + r.detail());
    }
    OneBotEvent event = ((DecodeResult.Decoded) result).event();
    assertSame(frame, event.raw(), "raw() is the frame as received");
    assertEquals(10001L, event.selfId());
    return event;
  }

  @Test
  void everyEventFixtureDecodesFromText() {
    for (String name : Fixtures.EVENTS) {
      DecodeResult result = decoder.decodeText(Fixtures.text(name));
      assertInstanceOf(DecodeResult.Decoded.class, result, name + ": " + result);
      assertFalse(EventDecoder.isActionResponse(Fixtures.json(name)), name);
    }
  }

  @Test
  void privateArrayMessage() {
    PrivateMessageEvent e = assertInstanceOf(PrivateMessageEvent.class, decode("message-private-array.json"));
    assertEquals(1732435200L, e.time());
    assertEquals("message", e.postType());
    assertEquals("friend", e.subType());
    assertEquals("123456", e.messageId());
    assertEquals(20002L, e.userId());
    assertEquals(ChatType.PRIVATE, e.chatType());
    assertEquals(20002L, e.peerId());
    assertEquals("小明", e.sender().nickname());
    assertEquals("male", e.sender().sex());
    assertEquals(20, e.sender().age());
    assertEquals("小明", e.sender().displayName());
    List<Segment> segs = e.message().segments();
    assertEquals(3, segs.size());
    assertEquals("你好呀，", assertInstanceOf(Segment.Text.class, segs.get(0)).text());
    assertEquals("178", assertInstanceOf(Segment.Face.class, segs.get(1)).id());
    assertEquals("你好呀， 今天过得怎么样？", e.message().plainText());
    assertEquals("你好呀，[CQ:face,id=178] 今天过得怎么样？", e.rawMessage());
    assertEquals(e.rawMessage(), e.message().toCqString(), "array and raw_message agree");
    assertFalse(e.fromSelf());
    assertFalse(e.mentionsSelf());
    assertEquals("10001:123456", e.dedupeKey());
  }

  @Test
  void groupStringMessageWithMentionImageAndEscapes() {
    GroupMessageEvent e = assertInstanceOf(GroupMessageEvent.class, decode("message-group-string.json"));
    assertEquals("123457", e.messageId());
    assertEquals(30003L, e.groupId());
    assertEquals(30003L, e.peerId());
    assertEquals(ChatType.GROUP, e.chatType());
    assertEquals(20003L, e.userId());
    assertEquals("normal", e.subType());
    assertEquals(Optional.empty(), e.anonymous(), "anonymous: null is no anonymous sender");
    assertEquals("群名片", e.sender().card());
    assertEquals("群名片", e.sender().displayName());
    assertEquals("5", e.sender().level());
    assertEquals("member", e.sender().role());
    List<Segment> segs = e.message().segments();
    assertEquals(4, segs.size(), segs.toString());
    assertEquals("10001", assertInstanceOf(Segment.At.class, segs.get(0)).qq());
    assertEquals(" 帮我看看这个 ", assertInstanceOf(Segment.Text.class, segs.get(1)).text());
    Segment.Image image = assertInstanceOf(Segment.Image.class, segs.get(2));
    assertEquals("abc.image", image.file());
    assertEquals(Optional.of("https://example.invalid/abc.png"), image.url());
    assertEquals(" 价格是 [100] & 运费,包邮吗", assertInstanceOf(Segment.Text.class, segs.get(3)).text());
    assertTrue(e.mentionsSelf());
    assertFalse(e.message().mentionsAll());
    assertEquals(Fixtures.json("message-group-string.json").getString("raw_message"), e.rawMessage());
  }

  @Test
  void groupReplyArrayMessage() {
    GroupMessageEvent e = assertInstanceOf(GroupMessageEvent.class, decode("message-group-reply-array.json"));
    assertEquals("123458", e.messageId());
    assertEquals(Optional.of("777"), e.message().replyToMessageId());
    assertEquals("这是真的吗？", e.message().plainText());
    assertEquals("admin", e.sender().role());
    assertEquals("老王", e.sender().displayName(), "empty card falls back to the nickname");
    assertEquals("[CQ:reply,id=777]这是真的吗？", e.message().toCqString());
  }

  @Test
  void heartbeat() {
    HeartbeatEvent e = assertInstanceOf(HeartbeatEvent.class, decode("meta-heartbeat.json"));
    assertEquals("meta_event", e.postType());
    assertEquals("heartbeat", e.metaEventType());
    assertEquals(15000L, e.interval());
    assertEquals(java.time.Duration.ofSeconds(15), e.intervalDuration());
    assertTrue(e.online());
    assertTrue(e.good());
    assertEquals(new JsonObject().put("online", true).put("good", true), e.status());
  }

  @Test
  void lifecycleConnect() {
    LifecycleEvent e = assertInstanceOf(LifecycleEvent.class, decode("meta-lifecycle-connect.json"));
    assertEquals("connect", e.subType());
    assertEquals("lifecycle", e.metaEventType());
    assertEquals(1732435000L, e.time());
  }

  @Test
  void groupBan() {
    GroupBanNotice e = assertInstanceOf(GroupBanNotice.class, decode("notice-group-ban.json"));
    assertEquals("notice", e.postType());
    assertEquals("group_ban", e.noticeType());
    assertEquals("ban", e.subType());
    assertFalse(e.lifted());
    assertEquals(30003L, e.groupId());
    assertEquals(20004L, e.operatorId());
    assertEquals(10001L, e.userId());
    assertEquals(600L, e.duration());
  }

  @Test
  void groupRecall() {
    GroupRecallNotice e = assertInstanceOf(GroupRecallNotice.class, decode("notice-group-recall.json"));
    assertEquals("group_recall", e.noticeType());
    assertEquals(30003L, e.groupId());
    assertEquals(20003L, e.userId());
    assertEquals(20003L, e.operatorId());
    assertEquals("123457", e.messageId(), "same form as the recalled message's messageId()");
  }

  @Test
  void groupPoke() {
    PokeNotice e = assertInstanceOf(PokeNotice.class, decode("notice-poke.json"));
    assertEquals("notify", e.noticeType());
    assertEquals("poke", e.subType());
    assertEquals(OptionalLong.of(30003L), e.groupId());
    assertEquals(20003L, e.userId());
    assertEquals(10001L, e.targetId());
    assertTrue(e.targetsSelf());
  }

  @Test
  void friendRequest() {
    FriendRequestEvent e = assertInstanceOf(FriendRequestEvent.class, decode("request-friend.json"));
    assertEquals("request", e.postType());
    assertEquals("friend", e.requestType());
    assertEquals(20009L, e.userId());
    assertEquals("我是在群里认识你的", e.comment());
    assertEquals("flag-friend-001", e.flag());
  }

  @Test
  void groupInvite() {
    GroupRequestEvent e = assertInstanceOf(GroupRequestEvent.class, decode("request-group-invite.json"));
    assertEquals("group", e.requestType());
    assertEquals("invite", e.subType());
    assertTrue(e.invite());
    assertEquals(30010L, e.groupId());
    assertEquals(20009L, e.userId());
    assertEquals("", e.comment());
    assertEquals("flag-group-001", e.flag());
  }

  @Test
  void responsesAreNotEvents() {
    assertTrue(EventDecoder.isActionResponse(Fixtures.json("response-ok.json")));
    assertTrue(EventDecoder.isActionResponse(Fixtures.json("response-failed.json")));
    DecodeResult.Rejected r = assertInstanceOf(DecodeResult.Rejected.class,
        decoder.decode(Fixtures.json("response-ok.json")));
    assertEquals(RejectReason.MISSING_FIELD, r.reason());
    assertTrue(r.detail().contains("post_type"), r.detail());
  }

  @Test
  void actionMessageParsesWithTheSameModel() {
    JsonObject action = Fixtures.json("action-send-private.json");
    var message = dev.perocore.social.onebot.message.Message.parse(action.getJsonObject("params").getValue("message"));
    assertEquals("挺好的，谢谢关心！", message.plainText());
    assertEquals(action.getJsonObject("params").getJsonArray("message"), message.toJsonArray());
  }
}
