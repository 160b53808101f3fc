/**
 * The OneBot v11 event model: {@link dev.perocore.social.onebot.event.OneBotEvent} and its records
 * (message, notice, request, meta), and {@link dev.perocore.social.onebot.event.EventDecoder}, which
 * turns frames into them or into a counted {@link dev.perocore.social.onebot.event.DecodeResult.Rejected}
 * (FrameFields reads each field, strictly or leniently). {@link dev.perocore.social.onebot.event.FrameJson}
 * parses a frame's bytes into the same JsonObject Vert.x's {@code Json.decodeValue} gives, at a lower
 * cost per message. {@link dev.perocore.social.onebot.event.MessageFrameReader} is the gateway's
 * fast path for message events: it reads the tokens straight into the event (FrameTokens, SenderFields)
 * with raw() a {@code LazyFrameMap} parsed on first use, or gives up and the frame goes through
 * FrameJson and EventDecoder unchanged. Pure data and parsing: no networking, no Vert.x runtime.
 */
package dev.perocore.social.onebot.event;
