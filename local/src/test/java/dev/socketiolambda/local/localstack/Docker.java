package dev.socketiolambda.local.localstack;

import org.testcontainers.DockerClientFactory;

/**
 * Whether a Docker engine is reachable, asked once per JVM through Testcontainers (its usual
 * discovery: {@code DOCKER_HOST}, {@code ~/.testcontainers.properties}, the Unix socket, Docker
 * Desktop, ...).
 */
final class Docker {
  /** The start of the reason every LocalStack test gives when it is skipped. */
  static final String SKIP_REASON = "Docker engine not available: LocalStack tests need one"
      + " (run with -Plocalstack on a machine with Docker)";
  /** The start of the failure of every LocalStack test when they are required and there is no engine. */
  static final String REQUIRED_REASON = "Docker engine not available, but the LocalStack tests are required"
      + " (-Dlocalstack.required=true, set by the localstack profile): start a Docker engine or point DOCKER_HOST at one";
  /** System property (set by the {@code localstack} Maven profile): fail instead of skipping without Docker. */
  static final String REQUIRED_PROPERTY = "localstack.required";

  private static volatile Boolean available;
  private static volatile String problem;

  private Docker() {}

  /** True when Testcontainers can talk to a Docker engine. */
  static boolean available() {
    Boolean a = available;
    if (a == null) {
      synchronized (Docker.class) {
        if (available == null) {
          try {
            DockerClientFactory.instance().client();
            available = true;
          } catch (RuntimeException e) { // IllegalStateException: no valid Docker environment
            problem = e.getMessage() == null ? e.toString() : e.getMessage();
            available = false;
          }
        }
        a = available;
      }
    }
    return a;
  }

  /** The skip reason with what Testcontainers said, e.g. "... [Testcontainers: Could not find a valid Docker environment ...]". */
  static String reason() {
    return SKIP_REASON + detail();
  }

  /** The failure when the tests are {@linkplain #required() required} and there is no engine. */
  static String requiredReason() {
    return REQUIRED_REASON + detail();
  }

  private static String detail() {
    String p = problem;
    return p == null ? "" : " [Testcontainers: " + p + "]";
  }

  /** Whether the run asked for the LocalStack tests explicitly (then a missing engine is an error). */
  static boolean required() {
    return Boolean.getBoolean(REQUIRED_PROPERTY);
  }
}
