package dev.socketiolambda.protocol.engineio;

/** The seven Engine.IO v4 packet types, with their one-character wire codes. */
public enum EngineType {
  OPEN('0'),
  CLOSE('1'),
  PING('2'),
  PONG('3'),
  MESSAGE('4'),
  UPGRADE('5'),
  NOOP('6');

  private static final EngineType[] BY_CODE = values();
  private final char code;

  EngineType(char code) {
    this.code = code;
  }

  /** The character that starts a text frame of this type. */
  public char code() {
    return code;
  }

  /** The type for a wire code, or null when the character is not a packet type. */
  static EngineType fromCode(char c) {
    int i = c - '0';
    return i >= 0 && i < BY_CODE.length ? BY_CODE[i] : null;
  }
}
