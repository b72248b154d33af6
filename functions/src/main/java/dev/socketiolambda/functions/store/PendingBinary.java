package dev.socketiolambda.functions.store;

import java.util.List;

/**
 * A binary packet whose attachments are still arriving, stored between invocations.
 *
 * @param headerText the Socket.IO header text ({@code 451-[...]})
 * @param attachments attachments received so far, in order
 */
public record PendingBinary(String headerText, List<byte[]> attachments) {
  public PendingBinary {
    attachments = List.copyOf(attachments);
  }
}
