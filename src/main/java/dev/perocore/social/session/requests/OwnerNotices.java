package dev.perocore.social.session.requests;

import dev.perocore.social.chat.ChatKey;
import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.session.OutboundMessages;
import dev.perocore.social.store.RequestRow;
import java.util.Optional;

/**
 * Tells the owner ({@code owner.qq}) about a request and what became of it, by a private message
 * from the bot that received it, as a {@value RequestDesk#NOTIFY} task: a held request waits for
 * the owner's decision through the admin API, so the owner has to hear of it. Nobody is told when
 * no owner is configured, nor when the owner is the requester. Used on the desk's context only.
 */
final class OwnerNotices {

  private final TaskSet tasks;
  private final RequestsConfig config;
  private final OutboundMessages outbound;

  OwnerNotices(TaskSet tasks, RequestsConfig config, OutboundMessages outbound) {
    this.tasks = tasks;
    this.config = config;
    this.outbound = outbound;
  }

  /**
   * @param what what became of the request, e.g. {@code approved (policy)}
   */
  void tell(RequestRow row, String what) {
    Optional<Long> owner = config.ownerQq();
    if (owner.isEmpty() || owner.get() == row.userId()) {
      return;
    }
    String text = "[request] " + RequestKind.of(row).label() + " from " + row.userId()
        + (row.groupId() == null ? "" : " for group " + row.groupId())
        + (row.comment().isEmpty() ? "" : " (\"" + row.comment() + "\")") + ": " + what;
    ChatKey key = ChatKey.privateChat(row.selfId(), owner.get());
    tasks.launch(RequestDesk.NOTIFY, key.toString(),
        () -> outbound.send(key, text, "owner notice"));
  }
}
