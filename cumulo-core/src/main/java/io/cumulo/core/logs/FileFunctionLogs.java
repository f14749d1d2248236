package io.cumulo.core.logs;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.cumulo.core.CumuloException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FunctionLogs} in plain files: function {@code app/fn} writes {@code DIR/app/fn.log}, one
 * JSON object per line: {@code {"time":"2026-01-02T03:04:05.123Z","invocationId":...,"level":...,
 * "message":...}} with the time in ISO-8601.
 *
 * <p>Appends go to a per-function buffer, flushed by a background thread every {@link
 * Config#flushInterval()}, before each read, and on close; so a crash may lose the last
 * interval's lines. A file that would grow past {@link Config#maxFileBytes()} is rotated to
 * {@code fn.log.1}, shifting older files up and dropping the one past {@link
 * Config#rotatedFiles()}.
 *
 * <p>Followers are called after the line is buffered and outside the file's lock, so a slow
 * follower never holds up other appenders; lines from concurrent appenders may therefore reach
 * followers in a slightly different order than they appear in the file.
 */
public final class FileFunctionLogs implements FunctionLogs {

  /** The most UTF-8 bytes of a message that are kept. */
  static final int MAX_MESSAGE_BYTES = 16 * 1024;

  private static final Pattern FUNCTION_NAME =
      Pattern.compile("([a-z][a-z0-9-]{0,62})/([a-z][a-z0-9-]{0,62})");
  private static final Logger LOG = LoggerFactory.getLogger(FileFunctionLogs.class);

  /**
   * How function logs are kept.
   *
   * @param maxFileBytes the size past which a log file is rotated; default 16 MiB, at least 1
   * @param rotatedFiles how many rotated files are kept per function; default 3, at least 0
   * @param flushInterval how often buffered lines are written to the files; default 200 ms
   */
  public record Config(long maxFileBytes, int rotatedFiles, Duration flushInterval) {
    public static final Config DEFAULTS = new Config(16L << 20, 3, Duration.ofMillis(200));

    public Config {
      if (maxFileBytes < 1) {
        throw new IllegalArgumentException("maxFileBytes must be at least 1, got " + maxFileBytes);
      }
      if (rotatedFiles < 0) {
        throw new IllegalArgumentException("rotatedFiles must be at least 0, got " + rotatedFiles);
      }
      Objects.requireNonNull(flushInterval, "flushInterval");
      if (flushInterval.isNegative() || flushInterval.isZero()) {
        throw new IllegalArgumentException("flushInterval must be positive, got " + flushInterval);
      }
    }
  }

  /** A line as stored; the function is implied by the file. */
  record StoredLine(String time, String invocationId, String level, String message) {}

  private final Path dir;
  private final InstantSource clock;
  private final Config config;
  private final Map<String, FunctionLogFile> files = new ConcurrentHashMap<>();
  private final ObjectWriter lineWriter;
  private final ObjectReader lineReader;
  private final ScheduledExecutorService flusher;
  private final AtomicBoolean closed = new AtomicBoolean();

  private FileFunctionLogs(Path dir, InstantSource clock, Config config) {
    this.dir = dir;
    this.clock = clock;
    this.config = config;
    ObjectMapper mapper = new ObjectMapper();
    this.lineWriter = mapper.writerFor(StoredLine.class);
    this.lineReader = mapper.readerFor(StoredLine.class);
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("cumulo-log-flusher").daemon().factory());
    long interval = config.flushInterval().toNanos();
    flusher.scheduleWithFixedDelay(this::flushAll, interval, interval, TimeUnit.NANOSECONDS);
  }

  /** Opens the logs under {@code dir} with {@link Config#DEFAULTS}. */
  public static FileFunctionLogs open(Path dir, InstantSource clock) {
    return open(dir, clock, Config.DEFAULTS);
  }

  /**
   * Opens the logs under {@code dir}; directories are created on a function's first line.
   *
   * @param clock stamps appended lines
   */
  public static FileFunctionLogs open(Path dir, InstantSource clock, Config config) {
    Objects.requireNonNull(dir, "dir");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(config, "config");
    return new FileFunctionLogs(dir, clock, config);
  }

  /**
   * {@inheritDoc}
   *
   * @param invocationId may be null for lines that belong to no invocation
   * @throws CumuloException (400) if the function name is not {@code app/fn}
   * @throws UncheckedIOException if the line cannot be written
   * @throws IllegalStateException after {@link #close}
   */
  @Override
  public void append(String function, String invocationId, String level, String message) {
    FunctionLogFile file = file(function);
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
    LogLine line =
        new LogLine(clock.instant(), function, invocationId, level, truncate(message));
    byte[] encoded;
    try {
      // Through a String rather than straight to bytes: String.getBytes replaces a lone surrogate
      // in a handler's message, where Jackson's byte encoder would refuse the whole line.
      String json =
          lineWriter.writeValueAsString(
              new StoredLine(line.time().toString(), invocationId, level, line.message()));
      encoded = (json + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JacksonException e) {
      throw new IllegalStateException("cannot encode a log line", e);
    }
    try {
      file.write(encoded);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the log of " + function, e);
    }
    for (Consumer<LogLine> listener : file.listeners()) {
      try {
        listener.accept(line);
      } catch (RuntimeException e) {
        file.listeners().remove(listener);
        LOG.warn("Stopped a follower of the log of {} that failed", function, e);
      }
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the rotated files and the current one; malformed lines are skipped.
   *
   * @throws CumuloException (400) if the function name is not {@code app/fn}
   */
  @Override
  public List<LogLine> read(String function, Instant since, int limit) {
    FunctionLogFile file = file(function);
    Objects.requireNonNull(since, "since");
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be at least 0, got " + limit);
    }
    if (limit == 0) {
      return List.of();
    }
    ArrayDeque<LogLine> newest = new ArrayDeque<>(Math.min(limit, 1024) + 1);
    List<InputStream> streams;
    try {
      streams = file.openForReading();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the log of " + function, e);
    }
    IOException failure = null;
    for (InputStream stream : streams) {
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
        if (failure == null) {
          collect(reader, function, since, limit, newest);
        }
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("cannot read the log of " + function, failure);
    }
    return List.copyOf(newest);
  }

  private void collect(
      BufferedReader reader, String function, Instant since, int limit, ArrayDeque<LogLine> newest)
      throws IOException {
    for (String text = reader.readLine(); text != null; text = reader.readLine()) {
      LogLine line = parse(function, text);
      if (line == null || line.time().isBefore(since)) {
        continue;
      }
      newest.addLast(line);
      if (newest.size() > limit) {
        newest.removeFirst();
      }
    }
  }

  /** The line, or null if it is not one we wrote (a torn write, or a hand-edited file). */
  private LogLine parse(String function, String text) {
    try {
      StoredLine stored = lineReader.readValue(text);
      if (stored == null
          || stored.time() == null
          || stored.level() == null
          || stored.message() == null) {
        return null;
      }
      return new LogLine(
          Instant.parse(stored.time()),
          function,
          stored.invocationId(),
          stored.level(),
          stored.message());
    } catch (JacksonException | DateTimeParseException e) {
      return null;
    }
  }

  @Override
  public AutoCloseable follow(String function, Consumer<LogLine> listener) {
    FunctionLogFile file = file(function);
    Objects.requireNonNull(listener, "listener");
    // A fresh wrapper per call, so closing one handle removes exactly its own registration even
    // when the same listener follows twice.
    Consumer<LogLine> registration = listener::accept;
    file.listeners().add(registration);
    return () -> file.listeners().remove(registration);
  }

  /** Stops the flusher, then flushes and closes every file; later appends fail. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    flusher.shutdown();
    try {
      flusher.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IOException failure = null;
    for (FunctionLogFile file : files.values()) {
      try {
        file.close();
      } catch (IOException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw new UncheckedIOException("cannot close function logs in " + dir, failure);
    }
  }

  private void flushAll() {
    for (Map.Entry<String, FunctionLogFile> entry : files.entrySet()) {
      try {
        entry.getValue().flush();
      } catch (IOException e) {
        LOG.warn("Cannot flush the log of {}", entry.getKey(), e);
      }
    }
  }

  private FunctionLogFile file(String function) {
    Objects.requireNonNull(function, "function");
    var matcher = FUNCTION_NAME.matcher(function);
    if (!matcher.matches()) {
      throw CumuloException.badRequest(
          "InvalidFunctionName",
          "a function name is APP/FN, each part a lowercase letter followed by up to 62 lowercase"
              + " letters, digits or '-'");
    }
    return files.computeIfAbsent(
        function,
        name ->
            new FunctionLogFile(
                dir.resolve(matcher.group(1)).resolve(matcher.group(2) + ".log"),
                config.maxFileBytes(),
                config.rotatedFiles(),
                closed));
  }

  /** Cuts a message to at most {@link #MAX_MESSAGE_BYTES} UTF-8 bytes, never inside a character. */
  static String truncate(String message) {
    if (message.length() <= MAX_MESSAGE_BYTES / 3) {
      return message;
    }
    int bytes = 0;
    for (int i = 0; i < message.length(); ) {
      int codePoint = message.codePointAt(i);
      int width =
          codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      if (bytes + width > MAX_MESSAGE_BYTES) {
        return message.substring(0, i);
      }
      bytes += width;
      i += Character.charCount(codePoint);
    }
    return message;
  }
}
