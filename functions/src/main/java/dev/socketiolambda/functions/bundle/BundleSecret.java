package dev.socketiolambda.functions.bundle;

import java.util.Objects;

/**
 * A secret an application reads from its environment: generated at deploy time (a Secrets Manager
 * secret of {@code length} letters and digits) and, on the local stack, made at random for each
 * start unless given with {@code --app-env}. On AWS the functions get only its ARN, in
 * {@code variable + "_ARN"}, and the runtime puts the value in {@code variable} when it builds the
 * application ({@link dev.socketiolambda.functions.secrets.SecretEnvironment}): the application reads
 * {@code variable} the same way everywhere.
 *
 * @param id a CloudFormation-safe identifier ({@code JwtSecret})
 * @param variable the environment variable that carries it ({@code AUTH_JWT_SECRET})
 * @param description what it is for, for people
 * @param length how many characters to generate
 */
public record BundleSecret(String id, String variable, String description, int length) {
  public BundleSecret {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(variable, "variable");
    Objects.requireNonNull(description, "description");
    if (length < 32) {
      throw new IllegalArgumentException("a generated secret needs at least 32 characters, was " + length);
    }
  }
}
