package dev.socketiolambda.functions.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.functions.testing.StateStoreContract;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class InMemoryStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore(LongSupplier clock) {
    return new InMemoryStateStore(clock);
  }

  @Test
  void rowCountCountsEveryKindOfRowAndDropsToZeroWhenTheConnectionGoes() {
    InMemoryStateStore s = new InMemoryStateStore();
    s.putConnection(new ConnectionRecord("c", "e", "ep", 1, "ip", Map.of(), Map.of(), 0, 0, 0, 5));
    s.putSocket(new SocketRecord("c", "/", "sid", "{}", "{}", Set.of("sid", "r"), 1));
    s.putAck(new PendingAck("c", 1, "/", "sid", "h", "", 10));
    s.addBinaryPart("c", 1, "51-[\"x\",{\"_placeholder\":true,\"num\":0}]", null);

    // connection + socket + 3 memberships ("", sid, r) + ack + binary state
    assertThat(s.rowCount()).isEqualTo(7);

    s.deleteConnection("c");

    assertThat(s.rowCount()).isZero();
  }
}
