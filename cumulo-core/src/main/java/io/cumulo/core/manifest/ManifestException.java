package io.cumulo.core.manifest;

import io.cumulo.core.CumuloException;
import java.io.Serial;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A manifest that cannot be deployed: HTTP 400, code {@code InvalidManifest}. Carries every
 * problem found in one pass, so a user fixes them all at once; the message lists them one per line.
 */
public final class ManifestException extends CumuloException {
  @Serial private static final long serialVersionUID = 1L;

  private final transient List<ManifestProblem> problems;

  public ManifestException(List<ManifestProblem> problems) {
    super(400, "InvalidManifest", render(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems in document order; never empty. */
  public List<ManifestProblem> problems() {
    return problems;
  }

  private static String render(List<ManifestProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ManifestException needs at least one problem");
    }
    return problems.stream().map(ManifestProblem::toString).collect(Collectors.joining("\n"));
  }
}
