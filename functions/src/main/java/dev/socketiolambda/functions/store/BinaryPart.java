package dev.socketiolambda.functions.store;

/**
 * One frame of a binary packet waiting to be reassembled: its header text or one attachment, kept as
 * its own row so a packet's parts never accumulate in one item and parallel invocations never
 * overwrite each other's parts.
 *
 * @param receivedAt epoch ms API Gateway received the frame ({@code requestTimeEpoch})
 * @param seq order in which the parts of the connection were stored (ties of {@code receivedAt})
 * @param headerText the Socket.IO header ({@code 451-[...]}), or null for an attachment
 * @param attachment the attachment's bytes, or null for a header
 */
public record BinaryPart(long receivedAt, long seq, String headerText, byte[] attachment) {

  public BinaryPart {
    if ((headerText == null) == (attachment == null)) {
      throw new IllegalArgumentException("a binary part is a header or an attachment");
    }
  }

  public boolean isHeader() {
    return headerText != null;
  }

  /** Bytes this part holds (UTF-16 length of a header, close to its UTF-8 size for ASCII JSON). */
  public int size() {
    return isHeader() ? headerText.length() : attachment.length;
  }
}
