package io.cumulo.storage.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cumulo.core.storage.StorageException;
import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Checks the signature of a browser form upload (S3's POST object): the form's
 * {@code x-amz-signature} must be the hex HMAC-SHA256 of its base64 {@code policy}, keyed with the
 * SigV4 signing key of {@code x-amz-credential}'s key, date and region, and the policy must not
 * have expired. What its conditions allow is the caller's to check.
 *
 * <p>Thread-safe.
 */
public final class PostPolicyVerifier {
  private static final Pattern DATE_STAMP = Pattern.compile("\\d{8}");
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CredentialStore credentials;
  private final InstantSource clock;

  /** @param clock tells whether a policy's {@code expiration} has passed */
  public PostPolicyVerifier(CredentialStore credentials, InstantSource clock) {
    this.credentials = Objects.requireNonNull(credentials, "credentials");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * @param policyBase64 the form's {@code policy} field, as sent
   * @param algorithm {@code x-amz-algorithm}; must be {@code AWS4-HMAC-SHA256}
   * @param credential {@code x-amz-credential}: {@code AKID/yyyymmdd/region/s3/aws4_request}
   * @param signature {@code x-amz-signature}: lower-case hex
   * @return the key that signed the policy
   * @throws StorageException {@code InvalidArgument} (400) for missing or malformed fields,
   *     {@code InvalidAccessKeyId} (403) for an unknown key, {@code SignatureDoesNotMatch} (403),
   *     {@code AccessDenied} (403) for an expired policy or one without an expiration
   */
  public AccessKey verify(String policyBase64, String algorithm, String credential, String signature) {
    if (policyBase64 == null || algorithm == null || credential == null || signature == null) {
      throw invalid("a signed POST needs the fields policy, x-amz-algorithm, x-amz-credential and x-amz-signature");
    }
    if (!algorithm.equals(SigV4Signing.ALGORITHM)) {
      throw invalid("x-amz-algorithm must be " + SigV4Signing.ALGORITHM);
    }
    String[] parts = credential.split("/", -1);
    if (parts.length != 5 || parts[0].isEmpty() || !DATE_STAMP.matcher(parts[1]).matches() || parts[2].isEmpty()
        || !parts[3].equals(SigV4Signing.SERVICE) || !parts[4].equals(SigV4Signing.TERMINATOR)) {
      throw invalid("x-amz-credential must be ACCESS_KEY_ID/yyyymmdd/region/s3/aws4_request");
    }
    if (!HEX64.matcher(signature).matches()) {
      throw SigV4Signing.signatureDoesNotMatch();
    }
    AccessKey key = credentials.find(parts[0]).orElseThrow(() -> new StorageException(403, "InvalidAccessKeyId",
        "The AWS Access Key Id you provided does not exist in our records."));
    byte[] signingKey = SigV4Signing.signingKey(key.secretKey(), parts[1], parts[2]);
    String expected = SigV4Signing.hex(SigV4Signing.hmac(signingKey, policyBase64));
    if (!SigV4Signing.signaturesEqual(expected, signature)) {
      throw SigV4Signing.signatureDoesNotMatch();
    }
    checkExpiration(policyBase64);
    return key;
  }

  private void checkExpiration(String policyBase64) {
    Instant expiration;
    try {
      JsonNode policy = JSON.readTree(Base64.getDecoder().decode(policyBase64));
      expiration = Instant.parse(policy.path("expiration").asText());
    } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
      throw invalid("the policy must be base64 of a JSON document with an ISO 8601 expiration");
    }
    if (!clock.instant().isBefore(expiration)) {
      throw new StorageException(403, "AccessDenied", "Invalid according to Policy: Policy expired.");
    }
  }

  private static StorageException invalid(String message) {
    return new StorageException(400, "InvalidArgument", message);
  }
}
