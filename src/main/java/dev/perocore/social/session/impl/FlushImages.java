package dev.perocore.social.session.impl;

import dev.perocore.social.brain.ChatLine;
import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.media.MediaCache;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The images a flush shows the model ({@code brain.llm.vision}): the newest {@code
 * brain.llm.max_images} of the flushed messages, as {@code data:} URLs with the MIME type sniffed
 * from the bytes. Waits for the session's downloads still in flight (each bounded by {@code
 * media.download_timeout}), then reads the links from the store, so a message re-buffered after
 * a restart shows its images too. Best effort, like every context part: anything missing is left
 * out and the flush goes on with the text, where the image is {@code [图片]}.
 */
final class FlushImages {

  static final String KIND = "session.context.images";

  private final TaskSet tasks;
  private final Store store;
  private final MediaCache media;
  private final SessionTable sessions;
  private final Duration limit;

  /** @param media null when {@code media.enabled} is false */
  FlushImages(TaskSet tasks, Store store, MediaCache media, SessionTable sessions,
      Duration readTimeout) {
    this.tasks = tasks;
    this.store = store;
    this.media = media;
    this.sessions = sessions;
    this.limit = media == null ? readTimeout
        : media.config().downloadTimeout().plus(readTimeout).plus(readTimeout);
  }

  Future<List<String>> of(ChatKey key, List<ChatLine> lines) {
    int wanted = media == null ? 0 : media.config().imagesPerFlush();
    Map<Long, Integer> order = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      ChatLine line = lines.get(i);
      if (!line.fromBot() && line.text().contains("[CQ:image")) {
        try {
          order.put(Long.parseLong(line.messageId().trim()), i);
        } catch (NumberFormatException e) {
          // a system row or a foreign id: no images to find
        }
      }
    }
    if (wanted == 0 || order.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    SessionState s = sessions.get(key);
    List<Future<Void>> inFlight = s == null ? List.of() : s.mediaInFlight();
    return tasks.run(KIND, key.toString(), limit,
            () -> Future.join(inFlight)
                .transform(ignored -> store.media(key, List.copyOf(order.keySet())))
                .compose(links -> read(newest(links, lines, order, wanted))))
        .otherwise(List.of());
  }

  /** The newest {@code wanted} links of the flushed lines, oldest first. */
  private static List<MediaLink> newest(List<MediaLink> links, List<ChatLine> lines,
      Map<Long, Integer> order, int wanted) {
    List<MediaLink> mine = new ArrayList<>();
    for (MediaLink link : links) {
      Integer at = order.get(link.messageId());
      if (at != null && lines.get(at).senderId() == link.senderId()) {
        mine.add(link);
      }
    }
    mine.sort(Comparator.comparingInt((MediaLink l) -> order.get(l.messageId()))
        .thenComparingInt(MediaLink::seq));
    return mine.subList(Math.max(0, mine.size() - wanted), mine.size());
  }

  private Future<List<String>> read(List<MediaLink> links) {
    List<Future<String>> urls = new ArrayList<>();
    for (MediaLink link : links) {
      // A file evicted or deleted since is left out: the others still go.
      urls.add(media.dataUrl(link.sha256(), link.mime()).otherwise((String) null));
    }
    return Future.all(urls).map(done -> urls.stream().map(Future::result)
        .filter(url -> url != null).toList());
  }
}
