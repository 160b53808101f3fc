package dev.perocore.social.onebot.history;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.chat.ChatType;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.ActionResult;
import dev.perocore.social.onebot.event.DecodeResult;
import dev.perocore.social.onebot.event.EventDecoder;
import dev.perocore.social.onebot.event.MessageEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Fetches what one chat said after its {@link KnownPoint}: the newest page first, then pages
 * ending at the oldest message seen, until a page reaches the known point (complete), the chat's
 * history ends (complete), {@code max_pages} or the run's deadline is hit (capped), or a call
 * fails (failed). Every message kept is newer than the known point; repeats of an anchor are
 * dropped. Calls are made one after another through {@code calls}, which paces them and bounds
 * each with a named deadline.
 */
public final class ChatHistory {

  private final HistoryStrategy strategy;
  private final Function<ActionRequest, Future<ActionResult>> calls;
  private final int maxPages;
  private final int pageSize;
  private final LongSupplier nanoTime;
  private final EventDecoder decoder = new EventDecoder();

  public ChatHistory(HistoryStrategy strategy, Function<ActionRequest, Future<ActionResult>> calls,
      int maxPages, int pageSize, LongSupplier nanoTime) {
    this.strategy = strategy;
    this.calls = calls;
    this.maxPages = maxPages;
    this.pageSize = pageSize;
    this.nanoTime = nanoTime;
  }

  /** One chat's missed messages; never fails (a failure is an outcome). */
  public Future<HistoryResult> fetch(ChatKey chat, KnownPoint known, long deadlineNanos) {
    if (!strategy.supports(chat.type())) {
      return Future.succeededFuture(HistoryResult.unsupported());
    }
    return page(new Walk(chat, known, deadlineNanos), OptionalLong.empty());
  }

  private Future<HistoryResult> page(Walk walk, OptionalLong anchor) {
    if (walk.pages >= maxPages) {
      return Future.succeededFuture(walk.end(BackfillOutcome.CAPPED, ""));
    }
    if (nanoTime.getAsLong() - walk.deadlineNanos >= 0) {
      return Future.succeededFuture(walk.end(BackfillOutcome.CAPPED, ""));
    }
    walk.pages++;
    return calls.apply(strategy.page(walk.chat, anchor, pageSize))
        .compose(result -> {
          List<MessageEvent> page = messages(walk.chat, result);
          int before = walk.kept.size();
          boolean reached = walk.take(page);
          boolean shortPage = strategy.honoursCount() && page.size() < pageSize;
          if (reached || walk.kept.size() == before || shortPage) {
            // At what is stored, or nothing new came back, or the history has no more.
            return Future.succeededFuture(walk.end(BackfillOutcome.COMPLETE, ""));
          }
          return page(walk, OptionalLong.of(anchorOf(page.get(0))));
        }, cause -> Future.succeededFuture(walk.end(BackfillOutcome.FAILED,
            String.valueOf(cause.getMessage()))));
  }

  /** The page's messages, oldest first; entries that are not message events are skipped. */
  private List<MessageEvent> messages(ChatKey chat, ActionResult result) {
    Object data = result.data();
    JsonArray array = data instanceof JsonObject o ? o.getJsonArray("messages", new JsonArray())
        : data instanceof JsonArray a ? a : new JsonArray();
    List<MessageEvent> out = new ArrayList<>();
    for (Object item : array) {
      if (item instanceof JsonObject json) {
        // History entries may omit what an event carries (self_id, post_type, message_type):
        // they are this chat's messages, so say so before decoding.
        JsonObject frame = json.copy();
        frame.put("self_id", frame.getValue("self_id", chat.selfId()));
        frame.put("post_type", frame.getValue("post_type", MessageEvent.POST_TYPE));
        boolean group = chat.type() == ChatType.GROUP;
        frame.put("message_type", frame.getValue("message_type",
            group ? MessageEvent.GROUP : MessageEvent.PRIVATE));
        if (group) {
          frame.put("group_id", frame.getValue("group_id", chat.peerId()));
        }
        if (decoder.decode(frame) instanceof DecodeResult.Decoded d
            && d.event() instanceof MessageEvent m && m.peerId() == chat.peerId()
            && m.chatType() == chat.type()) {
          out.add(m);
        }
      }
    }
    // Implementations differ in page order; a stable sort by time keeps each page's own order
    // among messages of the same second.
    if (out.size() > 1 && out.get(0).time() > out.get(out.size() - 1).time()) {
      java.util.Collections.reverse(out);
    }
    out.sort(Comparator.comparingLong(MessageEvent::time));
    return out;
  }

  /** The anchor that names a message to its implementation: message_seq if given, else its id. */
  private static long anchorOf(MessageEvent event) {
    Object seq = event.raw().getValue("message_seq");
    try {
      return seq == null ? Long.parseLong(event.messageId().trim())
          : Long.parseLong(String.valueOf(seq).trim());
    } catch (NumberFormatException e) {
      return Long.parseLong(event.messageId().trim());
    }
  }

  /** One chat's walk back through its history. */
  private static final class Walk {
    final ChatKey chat;
    final KnownPoint known;
    final long deadlineNanos;
    final Set<String> seen = new HashSet<>();
    /** Pages newest first; each page oldest first. */
    final List<List<MessageEvent>> kept = new ArrayList<>();
    int pages;

    Walk(ChatKey chat, KnownPoint known, long deadlineNanos) {
      this.chat = chat;
      this.known = known;
      this.deadlineNanos = deadlineNanos;
    }

    /** Keeps the page's new messages newer than the known point; true once it was reached. */
    boolean take(List<MessageEvent> page) {
      boolean reached = false;
      List<MessageEvent> fresh = new ArrayList<>();
      for (MessageEvent m : page) {
        long id;
        try {
          id = Long.parseLong(m.messageId().trim());
        } catch (NumberFormatException e) {
          continue; // the store keys on numeric ids; the live path refuses these too
        }
        if (!seen.add(id + "@" + m.time())) {
          continue; // the anchor, repeated by an implementation that includes it
        }
        if (known.reached(id, m.userId(), m.time())) {
          reached = true;
        } else {
          fresh.add(m);
        }
      }
      if (!fresh.isEmpty()) {
        kept.add(fresh);
      }
      return reached;
    }

    HistoryResult end(BackfillOutcome outcome, String why) {
      List<MessageEvent> all = new ArrayList<>();
      for (int i = kept.size() - 1; i >= 0; i--) {
        all.addAll(kept.get(i));
      }
      return new HistoryResult(outcome, all, pages, why);
    }
  }
}
