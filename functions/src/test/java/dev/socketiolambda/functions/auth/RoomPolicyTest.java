package dev.socketiolambda.functions.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.server.EventError;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RoomPolicyTest {
  static final Principal ALICE = new Principal("alice", Set.of("admin"), Instant.EPOCH,
      Map.of("sub", "alice", "org", "acme", "teams", List.of("red", "blue")));
  static final Principal BOB = new Principal("bob", Set.of(), Instant.EPOCH, Map.of("sub", "bob", "org", "globex"));

  final RoomPolicy policy = RoomPolicy.denyByDefault()
      .allow("user:{sub}")
      .allow("role:{roles}")
      .allow("org:{org}:team:{teams}")
      .deny("system:*")
      .allow("channel:*");

  @Test
  void userRoomsOnlyForThatUser() {
    assertThat(policy.allows(ALICE, "user:alice")).isTrue();
    assertThat(policy.allows(BOB, "user:alice")).isFalse();
    assertThat(policy.allows(ALICE, "user:alice:extra")).as("a placeholder is one segment").isFalse();
  }

  @Test
  void roleRoomsOnlyForTheRole() {
    assertThat(policy.allows(ALICE, "role:admin")).isTrue();
    assertThat(policy.allows(BOB, "role:admin")).isFalse();
    assertThat(policy.allows(ALICE, "role:agent")).isFalse();
  }

  @Test
  void templatesUseClaimsAndArrayClaims() {
    assertThat(policy.allows(ALICE, "org:acme:team:blue")).isTrue();
    assertThat(policy.allows(ALICE, "org:acme:team:green")).isFalse();
    assertThat(policy.allows(BOB, "org:acme:team:red")).isFalse();
  }

  @Test
  void wildcardsDenyRulesAndTheDefault() {
    assertThat(policy.allows(BOB, "channel:general")).isTrue();
    assertThat(policy.allows(ALICE, "system:metrics")).isFalse();
    assertThat(policy.allows(ALICE, "elsewhere")).isFalse();
    assertThat(policy.allows(ALICE, "")).isFalse();
    assertThat(policy.allows(null, "channel:general")).as("no placeholders: any socket").isTrue();
    assertThat(policy.allows(null, "user:alice")).isFalse();
    RoomPolicy open = RoomPolicy.allowByDefault().allow("user:{userId}").deny("admin*");
    assertThat(open.allows(BOB, "lobby")).isTrue();
    assertThat(open.allows(BOB, "user:alice")).isFalse();
    assertThat(open.allows(ALICE, "admins")).isFalse();
  }

  @Test
  void aRefusalNamesTheRoomForTheAck() {
    assertThatThrownBy(() -> policy.check(BOB, "user:alice")).isInstanceOfSatisfying(EventError.class, e -> {
      assertThat(e.getMessage()).isEqualTo("you may not use room 'user:alice'");
      assertThat(e.data().toString()).isEqualTo("{\"code\":\"FORBIDDEN\",\"room\":\"user:alice\"}");
    });
    policy.check(BOB, "user:bob");
  }

  @Test
  void denyRulesTakeNoPlaceholders() {
    assertThatThrownBy(() -> RoomPolicy.denyByDefault().deny("user:{sub}")).hasMessageContaining("use *");
  }
}
