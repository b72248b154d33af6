package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.examples.chat.ChatBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArtifactTest {
  private static final ChatBundle CHAT = new ChatBundle();

  @TempDir
  Path repo;

  @Test
  void findsTheChatJarFromTheInfraDirectoryByWalkingUp() throws IOException {
    Path jar = builtJar(BundleArtifact.relativePath(CHAT));
    builtJar(FunctionsArtifact.RELATIVE_PATH); // the other jar is no candidate
    Path infra = Files.createDirectories(repo.resolve("infra"));
    assertThat(BundleArtifact.locate(CHAT, infra, null, Map.of())).isEqualTo(jar);
    assertThat(BundleArtifact.locate(CHAT, repo, null, Map.of())).isEqualTo(jar);
  }

  @Test
  void anExplicitJarWinsThePropertyBeforeTheEnvironment() throws IOException {
    builtJar(BundleArtifact.relativePath(CHAT));
    Path byProperty = Files.writeString(repo.resolve("property.jar"), "jar");
    Path byEnv = Files.writeString(repo.resolve("env.jar"), "jar");
    assertThat(BundleArtifact.locate(CHAT, repo, byProperty.toString(), Map.of(BundleArtifact.env(CHAT), byEnv.toString())))
        .isEqualTo(byProperty);
    assertThat(BundleArtifact.locate(CHAT, repo, null, Map.of(BundleArtifact.env(CHAT), byEnv.toString()))).isEqualTo(byEnv);
    // the functions jar's override does not apply to the chat jar
    assertThat(BundleArtifact.locate(CHAT, repo, null, Map.of(FunctionsArtifact.ENV, byEnv.toString())))
        .isEqualTo(repo.resolve(BundleArtifact.relativePath(CHAT)));
  }

  @Test
  void aMissingJarFailsWithWhereItLookedTheBuildCommandAndTheOverrides() {
    assertThatThrownBy(() -> BundleArtifact.locate(CHAT, repo.resolve("infra"), null, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(BundleArtifact.relativePath(CHAT))
        .hasMessageContaining("chat example jar")
        .hasMessageContaining(repo.resolve("infra").resolve(BundleArtifact.relativePath(CHAT)).toString())
        .hasMessageContaining("mvn -q package -DskipTests")
        .hasMessageContaining(BundleArtifact.property(CHAT))
        .hasMessageContaining(BundleArtifact.env(CHAT));
    assertThatThrownBy(() -> BundleArtifact.locate(CHAT, repo, null, Map.of(BundleArtifact.env(CHAT),
        repo.resolve("nope.jar").toString())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("nope.jar")
        .hasMessageContaining("chat example jar named by " + BundleArtifact.property(CHAT) + "/" + BundleArtifact.env(CHAT));
  }

  @Test
  void theRealJarExistsWhenInfraIsTested() {
    // infra depends on examples/chat, so the reactor packages the chat (and its shaded jar) first
    assertThat(BundleArtifact.locate(CHAT)).isRegularFile().hasFileName("socketio-chat.jar");
  }

  private Path builtJar(String relativePath) throws IOException {
    Path jar = repo.resolve(relativePath);
    Files.createDirectories(jar.getParent());
    return Files.writeString(jar, "jar");
  }
}
