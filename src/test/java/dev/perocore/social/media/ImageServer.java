package dev.perocore.social.media;

import dev.perocore.social.testing.OnContext;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A local HTTP server standing in for QQ's image host (and NapCat's, often on 127.0.0.1):
 * {@code /cat.png} and {@code /same.png} (the same bytes), {@code /gone.png} (404, an expired
 * URL), {@code /declared} (a Content-Length above any cap, body never sent), {@code /endless}
 * (chunked, 64 MiB in 64 KiB writes, counting what it wrote), {@code /text} (not an image),
 * {@code /to-file} (a redirect to file:///etc/passwd), {@code /to-cat} (a redirect to /cat.png).
 */
public final class ImageServer implements AutoCloseable {

  /** A 1x1 PNG. */
  public static final Buffer PNG = Buffer.buffer(Base64.getDecoder().decode(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
  public static final long ENDLESS_BYTES = 64L << 20;

  private final HttpServer server;
  /** Bytes /endless handed to its connection before the client went away. */
  public final AtomicLong endlessWritten = new AtomicLong();
  /** Whether the client closed /endless's connection (it does at the cap). */
  public final AtomicBoolean endlessClosed = new AtomicBoolean();

  public ImageServer(Vertx vertx) {
    server = OnContext.await(vertx.createHttpServer().requestHandler(req -> {
      HttpServerResponse res = req.response();
      switch (req.path()) {
        case "/cat.png", "/same.png" -> res.putHeader("Content-Type", "application/octet-stream")
            .end(PNG);
        case "/gone.png" -> res.setStatusCode(404).end("expired");
        case "/declared" -> res.putHeader("Content-Length", Long.toString(ENDLESS_BYTES))
            .write(Buffer.buffer(new byte[16]));
        case "/endless" -> {
          res.setChunked(true);
          res.closeHandler(v -> endlessClosed.set(true));
          endless(res, Buffer.buffer(new byte[64 * 1024]));
        }
        case "/text" -> res.end("<html>not an image</html>");
        case "/to-file" -> res.setStatusCode(302).putHeader("Location", "file:///etc/passwd").end();
        case "/to-cat" -> res.setStatusCode(302).putHeader("Location", "/cat.png").end();
        default -> res.setStatusCode(404).end();
      }
    }).listen(0, "127.0.0.1"));
  }

  private void endless(HttpServerResponse res, Buffer chunk) {
    while (!res.closed() && !res.writeQueueFull() && endlessWritten.get() < ENDLESS_BYTES) {
      res.write(chunk);
      endlessWritten.addAndGet(chunk.length());
    }
    if (endlessWritten.get() >= ENDLESS_BYTES) {
      res.end();
    } else if (!res.closed()) {
      res.drainHandler(v -> endless(res, chunk));
    }
  }

  public String url(String path) {
    return "http://127.0.0.1:" + server.actualPort() + path;
  }

  @Override
  public void close() {
    OnContext.await(server.close());
  }
}
