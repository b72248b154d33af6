package dev.socketiolambda.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FunctionsArtifactTest {
  @TempDir
  Path repo;

  @Test
  void findsTheJarFromTheInfraDirectoryByWalkingUp() throws IOException {
    Path jar = builtJar();
    Path infra = Files.createDirectories(repo.resolve("infra"));
    assertThat(FunctionsArtifact.locate(infra, null, Map.of())).isEqualTo(jar);
    assertThat(FunctionsArtifact.locate(repo, null, Map.of())).isEqualTo(jar);
  }

  @Test
  void theRuntimeArtifactNextToTheRuntimeJarInAMavenRepositoryIsFoundBeforeTheWorkingDirectory() throws IOException {
    Path jar = builtJar();
    Path dir = Files.createDirectories(repo.resolve("m2/dev/socketiolambda/socketio-lambda-functions/1.2.3"));
    Path runtime = Files.writeString(dir.resolve("socketio-lambda-functions-1.2.3.jar"), "classes");
    Path lambda = Files.writeString(dir.resolve("socketio-lambda-functions-1.2.3-lambda.jar"), "shaded");
    Path infra = repo.resolve("infra");
    assertThat(FunctionsArtifact.locate(infra, null, Map.of(), runtime)).isEqualTo(lambda);
    // an explicit jar still wins
    Path other = Files.writeString(repo.resolve("other.jar"), "x");
    assertThat(FunctionsArtifact.locate(infra, other.toString(), Map.of(), runtime)).isEqualTo(other);
    // classes from a build directory (this repository's tests): the working-directory search
    assertThat(FunctionsArtifact.runtimeArtifact(repo.resolve("functions/target/classes"))).isNull();
    Files.delete(lambda);
    assertThat(FunctionsArtifact.locate(infra, null, Map.of(), runtime)).isEqualTo(jar);
  }

  @Test
  void theMinJarHasItsOwnArtifactAndTheWholeLambdaJarServesWhenItWasNotDeclared() throws IOException {
    Path dir = Files.createDirectories(repo.resolve("m2/dev/socketiolambda/socketio-lambda-functions/1.2.3"));
    Path runtime = Files.writeString(dir.resolve("socketio-lambda-functions-1.2.3.jar"), "classes");
    Path lambda = Files.writeString(dir.resolve("socketio-lambda-functions-1.2.3-lambda.jar"), "shaded");
    Path infra = repo.resolve("infra");
    assertThat(FunctionsArtifact.locate(FunctionsArtifact.Role.MIN, infra, null, Map.of(), runtime)).isEqualTo(lambda);
    Path min = Files.writeString(dir.resolve("socketio-lambda-functions-1.2.3-lambda-min.jar"), "min");
    assertThat(FunctionsArtifact.locate(FunctionsArtifact.Role.MIN, infra, null, Map.of(), runtime)).isEqualTo(min);
    assertThat(FunctionsArtifact.locate(FunctionsArtifact.Role.ALL, infra, null, Map.of(), runtime)).isEqualTo(lambda);
    // this repository's build: functions/target/socketio-functions-min.jar
    Path built = repo.resolve(FunctionsArtifact.Role.MIN.relativePath());
    assertThat(built.getFileName().toString()).isEqualTo("socketio-functions-min.jar");
    assertThatThrownBy(() -> FunctionsArtifact.locate(FunctionsArtifact.Role.MIN, infra, null, Map.of(), null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("functions/target/socketio-functions-min.jar");
    Files.createDirectories(built.getParent());
    Files.writeString(built, "min");
    assertThat(FunctionsArtifact.locate(FunctionsArtifact.Role.MIN, infra, null, Map.of(), null)).isEqualTo(built);
    // an explicit jar serves every role
    Path other = Files.writeString(repo.resolve("other.jar"), "x");
    assertThat(FunctionsArtifact.locate(FunctionsArtifact.Role.MIN, infra, other.toString(), Map.of(), runtime))
        .isEqualTo(other);
  }

  @Test
  void anExplicitJarWins() throws IOException {
    builtJar();
    Path other = Files.writeString(repo.resolve("other.jar"), "jar");
    assertThat(FunctionsArtifact.locate(repo, other.toString(), Map.of())).isEqualTo(other);
    assertThat(FunctionsArtifact.locate(repo, null, Map.of(FunctionsArtifact.ENV, other.toString()))).isEqualTo(other);
  }

  @Test
  void aMissingJarFailsWithTheBuildCommand() {
    assertThatThrownBy(() -> FunctionsArtifact.locate(repo.resolve("infra"), null, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(FunctionsArtifact.RELATIVE_PATH)
        .hasMessageContaining("mvn -q package -DskipTests");
    assertThatThrownBy(() -> FunctionsArtifact.locate(repo, repo.resolve("nope.jar").toString(), Map.of()))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope.jar");
  }

  @Test
  void theRealJarExistsWhenInfraIsTested() {
    // infra's tests run after functions is packaged (reactor order), so the asset is there
    assertThat(FunctionsArtifact.locate()).isRegularFile().hasFileName("socketio-functions.jar");
  }

  private Path builtJar() throws IOException {
    Path jar = repo.resolve(FunctionsArtifact.RELATIVE_PATH);
    Files.createDirectories(jar.getParent());
    return Files.writeString(jar, "jar");
  }
}
