package dev.socketiolambda.protocol.socketio;

/** The Socket.IO v5 packet types, numbered as on the wire. */
public enum PacketType {
  CONNECT,
  DISCONNECT,
  EVENT,
  ACK,
  CONNECT_ERROR,
  BINARY_EVENT,
  BINARY_ACK;

  private static final PacketType[] BY_CODE = values();

  /** The wire digit. */
  public char code() {
    return (char) ('0' + ordinal());
  }

  /** Whether packets of this type carry binary attachments. */
  public boolean isBinary() {
    return this == BINARY_EVENT || this == BINARY_ACK;
  }

  static PacketType fromCode(char c) {
    int i = c - '0';
    return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
  }
}
