package dev.socketiolambda.functions.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class SecretEnvironmentTest {
  private static final String ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:chat-jwt-AbCdEf";
  private final List<String> reads = new CopyOnWriteArrayList<>();

  private SecretReader reader(String value) {
    return id -> {
      reads.add(id);
      return value;
    };
  }

  @Test
  void aVariableGivenByArnIsReadAndTheArnVariableRemoved() {
    Map<String, String> env = SecretEnvironment.resolve(Map.of("AUTH_JWT_SECRET_ARN", ARN, "CHAT_TABLE", "chat"),
        List.of("AUTH_JWT_SECRET"), reader("k".repeat(32)));

    assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("AUTH_JWT_SECRET", "k".repeat(32),
        "CHAT_TABLE", "chat"));
    assertThat(reads).containsExactly(ARN);
  }

  @Test
  void aDirectValueIsKeptAndNothingIsRead() {
    Map<String, String> env = SecretEnvironment.resolve(Map.of("AUTH_JWT_SECRET", "local-value"),
        List.of("AUTH_JWT_SECRET"), reader("never"));

    assertThat(env).containsExactlyEntriesOf(Map.of("AUTH_JWT_SECRET", "local-value"));
    assertThat(reads).isEmpty();
  }

  @Test
  void anArnOfAVariableTheBundleDoesNotDeclareIsLeftAlone() {
    Map<String, String> env = SecretEnvironment.resolve(Map.of("OTHER_SECRET_ARN", ARN), List.of("AUTH_JWT_SECRET"),
        reader("never"));

    assertThat(env).containsExactlyEntriesOf(Map.of("OTHER_SECRET_ARN", ARN));
    assertThat(reads).isEmpty();
  }

  @Test
  void bothAValueAndAnArnAreRefused() {
    assertThatThrownBy(() -> SecretEnvironment.resolve(Map.of("AUTH_JWT_SECRET", "v", "AUTH_JWT_SECRET_ARN", ARN),
        List.of("AUTH_JWT_SECRET"), reader("never")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("set AUTH_JWT_SECRET or AUTH_JWT_SECRET_ARN, not both");
    assertThat(reads).isEmpty();
  }

  @Test
  void aSecretThatCannotBeReadNamesTheVariableAndTheSecret() {
    SecretReader failing = id -> {
      throw new IllegalArgumentException("cannot read secret " + id + ": AccessDeniedException");
    };

    assertThatThrownBy(() -> SecretEnvironment.resolve(Map.of("AUTH_JWT_SECRET_ARN", ARN), List.of("AUTH_JWT_SECRET"),
        failing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("AUTH_JWT_SECRET_ARN: cannot read secret " + ARN + ": AccessDeniedException");
  }
}
