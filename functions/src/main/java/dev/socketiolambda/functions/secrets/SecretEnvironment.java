package dev.socketiolambda.functions.secrets;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fills an application's secret variables from Secrets Manager at init. On AWS a secret's variable
 * ({@code AUTH_JWT_SECRET}) is not in the function's environment; its ARN is, under the variable's
 * name plus {@value #ARN_SUFFIX} ({@code AUTH_JWT_SECRET_ARN}). {@link #resolve} reads each such
 * secret once and returns the environment with the variable set to the value and the ARN variable
 * removed, so the application reads its settings the same way on AWS and on the local stack (which
 * passes values directly and reads nothing).
 */
public final class SecretEnvironment {
  /** The suffix of a variable that names a secret's ARN (or name) instead of holding its value. */
  public static final String ARN_SUFFIX = "_ARN";

  private SecretEnvironment() {}

  /**
   * The environment with each of {@code variables} that is given by ARN read from {@code reader}.
   *
   * @throws IllegalArgumentException when a variable is given both directly and by ARN, or a secret
   *     cannot be read (naming the variable and the secret, never a value)
   */
  public static Map<String, String> resolve(Map<String, String> env, Collection<String> variables,
      SecretReader reader) {
    Map<String, String> out = new LinkedHashMap<>(env);
    for (String variable : variables) {
      String arn = blankToNull(env.get(variable + ARN_SUFFIX));
      if (arn == null) {
        continue;
      }
      if (blankToNull(env.get(variable)) != null) {
        throw new IllegalArgumentException("set " + variable + " or " + variable + ARN_SUFFIX + ", not both");
      }
      try {
        out.put(variable, reader.read(arn));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(variable + ARN_SUFFIX + ": " + e.getMessage(), e);
      }
      out.remove(variable + ARN_SUFFIX);
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
