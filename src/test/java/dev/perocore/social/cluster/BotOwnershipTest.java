package dev.perocore.social.cluster;

import static dev.perocore.social.testing.OnContext.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.perocore.social.brain.BrainRoute;
import io.vertx.core.Future;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Claims and releases of one bot run in turn on a real clustered map (issue 17, review of item 3):
 * a release asked right behind a claim is decided only once the claim's write landed (so it can
 * see the admission it would otherwise undo), keeps the entry when its check says the bot is
 * served, and a claim asked right behind a release puts the entry back instead of being deleted
 * by it.
 */
class BotOwnershipTest {

  @Test
  void claimsAndReleasesOfABotRunInTurnAndAReleaseIsDecidedAtItsTurn() {
    try (ClusterNode node = ClusterNode.seed(ClusterNode.freePort(), BrainRoute.LOCAL)) {
      BotOwnership owners = new BotOwnership(node.guard, Duration.ofSeconds(2), node.manager,
          "node-a", Duration.ofSeconds(10));
      await(node.vertx.deployVerticle(owners));
      AsyncMap<String, String> map = await(node.vertx.sharedData().getAsyncMap(BotOwnership.MAP));
      String mine = BotOwnership.entry(node.manager.getNodeId(), "node-a");

      // Asked back to back from one thread, nothing awaited in between.
      List<Boolean> claimLandedFirst = new CopyOnWriteArrayList<>();
      Future<Optional<String>> claim = owners.claim(10001);
      Future<Boolean> kept = owners.release(10001, () -> {
        claimLandedFirst.add(owners.claimed().contains(10001L));
        return false; // as the gateway says while that claim's admission is under way
      });
      assertEquals(Optional.empty(), await(claim));
      assertEquals(false, await(kept));
      assertEquals(List.of(true), claimLandedFirst, "the release waited for the claim's write");
      assertEquals(mine, await(map.get("10001")), "the claim survives");

      Future<Boolean> released = owners.release(10001, () -> true);
      Future<Optional<String>> again = owners.claim(10001);
      assertEquals(true, await(released));
      assertEquals(Optional.empty(), await(again));
      assertEquals(mine, await(map.get("10001")), "the later claim is not undone");
      assertEquals(Set.of(10001L), owners.claimed());

      assertTrue(await(owners.release(10001, () -> true)));
      assertNull(await(map.get("10001")));
      assertEquals(Set.of(), owners.claimed());
    }
  }
}
