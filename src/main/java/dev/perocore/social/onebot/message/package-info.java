/**
 * OneBot v11 messages: {@link dev.perocore.social.onebot.message.Segment}s, the immutable
 * {@link dev.perocore.social.onebot.message.Message}, and {@link dev.perocore.social.onebot.message.CqCode}
 * for the string format with the spec's escaping. A Message computes its two stored encodings (CQ text,
 * {@code toCqString()}; JSON text, {@code jsonText()}) once, reading its segments' data without copying
 * it (SegmentJson writes the JSON). {@link dev.perocore.social.onebot.message.SegmentData} lets a reader
 * hand a segment the data map it just decoded, kept without the copy a segment otherwise makes.
 */
package dev.perocore.social.onebot.message;
