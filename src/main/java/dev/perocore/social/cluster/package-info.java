/**
 * The clustered event bus (issue 17): off by default ({@code cluster.enabled: false}: no Hazelcast,
 * no extra threads, the embedded single process). On demand, Vert.x's Hazelcast cluster manager
 * joins the nodes named by {@code cluster.*} ({@link dev.perocore.social.cluster.ClusterConfig},
 * Hazelcast settings in {@link dev.perocore.social.cluster.HazelcastSetup}) within {@code
 * cluster.join_timeout}, and {@link dev.perocore.social.cluster.ClusterGauges} shows the members
 * and the brain nodes seen. {@link dev.perocore.social.cluster.TcpBridgeVerticle} is the TCP event
 * bus bridge for subscribers in any language ({@code bridge.*}), and for a client serving the
 * brain when this node's brain requests leave the process ({@code brain.local: false}, with or
 * without a cluster). A cluster of full nodes: {@link
 * dev.perocore.social.cluster.BotOwnership} holds each bot's owner cluster-wide (the gateway claims
 * through it), {@link dev.perocore.social.cluster.FullNodes} lists the live full nodes by name (the
 * admin API asks each of them).
 *
 * <p>Depends only on {@code guard}.
 */
package dev.perocore.social.cluster;
