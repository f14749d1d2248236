package io.cumulo.api.images;

/**
 * One output of {@link Images#render}.
 *
 * @param name the {@link ImageVariant#name()} it was asked for under
 * @param format the format {@code data} is in
 * @param width its width in pixels
 * @param height its height in pixels
 * @param data the encoded file
 */
public record RenderedImage(String name, ImageFormat format, int width, int height, byte[] data) {}
