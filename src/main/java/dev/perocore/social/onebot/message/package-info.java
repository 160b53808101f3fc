/**
 * OneBot v11 messages: {@link dev.perocore.social.onebot.message.Segment}s, the immutable
 * {@link dev.perocore.social.onebot.message.Message}, and {@link dev.perocore.social.onebot.message.CqCode}
 * for the string format with the spec's escaping.
 */
package dev.perocore.social.onebot.message;
