package io.cumulo.storage.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.core.storage.StorageException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The conditions of a POST-object policy (its signature and expiration are checked by
 * {@link io.cumulo.storage.auth.PostPolicyVerifier}): exact matches ({@code {"field": "value"}} or
 * {@code ["eq", "$field", "value"]}), {@code ["starts-with", "$field", "prefix"]} and
 * {@code ["content-length-range", min, max]}. As in S3, every form field but {@code policy},
 * {@code x-amz-signature}, {@code file} and {@code x-ignore-*} must be covered by a condition.
 *
 * @param minLength the smallest file allowed, bytes (0 without a content-length-range)
 * @param maxLength the largest file allowed, bytes ({@code Long.MAX_VALUE} without a range)
 */
record PostPolicy(List<Condition> conditions, long minLength, long maxLength) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> EXEMPT = Set.of("policy", "x-amz-signature", "file");

  /** One condition on a field (lower-cased, without the {@code $}). */
  record Condition(String field, String value, boolean prefix) {
    boolean allows(String actual) {
      if (actual == null) {
        return false;
      }
      return prefix ? actual.startsWith(value) : actual.equals(value);
    }
  }

  static PostPolicy parse(String policyBase64) {
    JsonNode root;
    try {
      root = JSON.readTree(Base64.getDecoder().decode(policyBase64));
    } catch (IOException | IllegalArgumentException e) {
      throw S3Errors.invalidArgument("the policy must be base64 of a JSON document");
    }
    JsonNode conditions = root.path("conditions");
    if (!conditions.isArray()) {
      throw invalidPolicy("the policy has no conditions array");
    }
    List<Condition> parsed = new ArrayList<>();
    long min = 0;
    long max = Long.MAX_VALUE;
    for (JsonNode c : conditions) {
      if (c.isObject() && c.size() == 1) {
        Map.Entry<String, JsonNode> only = c.properties().iterator().next();
        parsed.add(new Condition(only.getKey().toLowerCase(Locale.ROOT), only.getValue().asText(), false));
      } else if (c.isArray() && c.size() == 3) {
        String op = c.get(0).asText().toLowerCase(Locale.ROOT);
        switch (op) {
          case "eq", "starts-with" -> {
            String field = c.get(1).asText();
            if (!field.startsWith("$")) {
              throw invalidPolicy("a condition's field must start with $: " + field);
            }
            parsed.add(new Condition(field.substring(1).toLowerCase(Locale.ROOT), c.get(2).asText(), op.equals("starts-with")));
          }
          case "content-length-range" -> {
            if (!c.get(1).canConvertToLong() || !c.get(2).canConvertToLong()) {
              throw invalidPolicy("content-length-range takes two integers");
            }
            min = c.get(1).asLong();
            max = c.get(2).asLong();
          }
          default -> throw invalidPolicy("unknown condition operator " + op);
        }
      } else {
        throw invalidPolicy("a condition is an object with one field or an array of three elements");
      }
    }
    return new PostPolicy(List.copyOf(parsed), min, max);
  }

  /**
   * Checks the form against the conditions.
   *
   * @param fields the form fields by lower-cased name, with {@code key} already resolved and
   *     {@code bucket} set to the addressed bucket
   * @throws StorageException 403 {@code AccessDenied} "Invalid according to Policy" on any mismatch
   */
  void check(Map<String, String> fields) {
    Set<String> covered = new HashSet<>();
    for (Condition condition : conditions) {
      if (!condition.allows(fields.get(condition.field()))) {
        throw new StorageException(403, "AccessDenied",
            "Invalid according to Policy: Policy Condition failed: " + condition.field());
      }
      covered.add(condition.field());
    }
    for (String field : fields.keySet()) {
      if (!covered.contains(field) && !EXEMPT.contains(field) && !field.startsWith("x-ignore-") && !field.equals("bucket")) {
        throw new StorageException(403, "AccessDenied", "Invalid according to Policy: Extra input fields: " + field);
      }
    }
  }

  private static StorageException invalidPolicy(String message) {
    return new StorageException(400, "InvalidPolicyDocument", "Invalid Policy: " + message);
  }
}
