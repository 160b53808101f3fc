package dev.perocore.social.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.chat.ChatKey;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The directory's listings: the latest entry wins, and a removed session stays out of view. */
class SessionDirectoryTest {

  private static final ChatKey GROUP = ChatKey.group(1, 600);
  private static final ChatKey FRIEND = ChatKey.privateChat(1, 46);

  @Test
  void aListingShowsItsLatestEntryMostRecentFirst() {
    SessionDirectory directory = new SessionDirectory();
    SessionDirectory.Listing group = directory.listing(GROUP);
    group.publish(new SessionDirectory.Entry(GROUP, 1000, 1, "buffering", 0));
    directory.publish(new SessionDirectory.Entry(FRIEND, 2000, 0, "idle", 1));
    group.publish(new SessionDirectory.Entry(GROUP, 3000, 0, "flushing", 0));
    assertEquals(List.of(GROUP, FRIEND),
        directory.list().stream().map(SessionDirectory.Entry::key).toList());
    assertEquals("flushing", directory.find(GROUP).orElseThrow().state());
    assertEquals(2, directory.size());
  }

  @Test
  void aLatePublishToARemovedSessionDoesNotBringItBack() {
    SessionDirectory directory = new SessionDirectory();
    SessionDirectory.Listing group = directory.listing(GROUP);
    group.publish(new SessionDirectory.Entry(GROUP, 1000, 0, "idle", 0));
    directory.remove(GROUP);
    // A callback that outlived the evicted session publishes into its old listing.
    group.publish(new SessionDirectory.Entry(GROUP, 2000, 1, "buffering", 0));
    assertTrue(directory.find(GROUP).isEmpty());
    assertTrue(directory.list().isEmpty());
    // The session coming back gets a listing of its own.
    directory.listing(GROUP).publish(new SessionDirectory.Entry(GROUP, 3000, 0, "idle", 0));
    assertEquals(3000, directory.find(GROUP).orElseThrow().lastActivityMillis());
  }

  @Test
  void aListingNotYetPublishedIsNotShown() {
    SessionDirectory directory = new SessionDirectory();
    directory.listing(GROUP);
    assertTrue(directory.find(GROUP).isEmpty());
    assertTrue(directory.list().isEmpty());
  }
}
