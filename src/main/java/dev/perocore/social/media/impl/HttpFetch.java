package dev.perocore.social.media.impl;

import dev.perocore.social.media.DownloadOutcome;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.net.URI;
import java.util.Locale;

/**
 * One image GET with the size cap enforced while the body streams in: a Content-Length above the
 * cap is refused before a byte of the body is read, and a body that grows past it (chunked) is cut
 * off by resetting the stream. The core HttpClient rather than the WebClient for exactly that: the
 * WebClient buffers a body whole before handing it over.
 *
 * <p>Redirects are followed by hand, at most {@link #MAX_REDIRECTS}, each target checked: only
 * http and https are ever fetched (never file:, data: or anything else). Loopback and private
 * addresses are allowed: NapCat often serves images from 127.0.0.1.
 */
public final class HttpFetch {

  static final int MAX_REDIRECTS = 3;

  private final HttpClient client;
  private final long maxBytes;
  private final long idleTimeoutMs;

  public HttpFetch(HttpClient client, long maxBytes, long idleTimeoutMs) {
    this.client = client;
    this.maxBytes = maxBytes;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /** The body, or a failure; a {@link FetchRefused} names the outcome. */
  public Future<Buffer> get(String url) {
    return get(url, MAX_REDIRECTS);
  }

  private Future<Buffer> get(String url, int redirectsLeft) {
    URI uri;
    try {
      uri = URI.create(url.trim());
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(new FetchRefused(DownloadOutcome.REFUSED, "not a URL"));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      return Future.failedFuture(new FetchRefused(DownloadOutcome.REFUSED,
          "scheme '" + scheme + "' is not http or https"));
    }
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
        .setAbsoluteURI(uri.toString()).setFollowRedirects(false)
        .setIdleTimeout(idleTimeoutMs);
    return client.request(options)
        .compose(request -> request.send()
            .compose(response -> answer(uri, request, response, redirectsLeft)));
  }

  private Future<Buffer> answer(URI uri, HttpClientRequest request, HttpClientResponse response,
      int redirectsLeft) {
    // A response we abandon is reset: that is our choice, not an error for Vert.x to log.
    response.exceptionHandler(ignored -> { });
    int status = response.statusCode();
    String location = response.getHeader("Location");
    if (status >= 300 && status < 400 && location != null) {
      abandon(request);
      if (redirectsLeft == 0) {
        return Future.failedFuture(new FetchRefused(DownloadOutcome.HTTP_ERROR,
            "more than " + MAX_REDIRECTS + " redirects"));
      }
      String next;
      try {
        next = uri.resolve(location.trim()).toString();
      } catch (IllegalArgumentException e) {
        return Future.failedFuture(new FetchRefused(DownloadOutcome.REFUSED, "bad redirect"));
      }
      return get(next, redirectsLeft - 1);
    }
    if (status != 200) {
      abandon(request);
      return Future.failedFuture(new FetchRefused(DownloadOutcome.HTTP_ERROR, "HTTP " + status));
    }
    String length = response.getHeader("Content-Length");
    if (length != null && parsedLength(length) > maxBytes) {
      abandon(request);
      return Future.failedFuture(new FetchRefused(DownloadOutcome.TOO_LARGE,
          "Content-Length " + length.trim() + " is above " + maxBytes));
    }
    return body(request, response);
  }

  private Future<Buffer> body(HttpClientRequest request, HttpClientResponse response) {
    Promise<Buffer> body = Promise.promise();
    Buffer bytes = Buffer.buffer();
    response.handler(chunk -> {
      if (bytes.length() + (long) chunk.length() > maxBytes) {
        if (body.tryFail(new FetchRefused(DownloadOutcome.TOO_LARGE,
            "body grew past " + maxBytes))) {
          abandon(request);
        }
        return;
      }
      bytes.appendBuffer(chunk);
    });
    response.exceptionHandler(body::tryFail);
    response.endHandler(v -> body.tryComplete(bytes));
    return body.future();
  }

  /** Stops reading: the rest of a body we do not want is never transferred. */
  private static void abandon(HttpClientRequest request) {
    request.reset().onFailure(ignored -> { }); // already ended: nothing left to stop
  }

  private static long parsedLength(String header) {
    try {
      return Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      return -1; // no usable length: the streaming cap still applies
    }
  }
}
