/**
 * A NapCat-shaped OneBot v11 implementation simulator for tests, the demo and the benchmark.
 *
 * <p>{@link dev.perocore.social.sim.OneBotSimulator} is the public face; behind it, one part per
 * concern:
 * <ul>
 *   <li>{@code SimFrames} – the frames a bot sends: message events (in a {@link
 *       dev.perocore.social.sim.MessageFormat}), meta events, notices, requests, garbage;</li>
 *   <li>{@code SimLinks} – the connections: reverse (with a {@link
 *       dev.perocore.social.sim.TokenStyle}) and forward, event writes, dropped and frozen
 *       connections; {@code SimHeartbeats} – heartbeats on them;</li>
 *   <li>{@code TrafficGenerator} – traffic in bulk: random messages at a rate, blasts,
 *       fragmented frames;</li>
 *   <li>{@code SimEvents} – the simulator's event-building methods (its package-private base
 *       class, so they stay on the public face); {@code EventSender} – how an event leaves:
 *       remembered in the bot's history, not sent while disconnected, dropped or duplicated on
 *       command;</li>
 *   <li>{@code Faults} – misbehaviour per event: dropped and duplicated events;</li>
 *   <li>{@code ActionResponder} – answers to the gateway's actions, as each {@link
 *       dev.perocore.social.sim.ActionBehaviour} says.</li>
 * </ul>
 * {@link dev.perocore.social.sim.GatewayBenchmark} drives many simulators against one gateway.
 */
package dev.perocore.social.sim;
