package dev.perocore.social.ops;

import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads a small file that ships in the jar, once, when a route is built (on the main thread, at
 * assembly): the handlers then answer from memory and never touch the class path (a jar read) on
 * an event loop.
 */
final class ClasspathAssets {

  private ClasspathAssets() {}

  static Buffer read(String resource) {
    try (InputStream in = ClasspathAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing from the jar: " + resource);
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource + " from the jar", e);
    }
  }
}
