package dev.socketiolambda.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderStatusTest {
  @Test
  void ordersMoveForwardOnly() {
    assertThat(OrderStatus.PENDING.canMoveTo(OrderStatus.CONFIRMED)).isTrue();
    assertThat(OrderStatus.CONFIRMED.canMoveTo(OrderStatus.OUT_FOR_DELIVERY)).isTrue();
    assertThat(OrderStatus.PREPARING.canMoveTo(OrderStatus.CONFIRMED)).isFalse();
    assertThat(OrderStatus.READY.canMoveTo(OrderStatus.PENDING)).isFalse();
    assertThat(OrderStatus.READY.canMoveTo(OrderStatus.READY)).isFalse();
  }

  @Test
  void finishedOrdersNeverChange() {
    for (OrderStatus next : OrderStatus.values()) {
      assertThat(OrderStatus.DELIVERED.canMoveTo(next)).isFalse();
      assertThat(OrderStatus.CANCELLED.canMoveTo(next)).isFalse();
    }
  }

  @Test
  void cancellingEndsWhenTheOrderLeavesTheKitchen() {
    assertThat(OrderStatus.PREPARING.canMoveTo(OrderStatus.CANCELLED)).isTrue();
    assertThat(OrderStatus.READY.canMoveTo(OrderStatus.CANCELLED)).isFalse();
    assertThat(OrderStatus.CONFIRMED.customerMayCancel()).isTrue();
    assertThat(OrderStatus.PREPARING.customerMayCancel()).isFalse();
  }

  @Test
  void wireNamesRoundTripAndUnknownOnesAreEmpty() {
    for (OrderStatus s : OrderStatus.values()) {
      assertThat(OrderStatus.of(s.wire())).contains(s);
    }
    assertThat(OrderStatus.of("OUT_FOR_DELIVERY")).isEmpty();
    assertThat(OrderStatus.settable()).doesNotContain("pending", "cancelled");
  }
}
