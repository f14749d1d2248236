package io.cumulo.storage.auth;

import java.util.Optional;

/** Finds the key pair a request claims to be signed with. */
@FunctionalInterface
public interface CredentialStore {
  Optional<AccessKey> find(String accessKeyId);
}
