package io.cumulo.core.channels;

/**
 * One notification on a channel.
 *
 * @param id its id on the channel: increasing, usable as an SSE {@code Last-Event-ID}
 * @param json its data, a JSON value as text
 */
public record ChannelEvent(long id, String json) {}
