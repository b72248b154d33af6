package dev.socketiolambda.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the Lambda deployment artifact: the shaded functions jar (the runtime with its
 * dependencies). In order:
 * <ol>
 *   <li>the jar {@value #PROPERTY} (system property) or {@value #ENV} (environment) names;</li>
 *   <li>the runtime artifact {@code dev.socketiolambda:socketio-lambda-functions:<version>:jar:}{@value #CLASSIFIER}
 *       in the Maven repository the runtime classes were loaded from: a CDK app that depends on this
 *       library (and declares that artifact, so Maven downloads it) finds the jar of exactly the
 *       runtime version it compiled against, whatever its working directory;</li>
 *   <li>{@code functions/target/socketio-functions.jar} of this repository's build, from the working
 *       directory up (the CDK app runs from {@code infra/}, tests from the module directory and
 *       users from the repository root).</li>
 * </ol>
 * {@link BundleArtifact} finds an application bundle's jar the same way ({@link #find}).
 *
 * <p>Besides that jar (everything), the build makes the minimized jar every function runs
 * ({@link Role#MIN}); {@link #locate(Role)} finds it the same way (classifier {@code lambda-min},
 * {@code functions/target/socketio-functions-min.jar}). An explicit jar serves every role.
 */
public final class FunctionsArtifact {
  /** The jar's path inside the repository. */
  public static final String RELATIVE_PATH = "functions/target/socketio-functions.jar";
  /** System property that points at a jar explicitly. */
  public static final String PROPERTY = "socketio.functionsJar";
  /** Environment variable that points at a jar explicitly. */
  public static final String ENV = "SOCKETIO_FUNCTIONS_JAR";
  /** Maven classifier of the runtime artifact (the shaded jar) next to the runtime's plain jar. */
  public static final String CLASSIFIER = "lambda";

  private FunctionsArtifact() {}

  /** Which runtime artifact (functions/pom.xml): the whole one, or the minimized one the functions run. */
  public enum Role {
    /** Everything: the local stack, benches, example bundles. */
    ALL(""),
    /**
     * Every function of the construct ($connect, Open, $default, $disconnect, Heartbeat, Polling,
     * FanOut, domain streams, app functions): only the classes the runtime reaches.
     */
    MIN("min");

    private final String suffix;

    Role(String suffix) {
      this.suffix = suffix;
    }

    /** The jar's path inside the repository. */
    public String relativePath() {
      return suffix.isEmpty() ? RELATIVE_PATH : "functions/target/socketio-functions-" + suffix + ".jar";
    }

    /** Maven classifier of the runtime artifact. */
    public String classifier() {
      return suffix.isEmpty() ? CLASSIFIER : CLASSIFIER + "-" + suffix;
    }
  }

  /** The jar named by {@value #PROPERTY} or {@value #ENV}, else the runtime artifact, else this repository's build. */
  public static Path locate() {
    return locate(Role.ALL);
  }

  /**
   * The jar of a role: the explicit jar when one is named (it serves every role), else the runtime
   * artifact of that role's classifier (or the {@value #CLASSIFIER} jar when only that one was
   * declared), else this repository's build of that role.
   */
  public static Path locate(Role role) {
    return locate(role, Path.of("").toAbsolutePath(), System.getProperty(PROPERTY), System.getenv(),
        runtimeClasses());
  }

  static Path locate(Path start, String property, Map<String, String> env) {
    return locate(Role.ALL, start, property, env, null);
  }

  static Path locate(Path start, String property, Map<String, String> env, Path runtimeClasses) {
    return locate(Role.ALL, start, property, env, runtimeClasses);
  }

  static Path locate(Role role, Path start, String property, Map<String, String> env, Path runtimeClasses) {
    boolean explicit = (property != null && !property.isBlank()) || (env.get(ENV) != null && !env.get(ENV).isBlank());
    if (!explicit) {
      Path artifact = runtimeArtifact(runtimeClasses, role.classifier());
      if (artifact == null && role != Role.ALL) {
        artifact = runtimeArtifact(runtimeClasses, CLASSIFIER);
      }
      if (artifact != null) {
        return artifact;
      }
    }
    return find(role == Role.ALL ? "functions jar" : role.name().toLowerCase(java.util.Locale.ROOT)
        + " functions jar", role.relativePath(), PROPERTY, ENV, start, property, env);
  }

  /**
   * The {@value #CLASSIFIER} jar next to the runtime's plain jar in a Maven repository
   * ({@code <artifactId>-<version>.jar} becomes {@code <artifactId>-<version>-lambda.jar}), or null
   * when the runtime classes do not come from a jar or the artifact is not there.
   */
  static Path runtimeArtifact(Path runtimeClasses) {
    return runtimeArtifact(runtimeClasses, CLASSIFIER);
  }

  static Path runtimeArtifact(Path runtimeClasses, String classifier) {
    if (runtimeClasses == null || !Files.isRegularFile(runtimeClasses)) {
      return null;
    }
    String name = runtimeClasses.getFileName().toString();
    if (!name.endsWith(".jar")) {
      return null;
    }
    Path sibling = runtimeClasses.resolveSibling(name.substring(0, name.length() - 4) + "-" + classifier + ".jar");
    return Files.isRegularFile(sibling) ? sibling : null;
  }

  /** Where the runtime's classes were loaded from: a jar in a Maven repository, or a build directory. */
  private static Path runtimeClasses() {
    try {
      var source = dev.socketiolambda.functions.handler.HeartbeatHandler.class.getProtectionDomain().getCodeSource();
      return source == null ? null : Path.of(source.getLocation().toURI());
    } catch (java.net.URISyntaxException | SecurityException | java.nio.file.FileSystemNotFoundException e) {
      return null;
    }
  }

  /**
   * A built jar: the one the system property or environment variable names (it must exist), else
   * the first {@code relativePath} found from {@code start} up to the file system root.
   *
   * @param what what the jar is, for the error messages ("functions jar")
   * @param relativePath the jar's path inside the repository
   * @param propertyName the system property of the explicit override (named in the error messages)
   * @param envName the environment variable of the explicit override (read from {@code env})
   * @param start the directory the search starts from
   * @param property the system property's value, or null
   * @param env the environment
   */
  static Path find(String what, String relativePath, String propertyName, String envName, Path start,
      String property, Map<String, String> env) {
    String explicit = property != null && !property.isBlank() ? property : env.get(envName);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit).toAbsolutePath().normalize();
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("The " + what + " named by " + propertyName + "/" + envName
            + " does not exist: " + p + ". Build it with `mvn -q package -DskipTests` at the repository root.");
      }
      return p;
    }
    List<Path> searched = new ArrayList<>();
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(relativePath);
      searched.add(candidate);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("The Lambda code asset " + relativePath + " (the " + what + ") was not found "
        + "(looked at " + searched + "). Build it first with `mvn -q package -DskipTests` at the repository root, "
        + "or point " + propertyName + " (system property) or " + envName + " (environment) at a built jar. "
        + "A CDK app that uses the library declares the runtime artifact instead (classifier '" + CLASSIFIER
        + "', see infra/README.md) or passes SocketIoLambdaProps.code.");
  }
}
