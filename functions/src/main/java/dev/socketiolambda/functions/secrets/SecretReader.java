package dev.socketiolambda.functions.secrets;

/** Reads a secret's value by its ARN or name (Secrets Manager on AWS; a map in unit tests). */
@FunctionalInterface
public interface SecretReader {
  /**
   * The secret's text.
   *
   * @throws IllegalArgumentException naming the secret (never its value) when it cannot be read or is empty
   */
  String read(String secretId);
}
