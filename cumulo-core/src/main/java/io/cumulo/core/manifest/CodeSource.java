package io.cumulo.core.manifest;

/**
 * Where a function's classes come from, relative to the app folder.
 *
 * @param kind a jar file or a directory of classes
 * @param path the relative path as written in the manifest ({@code jar:} or {@code classes:})
 */
public record CodeSource(Kind kind, String path) {
  public enum Kind { JAR, CLASSES }
}
