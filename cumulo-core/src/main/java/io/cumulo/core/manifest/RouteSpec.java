package io.cumulo.core.manifest;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One entry of a manifest's {@code routes:}, with every option resolved to its value or default
 * (defaults in {@link ManifestLimits}).
 *
 * @param path the path pattern below the app's root, e.g. {@code /api/images/{id}}; literal
 *     segments, {@code {name}} parameters and a last greedy {@code /**} or {@code {rest+}}
 * @param methods the HTTP methods served, upper case; empty means any method ({@code events}
 *     routes default to GET, {@code bucket} routes to GET and HEAD, and allow nothing else)
 * @param target the function, service, channel or bucket the requests go to
 * @param auth how callers prove who they are (default {@link Auth#NONE})
 * @param rateLimit the request budget, or null for none
 * @param timeout how long a request may take, or null for the target's own timeout
 * @param maxBodyBytes the largest request body accepted (default and most for functions 6 MiB)
 * @param cors the cross-origin policy, or null to answer no CORS headers
 * @param async whether function requests are accepted (202) rather than awaited (default false)
 * @param cacheControl the {@code Cache-Control} of a bucket route's objects (default
 *     {@value #DEFAULT_BUCKET_CACHE_CONTROL}); null for other routes
 */
public record RouteSpec(
    String path,
    Set<String> methods,
    RouteTarget target,
    Auth auth,
    RateLimit rateLimit,
    Duration timeout,
    long maxBodyBytes,
    Cors cors,
    boolean async,
    String cacheControl) {

  /** The default request body limit: 6 MiB, which is also the most a function route allows. */
  public static final int DEFAULT_MAX_BODY_BYTES = 6 * 1024 * 1024;
  /** The largest {@code maxBodyBytes} of a function route. */
  public static final int MAX_FUNCTION_BODY_BYTES = DEFAULT_MAX_BODY_BYTES;
  /** The most routes one app may declare. */
  public static final int MAX_ROUTES = 500;
  /** The largest {@code rateLimit.requests}. */
  public static final int MAX_RATE_REQUESTS = 1_000_000;
  /** How long browsers may cache a preflight answer when {@code cors.maxAge} is not given. */
  public static final Duration DEFAULT_CORS_MAX_AGE = Duration.ofMinutes(10);
  /** The {@code Cache-Control} of objects served by a bucket route without {@code cacheControl}. */
  public static final String DEFAULT_BUCKET_CACHE_CONTROL = "public, max-age=60";

  public RouteSpec {
    methods = Set.copyOf(methods);
  }

  /** How a route authenticates callers. */
  public enum Auth {
    /** Anyone may call. */
    NONE,
    /** Callers send one of the app's API keys in {@code x-api-key}. */
    API_KEY,
    /** Callers send {@code Authorization: Bearer <JWT>}, checked against the app's {@code jwt:}. */
    JWT
  }

  /** Whose requests share a rate-limit budget. */
  public enum LimitBy {
    /** The client's IP address. */
    IP,
    /** The API key (or, without one, the client's IP address). */
    KEY
  }

  /**
   * At most {@code requests} per {@code per} for each {@code by}, refilled gradually.
   *
   * @param requests the budget, 1..1,000,000
   * @param per the period the budget covers, 1s..24h
   * @param by whose requests share a budget (default {@link LimitBy#IP})
   */
  public record RateLimit(int requests, Duration per, LimitBy by) {}

  /**
   * The route's cross-origin policy.
   *
   * @param origins allowed origins ({@code *} for any)
   * @param methods allowed methods; empty means the route's methods
   * @param headers request headers allowed beyond the CORS-safelisted ones
   * @param maxAge how long browsers may cache a preflight answer (default 10m)
   * @param credentials whether cookies and authorization may be sent (default false)
   */
  public record Cors(List<String> origins, List<String> methods, List<String> headers,
      Duration maxAge, boolean credentials) {
    public Cors {
      origins = List.copyOf(origins);
      methods = List.copyOf(methods);
      headers = List.copyOf(headers);
    }
  }
}
