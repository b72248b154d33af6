package dev.socketiolambda.functions.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardSplitterTest {
  private static List<String> ids(int n) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("Conn" + i + "AbCdEfG=");
    }
    return ids;
  }

  private static String frameOf(int bytes) {
    return "42[\"big\",\"" + "x".repeat(Math.max(0, bytes - 12)) + "\"]";
  }

  @Test
  void everyShardFitsTheByteLimitAndEveryRecipientIsInExactlyOne() {
    List<String> ids = ids(20_000);
    List<String> frames = List.of(frameOf(128 * 1024));

    // no count limit to speak of: the bytes decide
    List<Shard> shards = ShardSplitter.split("b:1", ids, frames, false, "evt", 100_000, 262_144).orElseThrow();

    Set<String> seen = new HashSet<>();
    for (Shard s : shards) {
      assertThat(ShardCodec.bytes(s)).isLessThanOrEqualTo(262_144);
      for (String id : s.connectionIds()) {
        assertThat(seen.add(id)).as("%s in two shards", id).isTrue();
      }
    }
    assertThat(seen).hasSize(20_000);
    // a 128 KB frame leaves 128 KiB for ids of about 20 bytes each: some 6,000 per message
    assertThat(shards.size()).isBetween(3, 5);
  }

  @Test
  void smallFramesAreCutByCountAndIdsAreStableForTheSameBroadcast() {
    List<Shard> shards = ShardSplitter.split("e:x", ids(2_001), List.of("42[\"hi\"]"), true, null, 1_000, 262_144)
        .orElseThrow();

    assertThat(shards).extracting(s -> s.connectionIds().size()).containsExactly(1_000, 1_000, 1);
    assertThat(shards).extracting(Shard::id).containsExactly("e:x#0", "e:x#1", "e:x#2");
    assertThat(shards).allMatch(Shard::volatileEmit);
  }

  @Test
  void framesTooLargeForOneMessageAreNotSplitIntoTheQueue() {
    List<String> frames = List.of(frameOf(128 * 1024), frameOf(128 * 1024));

    assertThat(ShardSplitter.split("b:2", ids(3), frames, false, null, 1_000, 262_144)).isEmpty();
  }

  @Test
  void escapedCharactersAreCountedAsTheyAreEncoded() {
    // every quote doubles in the JSON body: 100 KB of quotes is 200 KB encoded
    String quotes = "42[\"q\",\"" + "\\\"".repeat(50 * 1024) + "\"]";

    List<Shard> shards = ShardSplitter.split("b:3", ids(5_000), List.of(quotes), false, null, 1_000, 262_144)
        .orElseThrow();

    assertThat(shards).allSatisfy(s -> assertThat(ShardCodec.bytes(s)).isLessThanOrEqualTo(262_144));
    assertThat(shards.stream().mapToInt(s -> s.connectionIds().size()).sum()).isEqualTo(5_000);
  }
}
