package dev.realtime;

/**
 * The outcome of a broadcast or send, completed once local delivery is queued and the backplane has
 * accepted the message for other nodes.
 *
 * @param localRecipients connections on this node the frame was queued for
 * @param remotePublished whether the message was handed to the backplane for other nodes ({@code
 *     false} when the backplane is single-node)
 */
public record Delivery(int localRecipients, boolean remotePublished) {}
