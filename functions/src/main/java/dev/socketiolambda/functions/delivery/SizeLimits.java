package dev.socketiolambda.functions.delivery;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * API Gateway's size limits for what leaves the runtime. A message (one Engine.IO frame) may be up
 * to {@code messageBytes}; API Gateway splits messages over {@code frameBytes} into several
 * WebSocket frames (and bills each 32 KB), so only the message limit refuses a send.
 *
 * @param frameBytes WebSocket frame size (API Gateway: 32 KB; also its billing unit)
 * @param messageBytes largest message (API Gateway: 128 KB); bigger ones are never sent
 */
public record SizeLimits(int frameBytes, int messageBytes) {
  /** API Gateway WebSocket APIs: 32 KB frames, 128 KB messages. */
  public static final SizeLimits API_GATEWAY = new SizeLimits(32 * 1024, 128 * 1024);

  public SizeLimits {
    if (frameBytes < 1 || messageBytes < frameBytes) {
      throw new IllegalArgumentException("size limits need 1 <= frameBytes <= messageBytes, were frameBytes="
          + frameBytes + ", messageBytes=" + messageBytes);
    }
  }

  /** Refuses, before anything is sent, frames bigger than a message may be. */
  public void check(List<String> frames) {
    for (String frame : frames) {
      long bytes = utf8Length(frame);
      if (bytes > messageBytes) {
        throw new MessageTooLargeException(bytes, messageBytes, null);
      }
    }
  }

  /** How many WebSocket frames (and billed 32 KB units) a message of this size becomes. */
  public long framesFor(long messageBytes) {
    return Math.max(1, (messageBytes + frameBytes - 1) / frameBytes);
  }

  /** UTF-8 length without copying short strings. */
  public static long utf8Length(String s) {
    int n = s.length();
    if (n < 0x10000) {
      long bytes = 0;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
      }
      return bytes;
    }
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
