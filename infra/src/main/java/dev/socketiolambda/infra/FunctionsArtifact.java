package dev.socketiolambda.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Finds the Lambda deployment artifact, {@code functions/target/socketio-functions.jar}, that the
 * Maven build produced. The CDK app runs from {@code infra/}, tests from the module directory and
 * users from the repository root, so the search walks up from the working directory.
 * {@link BundleArtifact} finds an application bundle's jar the same way ({@link #find}).
 */
public final class FunctionsArtifact {
  /** The jar's path inside the repository. */
  public static final String RELATIVE_PATH = "functions/target/socketio-functions.jar";
  /** System property that points at a jar explicitly. */
  public static final String PROPERTY = "socketio.functionsJar";
  /** Environment variable that points at a jar explicitly. */
  public static final String ENV = "SOCKETIO_FUNCTIONS_JAR";

  private FunctionsArtifact() {}

  /** The jar named by {@value #PROPERTY} or {@value #ENV}, else the first one found from the working directory up. */
  public static Path locate() {
    return locate(Path.of("").toAbsolutePath(), System.getProperty(PROPERTY), System.getenv());
  }

  static Path locate(Path start, String property, Map<String, String> env) {
    return find("functions jar", RELATIVE_PATH, PROPERTY, ENV, start, property, env);
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
        + "or point " + propertyName + " (system property) or " + envName + " (environment) at a built jar.");
  }
}
