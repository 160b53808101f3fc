/**
 * Guards against PeroCore's silent failures: every started future is owned by a {@link
 * dev.perocore.social.guard.TaskSet}, every external wait has a named deadline ({@link
 * dev.perocore.social.guard.Timeouts}), and {@link dev.perocore.social.guard.LoopGuard} watches
 * event loops and workers for blocking.
 *
 * <p>Depends on nothing else of ours; every other package may depend on it.
 */
package dev.perocore.social.guard;
