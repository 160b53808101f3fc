/**
 * Which conversation: {@link dev.perocore.social.chat.ChatKey} (bot account, private|group, peer)
 * and {@link dev.perocore.social.chat.ChatType}. One identity shared by {@code onebot} (a message
 * event's {@code chatType()}), {@code session} (a session is one conversation), {@code store} (its
 * rows) and the admin API (its printed form), so no layer converts between look-alike types. A bot
 * account is a {@code long} everywhere.
 *
 * <p>Depends on nothing; every package may use it.
 */
package dev.perocore.social.chat;
