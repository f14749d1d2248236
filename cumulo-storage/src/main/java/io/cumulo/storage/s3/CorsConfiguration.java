package io.cumulo.storage.s3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A bucket's CORS rules (S3's {@code CORSConfiguration} document) and how a request matches them. */
record CorsConfiguration(List<Rule> rules) {
  private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "HEAD");
  /** S3 allows at most 100 rules per bucket. */
  private static final int MAX_RULES = 100;

  /**
   * One {@code CORSRule}. Origins and headers may contain {@code *} wildcards; header names match
   * case-insensitively.
   *
   * @param maxAgeSeconds how long a browser may cache the preflight answer, or null
   */
  record Rule(List<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
      List<String> exposeHeaders, Integer maxAgeSeconds) {

    boolean allowsOrigin(String origin) {
      return allowedOrigins.stream().anyMatch(pattern -> glob(pattern, origin));
    }

    boolean allowsHeader(String header) {
      String lower = header.toLowerCase(Locale.ROOT);
      return allowedHeaders.stream().anyMatch(pattern -> glob(pattern.toLowerCase(Locale.ROOT), lower));
    }

    /** The Access-Control-Allow-Origin value: {@code *} when the rule allows every origin. */
    String allowOriginFor(String origin) {
      return allowedOrigins.contains("*") ? "*" : origin;
    }
  }

  /**
   * Parses and validates a configuration document.
   *
   * @throws io.cumulo.core.storage.StorageException {@code MalformedXML} when it is not a valid one
   */
  static CorsConfiguration parse(byte[] document) {
    XmlElement root = XmlElement.parse(document).expect("CORSConfiguration");
    List<XmlElement> ruleElements = root.all("CORSRule");
    if (ruleElements.isEmpty() || ruleElements.size() > MAX_RULES) {
      throw S3Errors.malformedXml("a CORSConfiguration needs 1.." + MAX_RULES + " CORSRule elements");
    }
    List<Rule> rules = new ArrayList<>();
    for (XmlElement r : ruleElements) {
      List<String> origins = texts(r, "AllowedOrigin");
      List<String> methods = texts(r, "AllowedMethod");
      if (origins.isEmpty() || methods.isEmpty()) {
        throw S3Errors.malformedXml("every CORSRule needs an AllowedOrigin and an AllowedMethod");
      }
      for (String method : methods) {
        if (!METHODS.contains(method)) {
          throw S3Errors.invalidRequest("Found unsupported HTTP method in CORS config. Unsupported method is " + method);
        }
      }
      Integer maxAge = null;
      String maxAgeText = r.childText("MaxAgeSeconds");
      if (maxAgeText != null) {
        try {
          maxAge = Integer.parseInt(maxAgeText.trim());
        } catch (NumberFormatException e) {
          throw S3Errors.malformedXml("MaxAgeSeconds must be an integer");
        }
      }
      rules.add(new Rule(origins, methods, texts(r, "AllowedHeader"), texts(r, "ExposeHeader"), maxAge));
    }
    return new CorsConfiguration(List.copyOf(rules));
  }

  /** The first rule allowing this origin, method and every one of the requested headers, or null. */
  Rule match(String origin, String method, List<String> requestHeaders) {
    for (Rule rule : rules) {
      if (rule.allowsOrigin(origin) && rule.allowedMethods().contains(method)
          && requestHeaders.stream().allMatch(rule::allowsHeader)) {
        return rule;
      }
    }
    return null;
  }

  private static List<String> texts(XmlElement parent, String name) {
    return parent.all(name).stream().map(e -> e.text().trim()).filter(t -> !t.isEmpty()).toList();
  }

  /** Whether the value matches the pattern, where each {@code *} stands for any run of characters. */
  static boolean glob(String pattern, String value) {
    int p = 0;
    int v = 0;
    int star = -1;
    int mark = 0;
    while (v < value.length()) {
      if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = v;
      } else if (p < pattern.length() && pattern.charAt(p) == value.charAt(v)) {
        p++;
        v++;
      } else if (star >= 0) {
        p = star + 1;
        v = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
