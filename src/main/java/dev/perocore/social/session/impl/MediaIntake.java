package dev.perocore.social.session.impl;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.media.CachedImage;
import dev.perocore.social.media.MediaCache;
import dev.perocore.social.onebot.event.MessageEvent;
import dev.perocore.social.onebot.message.Segment;
import dev.perocore.social.store.MediaLink;
import dev.perocore.social.store.Store;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A received message's images, fetched on arrival (QQ's URLs expire within hours, so a flush or a
 * restart later finds only the cached bytes) and linked to the message in the store. Runs beside
 * the append as its own {@link #KIND} task, never in its way: a slow image host delays no
 * message, and a failed download costs that image only (counted by the {@link MediaCache}). A
 * flush that shows images waits for its session's downloads in flight ({@link FlushImages}).
 */
final class MediaIntake {

  /** Downloads and link of one message's images: {@code media.download_timeout} plus a write. */
  static final String KIND = "session.media";

  private final TaskSet tasks;
  private final Store store;
  private final MediaCache media;
  private final SessionTable sessions;
  private final Duration limit;

  /** @param media null when {@code media.enabled} is false */
  MediaIntake(TaskSet tasks, Store store, MediaCache media, SessionTable sessions,
      Duration storeTimeout) {
    this.tasks = tasks;
    this.store = store;
    this.media = media;
    this.sessions = sessions;
    this.limit = media == null ? storeTimeout
        : media.config().downloadTimeout().plus(storeTimeout);
  }

  void onMessage(ChatKey key, MessageEvent event, long messageId) {
    if (media == null || event.fromSelf()) {
      return;
    }
    List<String> urls = urls(event);
    if (urls.isEmpty()) {
      return;
    }
    SessionState s = sessions.state(key);
    Future<Void> done = tasks.run(KIND, key + " message " + messageId, limit,
        () -> fetchAll(urls).compose(images -> store.linkMedia(key,
            links(messageId, event.userId(), images))));
    s.mediaStarted(done);
    done.onComplete(ar -> s.mediaEnded(done));
  }

  /** The URL of each image segment, in order; a segment without one keeps its place (null). */
  static List<String> urls(MessageEvent event) {
    List<String> urls = new ArrayList<>();
    boolean any = false;
    for (Segment segment : event.message().segments()) {
      if (segment instanceof Segment.Image image) {
        // NapCat puts the URL in url; some implementations only in file.
        String url = image.url().filter(u -> !u.isBlank())
            .orElseGet(() -> image.file().toLowerCase(Locale.ROOT).startsWith("http")
                ? image.file() : null);
        urls.add(url);
        any |= url != null;
      }
    }
    return any ? urls : List.of();
  }

  private Future<List<Optional<CachedImage>>> fetchAll(List<String> urls) {
    List<Future<Optional<CachedImage>>> all = new ArrayList<>();
    for (String url : urls) {
      all.add(url == null ? Future.succeededFuture(Optional.empty()) : media.fetch(url));
    }
    // fetch never fails: each ending is an outcome, counted.
    return Future.all(all).map(done -> all.stream().map(Future::result).toList());
  }

  private static List<MediaLink> links(long messageId, long senderId,
      List<Optional<CachedImage>> images) {
    List<MediaLink> links = new ArrayList<>();
    for (int seq = 0; seq < images.size(); seq++) {
      int at = seq;
      images.get(seq).ifPresent(image -> links.add(new MediaLink(messageId, senderId, at,
          image.sha256(), image.mime(), image.size())));
    }
    return links;
  }
}
