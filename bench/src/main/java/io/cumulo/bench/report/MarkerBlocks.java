package io.cumulo.bench.report;

/**
 * Rewrites the generated parts of a Markdown file: the text between
 * {@code <!-- run-all:NAME:begin -->} and {@code <!-- run-all:NAME:end -->}, leaving everything
 * around it as written by hand. A block whose markers are absent is appended at the end under its
 * own heading, so a new benchmark needs no edit of the file to appear.
 */
final class MarkerBlocks {
  private MarkerBlocks() {}

  static String begin(String name) {
    return "<!-- run-all:" + name + ":begin -->";
  }

  static String end(String name) {
    return "<!-- run-all:" + name + ":end -->";
  }

  /** Answers {@code markdown} with block {@code name} holding {@code content}. */
  static String replace(String markdown, String name, String heading, String content) {
    String begin = begin(name);
    String end = end(name);
    int from = markdown.indexOf(begin);
    int to = markdown.indexOf(end);
    String block = begin + "\n" + content.strip() + "\n" + end;
    if (from < 0 || to < from) {
      return markdown.stripTrailing() + "\n\n## " + heading + "\n\n" + block + "\n";
    }
    return markdown.substring(0, from) + block + markdown.substring(to + end.length());
  }
}
