package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatArtifactTest {
  @TempDir
  Path repo;

  @Test
  void findsTheChatJarFromTheInfraDirectoryByWalkingUp() throws IOException {
    Path jar = builtJar(ChatArtifact.RELATIVE_PATH);
    builtJar(FunctionsArtifact.RELATIVE_PATH); // the other jar is no candidate
    Path infra = Files.createDirectories(repo.resolve("infra"));
    assertThat(ChatArtifact.locate(infra, null, Map.of())).isEqualTo(jar);
    assertThat(ChatArtifact.locate(repo, null, Map.of())).isEqualTo(jar);
  }

  @Test
  void anExplicitJarWinsThePropertyBeforeTheEnvironment() throws IOException {
    builtJar(ChatArtifact.RELATIVE_PATH);
    Path byProperty = Files.writeString(repo.resolve("property.jar"), "jar");
    Path byEnv = Files.writeString(repo.resolve("env.jar"), "jar");
    assertThat(ChatArtifact.locate(repo, byProperty.toString(), Map.of(ChatArtifact.ENV, byEnv.toString())))
        .isEqualTo(byProperty);
    assertThat(ChatArtifact.locate(repo, null, Map.of(ChatArtifact.ENV, byEnv.toString()))).isEqualTo(byEnv);
    // the functions jar's override does not apply to the chat jar
    assertThat(ChatArtifact.locate(repo, null, Map.of(FunctionsArtifact.ENV, byEnv.toString())))
        .isEqualTo(repo.resolve(ChatArtifact.RELATIVE_PATH));
  }

  @Test
  void aMissingJarFailsWithWhereItLookedTheBuildCommandAndTheOverrides() {
    assertThatThrownBy(() -> ChatArtifact.locate(repo.resolve("infra"), null, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ChatArtifact.RELATIVE_PATH)
        .hasMessageContaining("chat example jar")
        .hasMessageContaining(repo.resolve("infra").resolve(ChatArtifact.RELATIVE_PATH).toString())
        .hasMessageContaining("mvn -q package -DskipTests")
        .hasMessageContaining(ChatArtifact.PROPERTY)
        .hasMessageContaining(ChatArtifact.ENV);
    assertThatThrownBy(() -> ChatArtifact.locate(repo, null, Map.of(ChatArtifact.ENV,
        repo.resolve("nope.jar").toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nope.jar")
        .hasMessageContaining("chat example jar named by " + ChatArtifact.PROPERTY + "/" + ChatArtifact.ENV);
  }

  @Test
  void theRealJarExistsWhenInfraIsTested() {
    // infra depends on examples/chat, so the reactor packages the chat (and its shaded jar) first
    assertThat(ChatArtifact.locate()).isRegularFile().hasFileName("socketio-chat.jar");
  }

  private Path builtJar(String relativePath) throws IOException {
    Path jar = repo.resolve(relativePath);
    Files.createDirectories(jar.getParent());
    return Files.writeString(jar, "jar");
  }
}
