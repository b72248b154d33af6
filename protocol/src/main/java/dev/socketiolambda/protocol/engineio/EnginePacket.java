package dev.socketiolambda.protocol.engineio;

import java.util.Arrays;
import java.util.Objects;

/**
 * One Engine.IO v4 packet. {@code text} is the data after the type character (null when there is
 * none); {@code binary} is set only for binary MESSAGE packets, which carry no text.
 */
public record EnginePacket(EngineType type, String text, byte[] binary) {
  private static final EnginePacket PING = new EnginePacket(EngineType.PING, null, null);
  private static final EnginePacket PONG = new EnginePacket(EngineType.PONG, null, null);
  private static final EnginePacket NOOP = new EnginePacket(EngineType.NOOP, null, null);
  private static final EnginePacket CLOSE = new EnginePacket(EngineType.CLOSE, null, null);

  public EnginePacket {
    Objects.requireNonNull(type, "type");
    if (binary != null && (type != EngineType.MESSAGE || text != null)) {
      throw new IllegalArgumentException("only a MESSAGE without text can carry binary data, was " + type);
    }
  }

  public static EnginePacket message(String text) {
    return new EnginePacket(EngineType.MESSAGE, Objects.requireNonNull(text, "text"), null);
  }

  public static EnginePacket binary(byte[] data) {
    return new EnginePacket(EngineType.MESSAGE, null, Objects.requireNonNull(data, "data").clone());
  }

  public static EnginePacket ping() {
    return PING;
  }

  public static EnginePacket pong() {
    return PONG;
  }

  /** A pong echoing the ping's data, as the client does for a {@code 2probe}. */
  public static EnginePacket pong(String text) {
    return text == null ? PONG : new EnginePacket(EngineType.PONG, text, null);
  }

  public static EnginePacket noop() {
    return NOOP;
  }

  public static EnginePacket close() {
    return CLOSE;
  }

  public static EnginePacket open(OpenPacket open) {
    return new EnginePacket(EngineType.OPEN, open.toJson(), null);
  }

  public boolean isBinary() {
    return binary != null;
  }

  /** A copy of the binary data (the record keeps its own). */
  @Override
  public byte[] binary() {
    return binary == null ? null : binary.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EnginePacket p && p.type == type && Objects.equals(p.text, text)
        && Arrays.equals(p.binary, binary);
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, text) * 31 + Arrays.hashCode(binary);
  }

  @Override
  public String toString() {
    return "EnginePacket[" + type + (text != null ? ", " + text : "")
        + (binary != null ? ", " + binary.length + " bytes" : "") + "]";
  }
}
