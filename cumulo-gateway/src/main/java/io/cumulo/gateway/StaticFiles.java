package io.cumulo.gateway;

import io.cumulo.core.CumuloException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Serves an app's {@code web:} folder: GET and HEAD only, {@code index.html} for a folder, a
 * content type by extension, a validator pair ({@code ETag} from size and modification time,
 * {@code Last-Modified}) answering conditional requests with 304, no listings, no hidden files,
 * and no way out of the folder (dot segments, symlinks pointing outside).
 */
final class StaticFiles {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"), Map.entry("htm", "text/html; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"), Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"), Map.entry("json", "application/json"),
      Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
      Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"), Map.entry("avif", "image/avif"),
      Map.entry("ico", "image/x-icon"), Map.entry("woff", "font/woff"), Map.entry("woff2", "font/woff2"),
      Map.entry("wasm", "application/wasm"), Map.entry("map", "application/json"),
      Map.entry("xml", "application/xml"), Map.entry("pdf", "application/pdf"),
      Map.entry("webmanifest", "application/manifest+json"));

  private StaticFiles() {}

  /**
   * Answers {@code path} (decoded, below the app root) from {@code root}.
   *
   * @throws CumuloException 404 when there is no such file (or it may not be served), 405 for
   *     methods other than GET and HEAD
   */
  static void serve(HttpExchange x, Path root, String path) throws IOException {
    if (!x.method().equals("GET") && !x.method().equals("HEAD")) {
      throw new RouteTable.MethodNotAllowed("GET, HEAD", x.method() + " is not allowed on the"
          + " app's web files; allowed: GET, HEAD");
    }
    Path file = resolve(root, path);
    BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
    Instant modified = attributes.lastModifiedTime().toInstant().truncatedTo(ChronoUnit.SECONDS);
    String etag = "\"" + Long.toHexString(attributes.size()) + "-" + Long.toHexString(modified.getEpochSecond()) + "\"";
    var headers = x.response.getHeaders();
    headers.put(HttpHeader.ETAG, etag);
    headers.put(HttpHeader.LAST_MODIFIED, HTTP_DATE.format(modified));
    headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
    if (notModified(x, etag, modified)) {
      x.sendEmpty(304);
      return;
    }
    headers.put(HttpHeader.CONTENT_LENGTH, attributes.size());
    if (x.method().equals("HEAD")) {
      headers.put(HttpHeader.CONTENT_TYPE, contentType(file));
      x.sendEmpty(200);
      return;
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS);
        OutputStream out = x.stream(200, contentType(file))) {
      x.bytesSent = in.transferTo(out);
    }
    x.callback.succeeded();
  }

  /** The file for {@code path} inside {@code root}, or a 404 that says nothing about why. */
  private static Path resolve(Path root, String path) throws IOException {
    Path file = root;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      if (segment.startsWith(".") || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
        throw notFound(path);
      }
      file = file.resolve(segment);
    }
    if (Files.isDirectory(file)) {
      file = file.resolve("index.html");
    }
    if (!Files.isRegularFile(file)) {
      throw notFound(path);
    }
    // Symlinks in the bundle must not lead outside the web folder.
    if (!file.toRealPath().startsWith(root.toRealPath())) {
      throw notFound(path);
    }
    return file;
  }

  private static boolean notModified(HttpExchange x, String etag, Instant modified) {
    String ifNoneMatch = x.header("If-None-Match");
    if (ifNoneMatch != null) {
      return ifNoneMatch.strip().equals("*") || java.util.Arrays.stream(ifNoneMatch.split(","))
          .map(tag -> tag.strip().replaceFirst("^W/", "")).anyMatch(etag::equals);
    }
    String ifModifiedSince = x.header("If-Modified-Since");
    if (ifModifiedSince != null) {
      try {
        return !modified.isAfter(Instant.from(HTTP_DATE.parse(ifModifiedSince.strip())));
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  static String contentType(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    return type != null ? type : "application/octet-stream";
  }

  private static CumuloException notFound(String path) {
    return CumuloException.notFound("NotFound", "no route or web file at " + path);
  }
}
