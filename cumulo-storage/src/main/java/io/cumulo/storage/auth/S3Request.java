package io.cumulo.storage.auth;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What SigV4 needs of an incoming S3 request, exactly as it arrived.
 *
 * @param method the HTTP method, upper case ({@code GET}, {@code PUT}, ...)
 * @param rawPath the path as sent, still percent-encoded ({@code /bucket/a%20b}); S3 signs it as is
 * @param rawQuery the query as sent, without the {@code ?}, still percent-encoded; {@code null} if none
 * @param headers every header, by name; names are lower-cased here, values keep their order
 * @param host the {@code Host} header value ({@code localhost:9000}), used when {@code host} is signed
 *     but missing from {@code headers}
 */
public record S3Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, String host) {
  public S3Request {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(rawPath, "rawPath");
    Objects.requireNonNull(headers, "headers");
    Map<String, List<String>> lower = new HashMap<>(headers.size() * 2);
    headers.forEach((name, values) -> lower.merge(name.toLowerCase(Locale.ROOT), List.copyOf(values), (a, b) -> {
      var both = new java.util.ArrayList<>(a);
      both.addAll(b);
      return List.copyOf(both);
    }));
    if (host != null) {
      lower.putIfAbsent("host", List.of(host));
    }
    headers = Map.copyOf(lower);
  }

  /** The first value of a header (name in lower case), or {@code null}. */
  public String header(String lowerCaseName) {
    List<String> values = headers.get(lowerCaseName);
    return values == null || values.isEmpty() ? null : values.getFirst();
  }
}
