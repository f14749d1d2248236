/**
 * The image engine behind {@code ctx.images()}: {@link io.cumulo.images.ImageEngines} picks the
 * engine ({@code CUMULO_IMAGE_ENGINE}), {@link io.cumulo.images.JavaImages} is the pure-Java one
 * (ImageIO with the TwelveMonkeys plugins), {@link io.cumulo.images.ImageHeaders} reads headers
 * without decoding and enforces {@link io.cumulo.images.ImageLimits}. Everything else in this
 * package is internal to the Java engine.
 */
package io.cumulo.images;
