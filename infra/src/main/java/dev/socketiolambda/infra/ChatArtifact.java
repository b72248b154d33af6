package dev.socketiolambda.infra;

import java.nio.file.Path;
import java.util.Map;

/**
 * Finds the chat example's Lambda jar, {@code examples/chat/target/socketio-chat.jar} (the runtime
 * plus {@code ChatApp}), that the Maven build produced: an explicit {@value #PROPERTY} /
 * {@value #ENV}, else the first one found from the working directory up, like
 * {@link FunctionsArtifact}.
 */
public final class ChatArtifact {
  /** The jar's path inside the repository. */
  public static final String RELATIVE_PATH = "examples/chat/target/socketio-chat.jar";
  /** System property that points at a jar explicitly. */
  public static final String PROPERTY = "socketio.chatJar";
  /** Environment variable that points at a jar explicitly. */
  public static final String ENV = "SOCKETIO_CHAT_JAR";

  private ChatArtifact() {}

  /** The jar named by {@value #PROPERTY} or {@value #ENV}, else the first one found from the working directory up. */
  public static Path locate() {
    return locate(Path.of("").toAbsolutePath(), System.getProperty(PROPERTY), System.getenv());
  }

  static Path locate(Path start, String property, Map<String, String> env) {
    return FunctionsArtifact.find("chat example jar", RELATIVE_PATH, PROPERTY, ENV, start, property, env);
  }
}
