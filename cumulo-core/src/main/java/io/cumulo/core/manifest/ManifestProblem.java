package io.cumulo.core.manifest;

/**
 * One thing wrong with a manifest, located as precisely as the YAML allows.
 *
 * @param file the manifest's file name as given to the parser, e.g. {@code cumulo.yaml}
 * @param line 1-based line, or 0 when the problem concerns the whole file (e.g. its size)
 * @param column 1-based column, or 0 when unknown
 * @param path where in the document, e.g. {@code functions.echo.timeout}; empty for the whole file
 * @param message what was wrong and what is allowed
 */
public record ManifestProblem(String file, int line, int column, String path, String message) {

  /** Renders as {@code cumulo.yaml:7:5: functions.echo.timeout: message}, like a compiler. */
  @Override
  public String toString() {
    var out = new StringBuilder(file);
    if (line > 0) {
      out.append(':').append(line).append(':').append(column);
    }
    out.append(": ");
    if (!path.isEmpty()) {
      out.append(path).append(": ");
    }
    return out.append(message).toString();
  }
}
