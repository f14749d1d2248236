/**
 * Functions the server's tests deploy: each one behaves in a single, predictable way (echo, sleep,
 * fail, hang, fail until an attempt, record its invocation ids durably, call another function).
 */
package io.cumulo.testing.functions;
