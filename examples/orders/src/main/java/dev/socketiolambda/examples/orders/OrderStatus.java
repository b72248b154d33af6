package dev.socketiolambda.examples.orders;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An order's life: {@code pending -> confirmed -> preparing -> ready -> out_for_delivery -> delivered},
 * or {@code cancelled} before it leaves the kitchen. Each status has the customer-facing message of
 * the seed's {@code statusMessages} (the {@code message} of {@code order:status:update}).
 */
public enum OrderStatus {
  PENDING("pending", "Your order has been placed and is waiting for confirmation"),
  CONFIRMED("confirmed", "Your order has been confirmed"),
  PREPARING("preparing", "Your order is being prepared"),
  READY("ready", "Your order is ready and waiting for the delivery agent"),
  OUT_FOR_DELIVERY("out_for_delivery", "Your order is out for delivery"),
  DELIVERED("delivered", "Your order has been delivered. Enjoy your meal!"),
  CANCELLED("cancelled", "Your order has been cancelled");

  private final String wire;
  private final String message;

  OrderStatus(String wire, String message) {
    this.wire = wire;
    this.message = message;
  }

  /** The status as the wire and the table spell it ({@code out_for_delivery}). */
  public String wire() {
    return wire;
  }

  /** The message customers read. */
  public String message() {
    return message;
  }

  public static Optional<OrderStatus> of(String wire) {
    return Arrays.stream(values()).filter(s -> s.wire.equals(wire)).findFirst();
  }

  /** The statuses a request may set ({@code cancelled} has its own route, {@code pending} is where orders start). */
  public static List<String> settable() {
    return List.of(CONFIRMED.wire, PREPARING.wire, READY.wire, OUT_FOR_DELIVERY.wire, DELIVERED.wire);
  }

  /** Delivered and cancelled orders change no more. */
  public boolean finished() {
    return this == DELIVERED || this == CANCELLED;
  }

  /** Whether an order in this status may move to {@code next}: forward only, never out of a finished status. */
  public boolean canMoveTo(OrderStatus next) {
    if (finished() || next == PENDING) {
      return false;
    }
    if (next == CANCELLED) {
      return ordinal() <= PREPARING.ordinal();
    }
    return next.ordinal() > ordinal();
  }

  /** Whether a customer may still cancel: until the kitchen starts. */
  public boolean customerMayCancel() {
    return this == PENDING || this == CONFIRMED;
  }

  /** Statuses an assigned delivery agent may set on their own order. */
  public boolean settableByAgent() {
    return this == OUT_FOR_DELIVERY || this == DELIVERED;
  }
}
