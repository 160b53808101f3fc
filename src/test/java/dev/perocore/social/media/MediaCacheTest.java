package dev.perocore.social.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.testing.GuardedVertx;
import dev.perocore.social.testing.OnContext;
import dev.perocore.social.testing.Poll;
import io.vertx.core.Context;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image cache against a real local HTTP server and a real folder: each outcome of {@code
 * social_media_downloads_total}, the cap enforced without reading a body whole, identical bytes
 * kept once, only http/https fetched (redirects included), and the sweep's expiry and size cap.
 */
class MediaCacheTest {

  @TempDir
  Path dir;
  private GuardedVertx gv;
  private ImageServer images;
  private Context context;
  private MediaCache cache;

  @BeforeEach
  void start() {
    gv = GuardedVertx.fast();
    images = new ImageServer(gv.vertx);
    context = gv.vertx.getOrCreateContext();
    cache = withConfig(new MediaConfig(true, dir.resolve("media"), 64 * 1024,
        Duration.ofSeconds(5), 1L << 20, Duration.ofDays(7), 2));
  }

  @AfterEach
  void stop() {
    images.close();
    gv.close();
  }

  private MediaCache withConfig(MediaConfig config) {
    return OnContext.call(context,
        () -> new MediaCache(gv.vertx, gv.guard.timeouts(), gv.registry, config));
  }

  private Optional<CachedImage> fetch(String url) {
    return OnContext.await(OnContext.call(context, () -> cache.fetch(url)));
  }

  private double outcome(String label) {
    return gv.counter("social.media.downloads", "outcome", label);
  }

  private List<Path> files() throws IOException {
    try (Stream<Path> all = Files.list(dir.resolve("media"))) {
      return all.toList();
    }
  }

  @Test
  void anImageIsCachedByItsHashWithTheMimeTypeFromItsBytesAndReadBackAsADataUrl()
      throws IOException {
    CachedImage cat = fetch(images.url("/cat.png")).orElseThrow();

    assertEquals("image/png", cat.mime(), "sniffed; the server said application/octet-stream");
    assertEquals(ImageServer.PNG.length(), cat.size());
    assertEquals(List.of(dir.resolve("media").resolve(cat.sha256())), files());
    assertEquals(1, outcome("ok"));
    String url = OnContext.await(OnContext.call(context, () -> cache.dataUrl(cat.sha256(),
        cat.mime())));
    assertEquals("data:image/png;base64,"
        + Base64.getEncoder().encodeToString(ImageServer.PNG.getBytes()), url);
  }

  @Test
  void identicalBytesFromAnotherUrlAreKeptOnce() throws IOException {
    CachedImage first = fetch(images.url("/cat.png")).orElseThrow();
    CachedImage second = fetch(images.url("/same.png")).orElseThrow();
    CachedImage redirected = fetch(images.url("/to-cat")).orElseThrow();

    assertEquals(first, second);
    assertEquals(first, redirected, "a redirect to http is followed");
    assertEquals(1, files().size(), "one file for the same bytes");
    assertEquals(1, outcome("ok"));
    assertEquals(2, outcome("cached"));
  }

  @Test
  void anExpiredUrlCostsTheImageOnlyAndIsCounted() {
    assertEquals(Optional.empty(), fetch(images.url("/gone.png")));
    assertEquals(1, outcome("http_error"));
  }

  @Test
  void aDeclaredLengthAboveTheCapIsRefusedBeforeTheBody() {
    assertEquals(Optional.empty(), fetch(images.url("/declared")));
    assertEquals(1, outcome("too_large"));
  }

  @Test
  void aChunkedBodyIsCutOffAtTheCapWithoutReadingItAll() {
    assertEquals(Optional.empty(), fetch(images.url("/endless")));
    assertEquals(1, outcome("too_large"));
    // The stream was reset at 64 KiB: the server stops long before its 64 MiB.
    OnContext.await(Poll.untilTrue(gv.vertx, "the connection closed",
        images.endlessClosed::get));
    assertTrue(images.endlessWritten.get() < ImageServer.ENDLESS_BYTES / 4,
        "written before the reset: " + images.endlessWritten.get());
  }

  @Test
  void onlyHttpAndHttpsAreFetchedRedirectsIncluded() {
    assertEquals(Optional.empty(), fetch("file:///etc/passwd"));
    assertEquals(Optional.empty(), fetch("ftp://127.0.0.1/cat.png"));
    assertEquals(Optional.empty(), fetch(images.url("/to-file")));
    assertEquals(3, outcome("refused"));
  }

  @Test
  void bytesThatAreNoImageAreNotKept() {
    assertEquals(Optional.empty(), fetch(images.url("/text")));
    assertEquals(1, outcome("not_image"));
  }

  @Test
  void theSweepDeletesExpiredFilesThenTheOldestBeyondTheCap() throws IOException {
    Path media = Files.createDirectories(dir.resolve("media"));
    long now = System.currentTimeMillis();
    String[] names = {"a", "b", "c", "d"};
    for (int i = 0; i < names.length; i++) {
      Path file = media.resolve(names[i].repeat(64));
      Files.write(file, new byte[400 * 1024]);
      // a: 8 days old (expired); b, c, d: 3, 2, 1 hours old
      long age = i == 0 ? Duration.ofDays(8).toMillis() : Duration.ofHours(4 - i).toMillis();
      Files.setLastModifiedTime(file, FileTime.fromMillis(now - age));
    }
    Files.writeString(media.resolve("README"), "not ours");

    int deleted = OnContext.await(OnContext.call(context, () -> cache.sweep()));

    // a expired; b, c, d are 1.2 MiB: b (the oldest) goes to fit in 1 MiB.
    assertEquals(2, deleted);
    assertEquals(List.of("README", "c".repeat(64), "d".repeat(64)),
        files().stream().map(p -> p.getFileName().toString()).sorted().toList());
  }
}
