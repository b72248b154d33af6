package dev.socketiolambda.infra;

import dev.socketiolambda.functions.bundle.AppBundle;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Finds an application bundle's Lambda jar that the Maven build produced,
 * {@code examples/<name>/target/socketio-<name>.jar} (the runtime plus the application): an
 * explicit {@code socketio.<name>Jar} system property / {@code SOCKETIO_<NAME>_JAR} environment
 * variable, else the first one found from the working directory up, like {@link FunctionsArtifact}.
 */
public final class BundleArtifact {
  private BundleArtifact() {}

  /** The jar's path inside the repository. */
  public static String relativePath(AppBundle bundle) {
    return "examples/" + bundle.name() + "/target/" + bundle.artifactName();
  }

  /** System property that points at a bundle's jar explicitly ({@code socketio.chatJar}). */
  public static String property(AppBundle bundle) {
    return "socketio." + bundle.name().replace("-", "") + "Jar";
  }

  /** Environment variable that points at a bundle's jar explicitly ({@code SOCKETIO_CHAT_JAR}). */
  public static String env(AppBundle bundle) {
    return "SOCKETIO_" + bundle.name().toUpperCase(Locale.ROOT).replace('-', '_') + "_JAR";
  }

  /** The jar named by the property or variable, else the first one found from the working directory up. */
  public static Path locate(AppBundle bundle) {
    return locate(bundle, Path.of("").toAbsolutePath(), System.getProperty(property(bundle)), System.getenv());
  }

  static Path locate(AppBundle bundle, Path start, String property, Map<String, String> env) {
    return FunctionsArtifact.find(bundle.name() + " example jar", relativePath(bundle), property(bundle), env(bundle),
        start, property, env);
  }
}
