package dev.perocore.social.session.requests;

import dev.perocore.social.guard.TaskSet;
import dev.perocore.social.onebot.ActionRequest;
import dev.perocore.social.onebot.OneBotActions;
import dev.perocore.social.store.RequestRow;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * Says a decision to the implementation: {@code set_friend_add_request} or {@code
 * set_group_add_request} per OneBot v11, as a {@value RequestDesk#ACTION} task bounded by {@code
 * requests.action_timeout}. The one place that knows how a request is answered on the wire, for
 * both the policy's decisions and the owner's. The future fails with the gateway's typed failure
 * when the answer was not sent or not acknowledged; the request then stays open. Used on the
 * desk's context only.
 */
final class RequestAnswer {

  private final OneBotActions actions;
  private final TaskSet tasks;
  private final Duration timeout;

  RequestAnswer(OneBotActions actions, TaskSet tasks, Duration timeout) {
    this.actions = actions;
    this.tasks = tasks;
    this.timeout = timeout;
  }

  /**
   * @param remark the friend's remark when approving a friend, the reason when rejecting a group
   *     request; empty = none
   */
  Future<Void> send(RequestRow row, boolean approve, String remark) {
    ActionRequest request;
    if ("friend".equals(row.requestType())) {
      JsonObject params = new JsonObject().put("flag", row.flag()).put("approve", approve);
      if (approve && !remark.isEmpty()) {
        params.put("remark", remark);
      }
      request = ActionRequest.of(row.selfId(), "set_friend_add_request", params);
    } else {
      String subType = row.subType() == null ? "add" : row.subType();
      // v11 names it sub_type; some implementations (older go-cqhttp forks) read "type".
      JsonObject params = new JsonObject().put("flag", row.flag()).put("sub_type", subType)
          .put("type", subType).put("approve", approve);
      if (!approve && !remark.isEmpty()) {
        params.put("reason", remark);
      }
      request = ActionRequest.of(row.selfId(), "set_group_add_request", params);
    }
    ActionRequest bounded = request.withTimeout(timeout);
    return tasks.run(RequestDesk.ACTION, RequestDesk.describe(row), timeout,
        () -> actions.call(bounded)).mapEmpty();
  }
}
