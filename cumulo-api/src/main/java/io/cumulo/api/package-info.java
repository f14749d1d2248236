/**
 * The Cumulo function SDK: implement {@link io.cumulo.api.Handler}, use the
 * {@link io.cumulo.api.Context} you are given, and receive the event records in this package.
 */
package io.cumulo.api;
