package io.cumulo.core.manifest;

import io.cumulo.core.channels.ChannelHub;
import io.cumulo.core.manifest.RouteSpec.Auth;
import io.cumulo.core.manifest.RouteSpec.Cors;
import io.cumulo.core.manifest.RouteSpec.LimitBy;
import io.cumulo.core.manifest.RouteSpec.RateLimit;
import io.cumulo.core.manifest.YamlNode.Entry;
import io.cumulo.core.manifest.YamlNode.Mapping;
import io.cumulo.core.manifest.YamlNode.Scalar;
import io.cumulo.core.manifest.YamlNode.Scalar.Kind;
import io.cumulo.core.manifest.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** The schema of a manifest's {@code routes:} and {@code jwt:}, checked with the validator's helpers. */
final class RouteRules {
  private static final List<String> ROUTE_KEYS = List.of("path", "method", "function", "service",
      "events", "bucket", "auth", "rateLimit", "timeout", "maxBodyBytes", "cors", "async", "cacheControl");
  private static final List<String> TARGET_KEYS = List.of("function", "service", "events", "bucket");
  /** Options that only function and service routes have: streams and objects take no body. */
  private static final List<String> INVOKE_ONLY_KEYS = List.of("timeout", "maxBodyBytes", "async");
  private static final int MAX_CACHE_CONTROL_CHARS = 256;
  private static final List<String> RATE_KEYS = List.of("requests", "per", "by");
  private static final List<String> CORS_KEYS = List.of("origins", "methods", "headers", "maxAge",
      "credentials");
  private static final List<String> JWT_KEYS = List.of("secret", "jwksUrl", "publicKey", "issuer",
      "audience");
  static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
  private static final Pattern HOST = Pattern.compile(
      "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
  private static final Pattern LITERAL = Pattern.compile("[A-Za-z0-9._~!$&'()*+,;=:@-]+");
  private static final Pattern PARAM = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]{0,63})(\\+?)}");
  static final String PATH_RULE = "a path starting with '/', of literal segments and {name}"
      + " parameters, optionally ending in a greedy /** or {name+}, e.g. /api/images/{id}";

  private final ManifestValidator v;
  private final Set<String> functions;
  private final Set<String> services;
  private final Set<String> buckets;

  RouteRules(ManifestValidator validator, Set<String> functions, Set<String> services, Set<String> buckets) {
    this.v = validator;
    this.functions = functions;
    this.services = services;
    this.buckets = buckets;
  }

  List<RouteSpec> routes(Entry entry, boolean hasJwt) {
    var routes = new ArrayList<RouteSpec>();
    if (entry == null) {
      return routes;
    }
    if (!(entry.value() instanceof Sequence list)) {
      v.typeProblem(entry.value(), "routes", "a list of routes, e.g. - path: /hello");
      return routes;
    }
    if (list.items().size() > RouteSpec.MAX_ROUTES) {
      v.problem(list, "routes", "has " + list.items().size() + " routes; the most allowed is "
          + RouteSpec.MAX_ROUTES);
    }
    var seen = new HashSet<String>();
    for (int i = 0; i < list.items().size(); i++) {
      String where = "routes[" + i + "]";
      Mapping route = v.mapping(list.items().get(i), where, "a route, e.g. {path: /hello, function: hello}");
      RouteSpec spec = route == null ? null : route(route, where, hasJwt);
      if (spec == null) {
        continue;
      }
      String shape = spec.path().replaceAll("\\{[^}]*\\+}|\\*\\*", "**").replaceAll("\\{[^}]*}", "{}");
      for (String method : spec.methods().isEmpty() ? Set.of("*") : spec.methods()) {
        if (!seen.add(method + " " + shape)) {
          v.problem(route, where, "another route already serves " + (method.equals("*") ? "" : method
              + " ") + spec.path() + " (parameter names aside); each path and method goes to one target");
          break;
        }
      }
      routes.add(spec);
    }
    return routes;
  }

  private RouteSpec route(Mapping route, String where, boolean hasJwt) {
    for (Entry key : route.entries().values()) {
      if (!ROUTE_KEYS.contains(key.key())) {
        v.unknownKey(key, where, ROUTE_KEYS);
      }
    }
    Entry pathEntry = v.required(route, null, where, "path", PATH_RULE);
    String path = v.text(pathEntry, where + ".path", PATH_RULE);
    if (path != null) {
      String wrong = pathProblem(path);
      if (wrong != null) {
        v.problem(pathEntry.value(), where + ".path", wrong);
        path = null;
      }
    }
    RouteTarget target = target(route, where);
    Set<String> methods = methods(route.entries().get("method"), where + ".method");
    Auth auth = auth(route.entries().get("auth"), where + ".auth", hasJwt);
    RateLimit rateLimit = rateLimit(route.entries().get("rateLimit"), where + ".rateLimit");
    Duration timeout = v.duration(route.entries().get("timeout"), where, ManifestLimits.MIN_TIMEOUT,
        ManifestLimits.MAX_TIMEOUT, null);
    int maxBody = v.integer(route.entries().get("maxBodyBytes"), where, 0,
        RouteSpec.MAX_FUNCTION_BODY_BYTES, " (bytes)", RouteSpec.DEFAULT_MAX_BODY_BYTES);
    Cors cors = cors(route.entries().get("cors"), where + ".cors");
    boolean async = bool(route.entries().get("async"), where + ".async");
    if (async && target instanceof RouteTarget.Service) {
      v.problem(route.entries().get("async"), where + ".async", "async applies to function routes only");
    }
    String cacheControl = cacheControl(route.entries().get("cacheControl"), where + ".cacheControl",
        target);
    if (target instanceof RouteTarget.Events || target instanceof RouteTarget.Bucket) {
      methods = readOnlyMethods(route.entries().get("method"), where + ".method", methods, target);
      for (String key : INVOKE_ONLY_KEYS) {
        Entry option = route.entries().get(key);
        if (option != null) {
          v.problem(option, where + "." + key, key + " applies to function and service routes only;"
              + (target instanceof RouteTarget.Events ? " an events route streams until the client leaves"
              : " a bucket route serves stored objects") + " and takes no request body");
        }
      }
      boolean greedy = path != null && (path.endsWith("/**") || path.endsWith("+}"));
      if (target instanceof RouteTarget.Bucket && path != null && !greedy) {
        v.problem(pathEntry.value(), where + ".path", "a bucket route's path must end in a greedy /**"
            + " or {key+}, the object's key, e.g. /media/**");
        path = null;
      }
    }
    if (path == null || target == null) {
      return null;
    }
    return new RouteSpec(path, methods, target, auth, rateLimit, timeout, maxBody, cors, async, cacheControl);
  }

  /**
   * The methods of an events route (only GET) or a bucket route (GET and HEAD): the default when
   * none are given, and a problem for any other method.
   */
  private Set<String> readOnlyMethods(Entry entry, String where, Set<String> given, RouteTarget target) {
    List<String> allowed = target instanceof RouteTarget.Events ? List.of("GET") : List.of("GET", "HEAD");
    String kind = target instanceof RouteTarget.Events ? "an events route" : "a bucket route";
    if (entry == null) {
      return new LinkedHashSet<>(allowed);
    }
    if (given.isEmpty() || !allowed.containsAll(given)) {
      v.problem(entry.value(), where, kind + " serves only " + String.join(" and ", allowed)
          + (given.isEmpty() ? ", not any method" : ", not " + String.join(", ", given)));
    }
    return given;
  }

  private String cacheControl(Entry entry, String where, RouteTarget target) {
    if (entry == null) {
      return target instanceof RouteTarget.Bucket ? RouteSpec.DEFAULT_BUCKET_CACHE_CONTROL : null;
    }
    String text = v.text(entry, where, "a Cache-Control value, e.g. 'public, max-age=3600'");
    if (text == null) {
      return null;
    }
    if (!(target instanceof RouteTarget.Bucket)) {
      v.problem(entry, where, "cacheControl applies to bucket routes only; functions and services"
          + " set their own Cache-Control");
    } else if (text.isBlank() || text.length() > MAX_CACHE_CONTROL_CHARS || !text.matches("[\\x20-\\x7e]+")) {
      v.problem(entry.value(), where, "'" + text + "' is not a Cache-Control value; use 1.."
          + MAX_CACHE_CONTROL_CHARS + " printable ASCII characters, e.g. 'public, max-age=3600'");
    }
    return text;
  }

  /** Why {@code path} is not a route path, or null if it is one. */
  static String pathProblem(String path) {
    if (!path.startsWith("/")) {
      return "'" + path + "' does not start with '/'; expected " + PATH_RULE;
    }
    if (path.length() > 1024) {
      return "the path is " + path.length() + " characters long; the most allowed is 1024";
    }
    if (path.equals("/")) {
      return null;
    }
    String[] segments = path.substring(1).split("/", -1);
    var names = new HashSet<String>();
    for (int i = 0; i < segments.length; i++) {
      String segment = segments[i];
      boolean last = i == segments.length - 1;
      var param = PARAM.matcher(segment);
      if (segment.isEmpty()) {
        return "'" + path + "' has an empty segment (a '//' or a trailing '/')";
      } else if (segment.equals(".") || segment.equals("..")) {
        return "'" + path + "' has a '" + segment + "' segment; paths are literal, not relative";
      } else if ((segment.equals("**") || param.matches() && !param.group(2).isEmpty()) && !last) {
        return "'" + path + "' has the greedy '" + segment + "' before its end; it must be the last segment";
      } else if (param.matches()) {
        if (!names.add(param.group(1))) {
          return "'" + path + "' names the parameter '" + param.group(1) + "' twice";
        }
      } else if (!segment.equals("**") && (!LITERAL.matcher(segment).matches() || segment.contains("*")
          || segment.contains("{") || segment.contains("}"))) {
        return "'" + segment + "' is not a valid path segment; use letters, digits and ._~-, a"
            + " {name} parameter or a last /** or {name+}";
      }
    }
    return null;
  }

  private Set<String> methods(Entry entry, String where) {
    var methods = new LinkedHashSet<String>();
    if (entry == null) {
      return methods;
    }
    List<YamlNode> items = entry.value() instanceof Sequence list ? list.items() : List.of(entry.value());
    for (int i = 0; i < items.size(); i++) {
      YamlNode item = items.get(i);
      String at = entry.value() instanceof Sequence ? where + "[" + i + "]" : where;
      String method = item instanceof Scalar s && s.kind() == Kind.STRING ? s.text().toUpperCase(Locale.ROOT) : null;
      if (method != null && (method.equals("ANY") || method.equals("*"))) {
        return new LinkedHashSet<>();
      }
      if (method == null || !METHODS.contains(method)) {
        v.problem(item, at, ManifestValidator.describe(item) + " is not an HTTP method; allowed: "
            + String.join(", ", METHODS) + " or ANY");
      } else {
        methods.add(method);
      }
    }
    return methods;
  }

  private RouteTarget target(Mapping route, String where) {
    List<Entry> given = new ArrayList<>();
    for (String key : TARGET_KEYS) {
      Entry entry = route.entries().get(key);
      if (entry != null) {
        given.add(entry);
      }
    }
    if (given.size() > 1) {
      Entry second = given.stream().max(java.util.Comparator.comparingInt(Entry::line)
          .thenComparingInt(Entry::column)).orElseThrow();
      v.problem(second, where + "." + second.key(), "give one of function, service, events or bucket,"
          + " not " + given.stream().map(Entry::key).collect(java.util.stream.Collectors.joining(" and "))
          + "; a route has one target");
      return null;
    }
    if (given.isEmpty()) {
      v.problem(route, where, "has no target; add function: (a function of this app), service:,"
          + " events: (a channel) or bucket: (one of the app's buckets)");
      return null;
    }
    Entry entry = given.getFirst();
    String key = entry.key();
    String name = v.text(entry, where + "." + key, switch (key) {
      case "events" -> "a channel name, e.g. status";
      case "bucket" -> "one of the app's buckets";
      default -> "the name of a " + key + " of this app";
    });
    if (name == null) {
      return null;
    }
    String problem = switch (key) {
      case "function" -> functions.contains(name) ? null : "function '" + name + "' is not one of the"
          + " app's functions (" + String.join(", ", functions) + ")";
      case "service" -> services.contains(name) ? null : "service '" + name + "' is not one of the"
          + " app's services (" + String.join(", ", services) + ")";
      case "events" -> ChannelHub.isChannelName(name) ? null : "'" + name + "' is not a channel name;"
          + " a channel name is " + ChannelHub.NAME_RULE;
      default -> buckets.contains(name) ? null : "bucket '" + name + "' is not declared under the"
          + " app's buckets" + (buckets.isEmpty() ? "" : " (" + String.join(", ", buckets) + ")")
          + "; a route serves only the app's own buckets";
    };
    if (problem != null) {
      v.problem(entry.value(), where + "." + key, problem);
      return null;
    }
    return switch (key) {
      case "function" -> new RouteTarget.Function(name);
      case "service" -> new RouteTarget.Service(name);
      case "events" -> new RouteTarget.Events(name);
      default -> new RouteTarget.Bucket(name);
    };
  }

  private Auth auth(Entry entry, String where, boolean hasJwt) {
    String text = entry == null ? null : v.text(entry, where, "none, apiKey or jwt");
    if (text == null) {
      return Auth.NONE;
    }
    Auth auth = switch (text) {
      case "none" -> Auth.NONE;
      case "apiKey" -> Auth.API_KEY;
      case "jwt" -> Auth.JWT;
      default -> null;
    };
    if (auth == null) {
      v.problem(entry.value(), where, "'" + text + "' is not an auth kind; allowed: none, apiKey, jwt");
      return Auth.NONE;
    }
    if (auth == Auth.JWT && !hasJwt) {
      v.problem(entry.value(), where, "auth: jwt needs the app's top-level jwt: settings (secret,"
          + " jwksUrl or publicKey)");
    }
    return auth;
  }

  private RateLimit rateLimit(Entry entry, String where) {
    if (entry == null) {
      return null;
    }
    Mapping map = v.mapping(entry.value(), where, "a rate limit, e.g. {requests: 100, per: 1m, by: ip}");
    if (map == null) {
      return null;
    }
    for (Entry key : map.entries().values()) {
      if (!RATE_KEYS.contains(key.key())) {
        v.unknownKey(key, where, RATE_KEYS);
      }
    }
    Entry requestsEntry = v.required(map, null, where, "requests", "how many requests per period");
    int requests = v.integer(requestsEntry, where, 1, RouteSpec.MAX_RATE_REQUESTS, "", 0);
    Entry perEntry = map.entries().get("per");
    Duration per = v.duration(perEntry, where, Duration.ofSeconds(1), Duration.ofHours(24),
        Duration.ofSeconds(1));
    LimitBy by = LimitBy.IP;
    String byText = v.optionalText(map.entries().get("by"), where + ".by");
    if (byText.equals("key")) {
      by = LimitBy.KEY;
    } else if (!byText.isEmpty() && !byText.equals("ip")) {
      v.problem(map.entries().get("by").value(), where + ".by", "'" + byText
          + "' is not a rate-limit key; allowed: ip, key");
    }
    return requests == 0 ? null : new RateLimit(requests, per, by);
  }

  Cors cors(Entry entry, String where) {
    if (entry == null) {
      return null;
    }
    Mapping map = v.mapping(entry.value(), where, "a CORS policy, e.g. {origins: ['https://example.com']}");
    if (map == null) {
      return null;
    }
    for (Entry key : map.entries().values()) {
      if (!CORS_KEYS.contains(key.key())) {
        v.unknownKey(key, where, CORS_KEYS);
      }
    }
    Entry originsEntry = v.required(map, null, where, "origins", "a list of origins or ['*']");
    List<String> origins = texts(originsEntry, where + ".origins");
    for (int i = 0; i < origins.size(); i++) {
      String origin = origins.get(i);
      if (!origin.equals("*") && !origin.matches("https?://[A-Za-z0-9.-]+(:\\d{1,5})?")) {
        v.problem(((Sequence) originsEntry.value()).items().get(i), where + ".origins[" + i + "]",
            "'" + origin + "' is not an origin; write scheme://host[:port], e.g. https://example.com, or *");
      }
    }
    List<String> methods = new ArrayList<>(texts(map.entries().get("methods"), where + ".methods"));
    methods.replaceAll(m -> m.toUpperCase(Locale.ROOT));
    for (String method : methods) {
      if (!METHODS.contains(method)) {
        v.problem(map.entries().get("methods").value(), where + ".methods", "'" + method
            + "' is not an HTTP method; allowed: " + String.join(", ", METHODS));
      }
    }
    List<String> headers = texts(map.entries().get("headers"), where + ".headers");
    for (String header : headers) {
      if (!header.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
        v.problem(map.entries().get("headers").value(), where + ".headers", "'" + header
            + "' is not a header name");
      }
    }
    Duration maxAge = v.duration(map.entries().get("maxAge"), where, Duration.ZERO,
        Duration.ofDays(1), RouteSpec.DEFAULT_CORS_MAX_AGE);
    boolean credentials = bool(map.entries().get("credentials"), where + ".credentials");
    if (credentials && origins.contains("*")) {
      v.problem(map.entries().get("credentials"), where + ".credentials", "credentials: true cannot"
          + " go with origin '*'; browsers refuse it, so list the origins");
    }
    return new Cors(origins, methods, headers, maxAge, credentials);
  }

  JwtConfig jwt(Entry entry) {
    if (entry == null) {
      return null;
    }
    Mapping map = v.mapping(entry.value(), "jwt", "the JWT settings, e.g. {secret: ..., issuer: ...}");
    if (map == null) {
      return null;
    }
    for (Entry key : map.entries().values()) {
      if (!JWT_KEYS.contains(key.key())) {
        v.unknownKey(key, "jwt", JWT_KEYS);
      }
    }
    String secret = optional(map, "secret");
    String jwksUrl = optional(map, "jwksUrl");
    String publicKey = optional(map, "publicKey");
    long sources = java.util.stream.Stream.of(secret, jwksUrl, publicKey).filter(s -> s != null).count();
    if (sources != 1) {
      v.problem(entry, "jwt", "give exactly one key source: secret (HS256), jwksUrl or publicKey"
          + " (RS256 PEM); found " + sources);
      return null;
    }
    if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
      v.problem(map.entries().get("secret").value(), "jwt.secret", "the secret is shorter than"
          + " 32 bytes; HS256 needs at least 256 bits");
    }
    if (jwksUrl != null && !jwksUrl.matches("https?://\\S+")) {
      v.problem(map.entries().get("jwksUrl").value(), "jwt.jwksUrl", "'" + jwksUrl
          + "' is not an http(s) URL");
    }
    if (publicKey != null && !isRsaPublicKey(publicKey)) {
      v.problem(map.entries().get("publicKey").value(), "jwt.publicKey", "expected an RSA public key"
          + " in PEM, from -----BEGIN PUBLIC KEY----- to -----END PUBLIC KEY-----");
    }
    return new JwtConfig(secret, jwksUrl, publicKey, optional(map, "issuer"), optional(map, "audience"));
  }

  /** The {@code web:} folder, without a trailing '/', or null. */
  String web(Entry entry) {
    String path = entry == null ? null : v.text(entry, "web", "a folder of the app, e.g. web/");
    if (path == null) {
      return null;
    }
    String folder = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    String wrong = ManifestValues.pathProblem(folder, "web/");
    if (wrong != null) {
      v.problem(entry.value(), "web", wrong);
      return null;
    }
    return folder;
  }

  /** The {@code host:} name, lower case, or null. */
  String host(Entry entry) {
    String host = entry == null ? null : v.text(entry, "host", "a host name, e.g. photos.localhost");
    if (host == null) {
      return null;
    }
    if (!HOST.matcher(host).matches()) {
      v.problem(entry.value(), "host", "'" + host + "' is not a host name; use letters, digits, '-'"
          + " and '.', e.g. photos.localhost (no scheme, port or path)");
      return null;
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** Whether {@code pem} is an X.509 {@code PUBLIC KEY} block holding an RSA key. */
  static boolean isRsaPublicKey(String pem) {
    String begin = "-----BEGIN PUBLIC KEY-----";
    String end = "-----END PUBLIC KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      return false;
    }
    try {
      byte[] der = java.util.Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
      java.security.KeyFactory.getInstance("RSA").generatePublic(new java.security.spec.X509EncodedKeySpec(der));
      return true;
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      return false;
    }
  }

  private String optional(Mapping map, String key) {
    Entry entry = map.entries().get(key);
    return entry == null ? null : v.text(entry, "jwt." + key, "text");
  }

  private List<String> texts(Entry entry, String where) {
    var texts = new ArrayList<String>();
    if (entry == null) {
      return texts;
    }
    if (!(entry.value() instanceof Sequence list)) {
      v.typeProblem(entry.value(), where, "a list of text");
      return texts;
    }
    for (int i = 0; i < list.items().size(); i++) {
      if (list.items().get(i) instanceof Scalar s && s.kind() == Kind.STRING) {
        texts.add(s.text());
      } else {
        v.typeProblem(list.items().get(i), where + "[" + i + "]", "text");
      }
    }
    return texts;
  }

  private boolean bool(Entry entry, String where) {
    if (entry == null) {
      return false;
    }
    if (entry.value() instanceof Scalar s && s.kind() == Kind.BOOLEAN) {
      return Boolean.parseBoolean(s.text());
    }
    v.typeProblem(entry.value(), where, "true or false");
    return false;
  }
}
