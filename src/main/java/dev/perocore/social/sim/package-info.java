/**
 * A NapCat-shaped OneBot v11 implementation simulator ({@link
 * dev.perocore.social.sim.OneBotSimulator}) for tests, the demo and the benchmark ({@link
 * dev.perocore.social.sim.GatewayBenchmark}).
 */
package dev.perocore.social.sim;
