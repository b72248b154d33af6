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
    String explicit = property != null && !property.isBlank() ? property : env.get(ENV);
    if (explicit != null && !explicit.isBlank()) {
      Path p = Path.of(explicit).toAbsolutePath().normalize();
      if (!Files.isRegularFile(p)) {
        throw new IllegalStateException("The functions jar named by " + PROPERTY + "/" + ENV + " does not exist: "
            + p + ". Build it with `mvn -q package -DskipTests` at the repository root.");
      }
      return p;
    }
    List<Path> searched = new ArrayList<>();
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve(RELATIVE_PATH);
      searched.add(candidate);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("The Lambda code asset " + RELATIVE_PATH + " was not found (looked at "
        + searched + "). Build it first with `mvn -q package -DskipTests` at the repository root, or point "
        + PROPERTY + " (system property) or " + ENV + " (environment) at a built jar.");
  }
}
