package io.cumulo.core.manifest;

import static io.cumulo.core.manifest.ManifestLimits.*;

import io.cumulo.core.manifest.YamlNode.Entry;
import io.cumulo.core.manifest.YamlNode.Mapping;
import io.cumulo.core.manifest.YamlNode.Scalar;
import io.cumulo.core.manifest.YamlNode.Scalar.Kind;
import io.cumulo.core.manifest.YamlNode.Sequence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Walks a manifest's {@link YamlNode} tree against the schema, collecting every problem with its
 * position. Invalid values are replaced by their defaults so the walk can go on and find the rest;
 * the result is only used when no problem was found.
 */
final class ManifestValidator {
  private static final List<String> TOP_KEYS = List.of("name", "buckets", "functions", "services",
      "workflows", "routes", "jwt", "web", "host");
  private static final List<String> FUNCTION_KEYS = List.of("handler", "jar", "classes", "memory",
      "timeout", "concurrency", "minInstances", "maxInstances", "maxQueued", "idleTimeout",
      "maxAttempts", "env", "triggers");
  private static final List<String> TRIGGER_KINDS = List.of("schedule", "bucket", "table");
  private static final List<String> LATER_TRIGGER_KINDS = List.of("http", "queue");
  private static final List<String> BUCKET_KEYS = List.of("name", "cors");
  private static final List<String> TABLE_TRIGGER_KEYS = List.of("table", "operations");
  private static final List<String> BUCKET_TRIGGER_KEYS = List.of("bucket", "events", "prefix", "suffix");

  private final String file;
  private final List<ManifestProblem> problems;
  /** The app's declared buckets, which bucket triggers may name. */
  private final java.util.Set<String> buckets = new java.util.LinkedHashSet<>();
  /** The {@code cors:} entries of buckets written as maps, checked once route rules exist. */
  private final java.util.Map<String, Entry> bucketCorsEntries = new LinkedHashMap<>();

  ManifestValidator(String file, List<ManifestProblem> problems) {
    this.file = file;
    this.problems = problems;
  }

  AppManifest app(YamlNode root) {
    Mapping top = mapping(root, "", "a map with the keys 'name' and 'functions'");
    if (top == null) {
      return null;
    }
    for (Entry entry : top.entries().values()) {
      if (!TOP_KEYS.contains(entry.key())) {
        unknownKey(entry, "", TOP_KEYS);
      }
    }
    String name = name(required(top, null, "", "name", "the app's name, e.g. photos"), "name");
    buckets(top.entries().get("buckets"));
    var functions = new LinkedHashMap<String, FunctionSpec>();
    Entry functionsEntry = top.entries().get("functions");
    Mapping functionsMap = functionsEntry == null ? null
        : mapping(functionsEntry.value(), "functions", "a map of functions by name");
    if (functionsMap != null) {
      int count = functionsMap.entries().size();
      if (count == 0) {
        problem(functionsMap, "functions", "has no functions; list at least one, or remove the key");
      } else if (count > MAX_FUNCTIONS) {
        problem(functionsMap, "functions",
            "has " + count + " functions; the most allowed is " + MAX_FUNCTIONS);
      }
      for (Entry entry : functionsMap.entries().values()) {
        functions.put(entry.key(), function(entry, "functions." + entry.key()));
      }
    }
    var services = new ServiceRules(this).services(top.entries().get("services"), functions.keySet());
    if (functionsEntry == null && !top.entries().containsKey("services")) {
      problem(top, "", "has no functions and no services; an app needs at least one of them");
    }
    var routes = new RouteRules(this, functions.keySet(), services.keySet(), buckets);
    JwtConfig jwt = routes.jwt(top.entries().get("jwt"));
    var bucketCors = new LinkedHashMap<String, RouteSpec.Cors>();
    bucketCorsEntries.forEach((bucket, entry) -> {
      RouteSpec.Cors cors = routes.cors(entry, "buckets." + bucket + ".cors");
      if (cors != null) {
        bucketCors.put(bucket, cors);
      }
    });
    var workflows = new WorkflowRules(this).workflows(top.entries().get("workflows"));
    return new AppManifest(name, List.copyOf(buckets), bucketCors, functions, services, workflows,
        routes.routes(top.entries().get("routes"), jwt != null), jwt,
        routes.web(top.entries().get("web")), routes.host(top.entries().get("host")));
  }

  private FunctionSpec function(Entry function, String path) {
    if (!ManifestValues.NAME.matcher(function.key()).matches()) {
      problem(function, path, "'" + function.key() + "' is not a valid function name; "
          + ManifestValues.NAME_RULE);
    }
    Mapping spec = mapping(function.value(), path, "the function's settings (handler, jar, ...)");
    if (spec == null) {
      return null;
    }
    for (Entry entry : spec.entries().values()) {
      if (!FUNCTION_KEYS.contains(entry.key())) {
        unknownKey(entry, path, FUNCTION_KEYS);
      }
    }
    String handler = handler(required(spec, function, path, "handler",
        "the handler's class name, e.g. com.example.Echo"), path + ".handler");
    CodeSource code = code(spec, function, path);
    Entry min = spec.entries().get("minInstances");
    Entry max = spec.entries().get("maxInstances");
    int minInstances = integer(min, path, 0, MAX_INSTANCES, "", DEFAULT_MIN_INSTANCES);
    int maxInstances = integer(max, path, 1, MAX_INSTANCES, "", DEFAULT_MAX_INSTANCES);
    if (minInstances > maxInstances) {
      Entry at = min != null ? min : max;
      problem(at.value(), path + "." + at.key(), "minInstances " + minInstances
          + " is more than maxInstances " + maxInstances + (max == null ? " (the default)" : "")
          + "; minInstances must be at most maxInstances");
    }
    return new FunctionSpec(
        function.key(),
        handler,
        code,
        integer(spec.entries().get("memory"), path, MIN_MEMORY_MB, MAX_MEMORY_MB, " (MiB)",
            DEFAULT_MEMORY_MB),
        duration(spec.entries().get("timeout"), path, MIN_TIMEOUT, MAX_TIMEOUT, DEFAULT_TIMEOUT),
        integer(spec.entries().get("concurrency"), path, 1, MAX_CONCURRENCY, "",
            DEFAULT_CONCURRENCY),
        minInstances,
        maxInstances,
        integer(spec.entries().get("maxQueued"), path, 0, MAX_QUEUED, "", DEFAULT_MAX_QUEUED),
        duration(spec.entries().get("idleTimeout"), path, MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT,
            DEFAULT_IDLE_TIMEOUT),
        integer(spec.entries().get("maxAttempts"), path, 1, MAX_ATTEMPTS, "", DEFAULT_MAX_ATTEMPTS),
        env(spec.entries().get("env"), path + ".env"),
        triggers(spec.entries().get("triggers"), path + ".triggers"));
  }

  private String name(Entry entry, String path) {
    String name = text(entry, path, "the app's name, e.g. photos");
    if (name != null && !ManifestValues.NAME.matcher(name).matches()) {
      problem(entry.value(), path, "'" + name + "' is not a valid name; " + ManifestValues.NAME_RULE);
    }
    return name;
  }

  private String handler(Entry entry, String path) {
    String handler = text(entry, path, "the handler's class name, e.g. com.example.Echo");
    if (handler != null && !ManifestValues.isBinaryClassName(handler)) {
      problem(entry.value(), path, "'" + handler + "' is not a Java class name; write the fully"
          + " qualified name, e.g. com.example.Echo (nested classes: com.example.Outer$Inner)");
    }
    return handler;
  }

  CodeSource code(Mapping spec, Entry function, String path) {
    Entry jar = spec.entries().get("jar");
    Entry classes = spec.entries().get("classes");
    if (jar != null && classes != null) {
      Entry second = jar.line() > classes.line() ? jar : classes;
      problem(second, path + "." + second.key(),
          "give either jar or classes, not both; the function's code comes from one place");
      return null;
    }
    if (jar == null && classes == null) {
      problem(function, path, "says nowhere where its code is; add jar: (a .jar file) or"
          + " classes: (a directory of classes), relative to the app folder");
      return null;
    }
    Entry entry = jar != null ? jar : classes;
    String where = path + "." + entry.key();
    String example = jar != null ? "build/echo.jar" : "build/classes";
    String relative = text(entry, where, "a path relative to the app folder, e.g. " + example);
    if (relative == null) {
      return null;
    }
    String wrong = ManifestValues.pathProblem(relative, example);
    if (wrong == null && jar != null && !relative.endsWith(".jar")) {
      wrong = "'" + relative + "' does not end in .jar; for a directory of classes use classes:";
    }
    if (wrong != null) {
      problem(entry.value(), where, wrong);
      return null;
    }
    return new CodeSource(jar != null ? CodeSource.Kind.JAR : CodeSource.Kind.CLASSES, relative);
  }

  Map<String, String> env(Entry entry, String path) {
    var env = new LinkedHashMap<String, String>();
    if (entry == null) {
      return env;
    }
    Mapping map = mapping(entry.value(), path, "a map of variable names to values");
    if (map == null) {
      return env;
    }
    if (map.entries().size() > MAX_ENV_ENTRIES) {
      problem(map, path, "has " + map.entries().size() + " variables; the most allowed is "
          + MAX_ENV_ENTRIES);
    }
    for (Entry variable : map.entries().values()) {
      String where = path + "." + variable.key();
      if (!ManifestValues.ENV_KEY.matcher(variable.key()).matches()) {
        problem(variable, where, "'" + variable.key() + "' is not a valid variable name; use"
            + " letters, digits and '_', not starting with a digit");
      }
      YamlNode value = variable.value();
      if (value instanceof Scalar scalar && scalar.kind() == Kind.NULL) {
        problem(value, where, "has no value; write '' for empty text");
      } else if (value instanceof Scalar scalar) {
        env.put(variable.key(), scalar.text());
      } else {
        problem(value, where, "expected text, a number or true/false, got " + describe(value));
      }
    }
    return env;
  }

  private void buckets(Entry entry) {
    if (entry == null) {
      return;
    }
    if (!(entry.value() instanceof Sequence list)) {
      typeProblem(entry.value(), "buckets", "a list of bucket names, e.g. [photos-uploads]");
      return;
    }
    for (int i = 0; i < list.items().size(); i++) {
      YamlNode item = list.items().get(i);
      String where = "buckets[" + i + "]";
      YamlNode nameNode = item;
      if (item instanceof Mapping map) {
        for (Entry key : map.entries().values()) {
          if (!BUCKET_KEYS.contains(key.key())) {
            unknownKey(key, where, BUCKET_KEYS);
          }
        }
        Entry nameEntry = required(map, null, where, "name", "the bucket's name, e.g. photos-uploads");
        if (nameEntry == null) {
          continue;
        }
        nameNode = nameEntry.value();
        where += ".name";
      }
      if (!(nameNode instanceof Scalar scalar) || scalar.kind() != Kind.STRING) {
        if (!isAlias(nameNode)) {
          typeProblem(nameNode, where, "a bucket name, or {name: NAME, cors: {...}}");
        }
      } else if (!ManifestValues.isBucketName(scalar.text())) {
        problem(nameNode, where, "'" + scalar.text() + "' is not a valid bucket name; " + ManifestValues.BUCKET_RULE);
      } else if (!buckets.add(scalar.text())) {
        problem(nameNode, where, "bucket '" + scalar.text() + "' is listed twice");
      } else if (item instanceof Mapping map && map.entries().containsKey("cors")) {
        bucketCorsEntries.put(scalar.text(), map.entries().get("cors"));
      }
    }
  }

  private BucketTrigger bucketTrigger(Mapping trigger, String where) {
    for (Entry key : trigger.entries().values()) {
      if (!BUCKET_TRIGGER_KEYS.contains(key.key())) {
        unknownKey(key, where, BUCKET_TRIGGER_KEYS);
      }
    }
    Entry bucketEntry = trigger.entries().get("bucket");
    String bucket = text(bucketEntry, where + ".bucket", "a bucket the app declares under buckets");
    if (bucket != null && !buckets.contains(bucket)) {
      problem(bucketEntry.value(), where + ".bucket", "bucket '" + bucket + "' is not declared under"
          + " the app's buckets" + (buckets.isEmpty() ? "" : " (" + String.join(", ", buckets) + ")")
          + "; an app's functions are triggered only by its own buckets");
    }
    List<String> events = new ArrayList<>();
    Entry eventsEntry = trigger.entries().get("events");
    if (eventsEntry == null) {
      events.add("ObjectCreated:*");
    } else if (!(eventsEntry.value() instanceof Sequence list) || list.items().isEmpty()) {
      typeProblem(eventsEntry.value(), where + ".events", "a list of event types, e.g. [ObjectCreated]");
    } else {
      for (int i = 0; i < list.items().size(); i++) {
        YamlNode item = list.items().get(i);
        String type = item instanceof Scalar scalar && scalar.kind() == Kind.STRING
            ? BucketTrigger.normaliseEventType(scalar.text()) : null;
        if (type == null) {
          problem(item, where + ".events[" + i + "]", describe(item) + " is not an event type;"
              + " allowed: ObjectCreated, ObjectRemoved, " + String.join(", ", BucketTrigger.EVENT_TYPES));
        } else {
          events.add(type);
        }
      }
    }
    String prefix = optionalText(trigger.entries().get("prefix"), where + ".prefix");
    String suffix = optionalText(trigger.entries().get("suffix"), where + ".suffix");
    return bucket == null ? null : new BucketTrigger(bucket, events, prefix, suffix);
  }

  private TableTrigger tableTrigger(Mapping trigger, String where) {
    for (Entry key : trigger.entries().values()) {
      if (!TABLE_TRIGGER_KEYS.contains(key.key())) {
        unknownKey(key, where, TABLE_TRIGGER_KEYS);
      }
    }
    Entry tableEntry = trigger.entries().get("table");
    String table = text(tableEntry, where + ".table", "a table name, e.g. photos");
    if (table != null && !TableTrigger.NAME.matcher(table).matches()) {
      problem(tableEntry.value(), where + ".table", "'" + table + "' is not a valid table name; "
          + TableTrigger.NAME_RULE);
      table = null;
    }
    java.util.Set<String> operations = new java.util.LinkedHashSet<>();
    Entry operationsEntry = trigger.entries().get("operations");
    if (operationsEntry == null) {
      operations.addAll(TableTrigger.OPERATIONS);
    } else if (!(operationsEntry.value() instanceof Sequence list) || list.items().isEmpty()) {
      typeProblem(operationsEntry.value(), where + ".operations", "a list of operations, e.g. [INSERT, MODIFY]");
    } else {
      for (int i = 0; i < list.items().size(); i++) {
        YamlNode item = list.items().get(i);
        String operation = item instanceof Scalar scalar && scalar.kind() == Kind.STRING
            ? scalar.text().toUpperCase(java.util.Locale.ROOT) : null;
        if (operation == null || !TableTrigger.OPERATIONS.contains(operation)) {
          problem(item, where + ".operations[" + i + "]", describe(item) + " is not an operation;"
              + " allowed: " + String.join(", ", TableTrigger.OPERATIONS));
        } else {
          operations.add(operation);
        }
      }
    }
    return table == null ? null : new TableTrigger(table, operations);
  }

  String optionalText(Entry entry, String path) {
    if (entry == null) {
      return "";
    }
    String value = text(entry, path, "text");
    return value == null ? "" : value;
  }

  List<Trigger> triggers(Entry entry, String path) {
    var triggers = new ArrayList<Trigger>();
    if (entry == null) {
      return triggers;
    }
    if (!(entry.value() instanceof Sequence list)) {
      typeProblem(entry.value(), path, "a list of triggers, e.g. - schedule: rate(5 minutes)");
      return triggers;
    }
    for (int i = 0; i < list.items().size(); i++) {
      String where = path + "[" + i + "]";
      Mapping trigger = mapping(list.items().get(i), where, "a trigger, e.g. schedule: rate(5 minutes)");
      if (trigger == null) {
        continue;
      }
      if (trigger.entries().containsKey("bucket")) {
        BucketTrigger bucket = bucketTrigger(trigger, where);
        if (bucket != null) {
          triggers.add(bucket);
        }
        continue;
      }
      if (trigger.entries().containsKey("table")) {
        TableTrigger table = tableTrigger(trigger, where);
        if (table != null) {
          triggers.add(table);
        }
        continue;
      }
      if (trigger.entries().size() != 1) {
        problem(trigger, where, "a trigger has exactly one kind key (" + String.join(", ",
            TRIGGER_KINDS) + "); found " + (trigger.entries().isEmpty() ? "none"
            : String.join(", ", trigger.entries().keySet())));
        continue;
      }
      Entry kind = trigger.entries().values().iterator().next();
      String kindPath = where + "." + kind.key();
      if (kind.key().equals("schedule")) {
        String expression = text(kind, kindPath, "a schedule, e.g. rate(5 minutes)");
        if (expression != null) {
          try {
            triggers.add(new ScheduleTrigger(Schedule.parse(expression)));
          } catch (IllegalArgumentException e) {
            problem(kind.value(), kindPath, e.getMessage());
          }
        }
      } else if (LATER_TRIGGER_KINDS.contains(kind.key())) {
        problem(kind, kindPath, "'" + kind.key() + "' triggers are not supported yet; supported: "
            + String.join(", ", TRIGGER_KINDS));
      } else {
        problem(kind, kindPath, "unknown trigger kind '" + kind.key() + "'; supported: "
            + String.join(", ", TRIGGER_KINDS));
      }
    }
    return triggers;
  }

  int integer(Entry entry, String path, int min, int max, String unit, int fallback) {
    if (entry == null || isAlias(entry.value())) {
      return fallback;
    }
    String where = path + "." + entry.key();
    if (!(entry.value() instanceof Scalar scalar) || scalar.kind() != Kind.INTEGER) {
      String hint = entry.value() instanceof Scalar s && s.kind() == Kind.STRING
          && s.text().strip().matches("-?\\d+") ? "; write it without quotes" : "";
      problem(entry.value(), where, "expected a whole number" + unit + ", got "
          + describe(entry.value()) + hint);
      return fallback;
    }
    String digits = scalar.text().replace("_", "");
    if (!digits.matches("[-+]?\\d+")) {
      problem(scalar, where, "write " + scalar.text() + " as a plain decimal number" + unit);
      return fallback;
    }
    var value = new java.math.BigInteger(digits);
    if (value.compareTo(java.math.BigInteger.valueOf(min)) < 0
        || value.compareTo(java.math.BigInteger.valueOf(max)) > 0) {
      problem(scalar, where, scalar.text() + " is out of range; allowed " + min + ".." + max + unit);
      return fallback;
    }
    return value.intValueExact();
  }

  Duration duration(Entry entry, String path, Duration min, Duration max, Duration fallback) {
    if (entry == null || isAlias(entry.value())) {
      return fallback;
    }
    String where = path + "." + entry.key();
    String allowed = ManifestValues.formatDuration(min) + ".." + ManifestValues.formatDuration(max);
    if (entry.value() instanceof Scalar s && (s.kind() == Kind.INTEGER || s.kind() == Kind.DECIMAL)) {
      problem(s, where, s.text() + " has no unit; add ms, s, m or h, e.g. " + s.text() + "s");
      return fallback;
    }
    String text = text(entry, where, "a duration such as 500ms, 30s, 5m or 1h");
    if (text == null) {
      return fallback;
    }
    Duration value = ManifestValues.parseDuration(text);
    if (value == null) {
      problem(entry.value(), where, "'" + text + "' is not a duration; use a number with ms, s, m"
          + " or h, e.g. 30s");
      return fallback;
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      problem(entry.value(), where, text + " is out of range; allowed " + allowed);
      return fallback;
    }
    return value;
  }

  /** The entry's value as text, or null (with a problem) if it is not a string. */
  String text(Entry entry, String path, String expected) {
    if (entry == null || isAlias(entry.value())) {
      return null;
    }
    if (entry.value() instanceof Scalar s && s.kind() == Kind.STRING) {
      return s.text();
    }
    typeProblem(entry.value(), path, expected);
    return null;
  }

  Mapping mapping(YamlNode node, String path, String expected) {
    if (node instanceof Mapping map) {
      return map;
    }
    if (!isAlias(node)) {
      typeProblem(node, path, expected);
    }
    return null;
  }

  /** The entry for {@code key}; if missing, a problem at {@code owner}'s key, or the map if null. */
  Entry required(Mapping map, Entry owner, String path, String key, String expected) {
    Entry entry = map.entries().get(key);
    if (entry == null) {
      String message = "missing required key '" + key + "' (" + expected + ")";
      if (owner == null) {
        problem(map, path, message);
      } else {
        problem(owner, path, message);
      }
    }
    return entry;
  }

  void unknownKey(Entry entry, String path, List<String> allowed) {
    String where = path.isEmpty() ? entry.key() : path + "." + entry.key();
    problem(entry, where, "unknown key '" + entry.key() + "'; allowed keys are "
        + String.join(", ", allowed));
  }

  void typeProblem(YamlNode node, String path, String expected) {
    problem(node, path, "expected " + expected + ", got " + describe(node));
  }

  static boolean isAlias(YamlNode node) {
    return node instanceof Scalar s && s.kind() == Kind.ALIAS;
  }

  static String describe(YamlNode node) {
    return switch (node) {
      case Mapping m -> "a map";
      case Sequence s -> "a list";
      case Scalar s -> switch (s.kind()) {
        case STRING -> "the text '" + s.text() + "'";
        case INTEGER, DECIMAL -> "the number " + s.text();
        case BOOLEAN -> s.text() + " (a boolean)";
        case NULL -> "nothing (an empty value)";
        case ALIAS -> "an alias";
      };
    };
  }

  void problem(YamlNode at, String path, String message) {
    problems.add(new ManifestProblem(file, at.line(), at.column(), path, message));
  }

  void problem(Entry at, String path, String message) {
    problems.add(new ManifestProblem(file, at.line(), at.column(), path, message));
  }
}
