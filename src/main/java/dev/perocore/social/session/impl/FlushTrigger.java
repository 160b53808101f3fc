package dev.perocore.social.session.impl;

/**
 * Why a session's buffer was flushed. The labels are the {@code trigger} values of {@code
 * social_session_flushes_total}, which the dashboards in {@code k8s/} group by: never rename one.
 */
enum FlushTrigger {
  /** No new message for {@code session.idle_flush}. */
  IDLE("idle"),
  /** The buffer reached {@code session.max_buffer} messages. */
  SIZE("size"),
  /** The bot was summoned (private chat, mention, reply to the bot, name or keyword). */
  SUMMON("summon"),
  /** A proactive scan poked a quiet, active session. */
  PROACTIVE("proactive");

  private final String label;

  FlushTrigger(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** The label, so a log line or a task's detail reads as it always did ("idle", not "IDLE"). */
  @Override
  public String toString() {
    return label;
  }
}
