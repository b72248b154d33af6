package dev.socketiolambda.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.store.Member;
import dev.socketiolambda.functions.store.StateStore;
import dev.socketiolambda.functions.store.StoreException;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class RecipientsTest {
  /** A store that only answers {@code members}, from a function of (namespace, room). */
  private static StateStore rooms(BiFunction<String, String, List<Member>> members) {
    return (StateStore) Proxy.newProxyInstance(StateStore.class.getClassLoader(), new Class<?>[] {StateStore.class},
        (proxy, method, args) -> {
          if (method.getName().equals("members")) {
            return members.apply((String) args[0], (String) args[1]);
          }
          throw new UnsupportedOperationException(method.getName());
        });
  }

  private static StateStore rooms(Map<String, List<Member>> byRoom) {
    return rooms((ns, room) -> byRoom.getOrDefault(room, List.of()));
  }

  @Test
  void theUnionOfTheRoomsCountsEachSocketOnceMinusExceptedRoomsAndTheExcludedConnection() {
    StateStore store = rooms(Map.of(
        "a", List.of(new Member("c1", "s1"), new Member("c2", "s2")),
        "b", List.of(new Member("c2", "s2"), new Member("c3", "s3"), new Member("c4", "s4")),
        "muted", List.of(new Member("c3", "s3"))));

    Set<String> out = Recipients.resolve(store, "/", new LinkedHashSet<>(List.of("a", "b")), Set.of("muted"), "c4");

    assertThat(out).containsExactly("c1", "c2");
  }

  @Test
  void aSocketListedUnderTwoConnectionsDuringAnUpgradeIsReachedOnce() {
    StateStore store = rooms(Map.of("a", List.of(new Member("polling", "s1")), "b", List.of(new Member("ws", "s1"))));

    assertThat(Recipients.resolve(store, "/", new LinkedHashSet<>(List.of("a", "b")), Set.of(), null))
        .containsExactly("polling");
  }

  @Test
  void noRoomMeansTheWholeNamespace() {
    StateStore store = rooms(Map.of("", List.of(new Member("c1", "s1")), "a", List.of(new Member("c2", "s2"))));

    assertThat(Recipients.resolve(store, "/", Set.of(), Set.of(), null)).containsExactly("c1");
  }

  @Test
  void theRoomsAreQueriedAtOnce() {
    // room "a"'s query waits until room "b"'s has started: queried one after the other, "a" would give up
    CountDownLatch bStarted = new CountDownLatch(1);
    StateStore store = rooms((ns, room) -> {
      if (room.equals("b")) {
        bStarted.countDown();
        return List.of(new Member("c2", "s2"));
      }
      try {
        boolean overlapped = bStarted.await(30, TimeUnit.SECONDS);
        return overlapped ? List.of(new Member("c1", "s1")) : List.of();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });

    assertThat(Recipients.resolve(store, "/", new LinkedHashSet<>(List.of("a", "b")), Set.of(), null))
        .containsExactly("c1", "c2");
  }

  @Test
  void aFailedQueryOfAnyRoomFailsTheResolveWithItsOwnException() {
    StateStore store = rooms((ns, room) -> {
      if (room.equals("b")) {
        throw new StoreException("b is unreachable");
      }
      return List.of(new Member("c1", "s1"));
    });

    assertThatThrownBy(() -> Recipients.resolve(store, "/", new LinkedHashSet<>(List.of("a", "b")), Set.of(), null))
        .isInstanceOf(StoreException.class).hasMessage("b is unreachable");
  }
}
