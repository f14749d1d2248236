package io.cumulo.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cumulo.storage.auth.AccessKey;
import io.cumulo.storage.auth.CredentialStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The S3 key pairs: the root key (generated at first start, or taken from
 * {@code CUMULO_ROOT_ACCESS_KEY} / {@code CUMULO_ROOT_SECRET_KEY}) and one key per deployed app,
 * scoped to the buckets its manifest declares. Kept in {@code <data>/credentials.json}, readable
 * only by its owner, rewritten atomically on every change.
 */
final class S3Credentials implements CredentialStore {
  static final String FILE = "credentials.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final char[] ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private final Path file;
  private final SecureRandom random = new SecureRandom();
  private final ConcurrentHashMap<String, AccessKey> byId = new ConcurrentHashMap<>();
  private volatile AccessKey root;

  private S3Credentials(Path file) {
    this.file = file;
  }

  static S3Credentials open(Path dataDir, Map<String, String> env) {
    S3Credentials credentials = new S3Credentials(dataDir.resolve(FILE));
    credentials.load(env);
    return credentials;
  }

  private synchronized void load(Map<String, String> env) {
    try {
      if (Files.exists(file)) {
        JsonNode doc = JSON.readTree(file.toFile());
        JsonNode r = doc.path("root");
        root = new AccessKey(r.path("accessKeyId").asText(), r.path("secretKey").asText(), null, "root");
        for (JsonNode app : doc.path("apps")) {
          Set<String> buckets = new java.util.LinkedHashSet<>();
          app.path("buckets").forEach(b -> buckets.add(b.asText()));
          AccessKey key = new AccessKey(app.path("accessKeyId").asText(), app.path("secretKey").asText(),
              buckets, app.path("app").asText());
          byId.put(key.accessKeyId(), key);
        }
      }
      String envId = env.get("CUMULO_ROOT_ACCESS_KEY");
      String envSecret = env.get("CUMULO_ROOT_SECRET_KEY");
      if (envId != null && envSecret != null) {
        root = new AccessKey(envId, envSecret, null, "root");
      } else if (root == null) {
        root = new AccessKey(newId(), newSecret(), null, "root");
      }
      byId.put(root.accessKeyId(), root);
      save();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<AccessKey> find(String accessKeyId) {
    return Optional.ofNullable(byId.get(accessKeyId));
  }

  AccessKey root() {
    return root;
  }

  /** The app's key, created on its first deploy; its bucket scope follows the latest manifest. */
  synchronized AccessKey forApp(String app, Collection<String> buckets) {
    AccessKey existing = appKey(app).orElse(null);
    AccessKey key = new AccessKey(existing == null ? newId() : existing.accessKeyId(),
        existing == null ? newSecret() : existing.secretKey(), Set.copyOf(buckets), app);
    byId.put(key.accessKeyId(), key);
    save();
    return key;
  }

  /** Forgets an app's key: requests signed with it fail from now on. */
  synchronized void removeApp(String app) {
    appKey(app).ifPresent(key -> byId.remove(key.accessKeyId()));
    save();
  }

  Optional<AccessKey> appKey(String app) {
    return byId.values().stream().filter(k -> !k.isRoot() && k.owner().equals(app)).findFirst();
  }

  private void save() {
    ObjectNode doc = JSON.createObjectNode();
    ObjectNode r = doc.putObject("root");
    r.put("accessKeyId", root.accessKeyId());
    r.put("secretKey", root.secretKey());
    var apps = doc.putArray("apps");
    byId.values().stream().filter(k -> !k.isRoot()).sorted(java.util.Comparator.comparing(AccessKey::owner))
        .forEach(k -> {
          ObjectNode a = apps.addObject();
          a.put("app", k.owner());
          a.put("accessKeyId", k.accessKeyId());
          a.put("secretKey", k.secretKey());
          var b = a.putArray("buckets");
          k.buckets().stream().sorted().forEach(b::add);
        });
    Path tmp = file.resolveSibling(FILE + ".tmp");
    try {
      Files.deleteIfExists(tmp);
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
      try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
        channel.force(true);
      }
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** 20 characters like AWS's access key ids. */
  private String newId() {
    StringBuilder id = new StringBuilder("CUMU");
    for (int i = 0; i < 16; i++) {
      id.append(ID_CHARS[random.nextInt(ID_CHARS.length)]);
    }
    return id.toString();
  }

  private String newSecret() {
    byte[] bytes = new byte[30];
    random.nextBytes(bytes);
    return java.util.Base64.getEncoder().encodeToString(bytes);
  }
}
