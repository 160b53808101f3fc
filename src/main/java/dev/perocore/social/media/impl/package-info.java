/**
 * The media cache's parts: {@code HttpFetch} (one capped GET, redirects by hand, http/https only),
 * {@code FetchRefused} (a download ended for a named reason), {@code MediaFiles} (the cache folder
 * through Vert.x's FileSystem: write once by hash, read, delete, sweep).
 */
package dev.perocore.social.media.impl;
