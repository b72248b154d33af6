package dev.socketiolambda.functions.server;

import java.security.SecureRandom;
import java.util.Base64;

/** Random ids for Engine.IO sessions and sockets: 20 URL-safe characters, like the reference server's. */
final class Ids {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private Ids() {}

  static String next() {
    byte[] b = new byte[15];
    RANDOM.nextBytes(b);
    return ENCODER.encodeToString(b);
  }

  /** A random ack id for server-to-client acks, within JavaScript's safe integers. */
  static long nextAckId() {
    return RANDOM.nextLong() & 0x7fff_ffffL;
  }
}
