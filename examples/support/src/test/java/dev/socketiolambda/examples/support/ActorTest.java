package dev.socketiolambda.examples.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.auth.Principal;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActorTest {
  private static Principal principal(Set<String> roles, Map<String, Object> claims) {
    return new Principal("u1", roles, Instant.EPOCH, claims);
  }

  @Test
  void adminOutranksSupportWhichOutranksVendor() {
    assertThat(Actor.of(principal(Set.of("vendor", "support", "admin"), Map.of())).role()).isEqualTo("admin");
    assertThat(Actor.of(principal(Set.of("vendor", "support"), Map.of())).role()).isEqualTo("support");
    assertThat(Actor.of(principal(Set.of("vendor"), Map.of())).role()).isEqualTo("vendor");
  }

  @Test
  void aTokenWithoutADeskRoleIsNoActor() {
    assertThat(Actor.of(principal(Set.of(), Map.of()))).isNull();
    assertThat(Actor.of(principal(Set.of("customer"), Map.of()))).isNull();
  }

  @Test
  void theNameClaimNamesTheActorElseItsId() {
    assertThat(Actor.of(principal(Set.of("vendor"), Map.of("name", "Acme"))).name()).isEqualTo("Acme");
    assertThat(Actor.of(principal(Set.of("vendor"), Map.of())).name()).isEqualTo("u1");
  }

  @Test
  void vendorsUseOnlyTheirOwnQueriesStaffUseAll() {
    Actor vendor = new Actor("v1", "V", Actor.VENDOR);
    assertThat(vendor.mayUse("v1")).isTrue();
    assertThat(vendor.mayUse("v2")).isFalse();
    assertThat(vendor.staff()).isFalse();
    assertThat(new Actor("s", "S", Actor.SUPPORT).mayUse("v2")).isTrue();
    assertThat(new Actor("a", "A", Actor.ADMIN).mayUse("v2")).isTrue();
  }

  @Test
  void everyUserHasAPersonalRoomAndItsRolesRoom() {
    assertThat(SupportApp.personalRooms(new Actor("v1", "V", Actor.VENDOR))).containsExactly("user:v1", "vendor:v1");
    assertThat(SupportApp.personalRooms(new Actor("s1", "S", Actor.SUPPORT)))
        .containsExactly("user:s1", "role:support");
    assertThat(SupportApp.personalRooms(new Actor("a1", "A", Actor.ADMIN))).containsExactly("user:a1", "role:admin");
  }
}
