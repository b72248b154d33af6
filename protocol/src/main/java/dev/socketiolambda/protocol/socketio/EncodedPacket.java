package dev.socketiolambda.protocol.socketio;

import dev.socketiolambda.protocol.engineio.EngineIo;
import java.util.ArrayList;
import java.util.List;

/**
 * An encoded Socket.IO packet: the text header and, for binary packets, the attachments that must
 * follow it in order.
 */
public record EncodedPacket(String header, List<byte[]> attachments) {
  public EncodedPacket {
    attachments = List.copyOf(attachments);
  }

  /** The Engine.IO text frames to send: {@code 4<header>} then one {@code b<base64>} per attachment. */
  public List<String> engineFrames() {
    if (attachments.isEmpty()) {
      return List.of(EngineIo.encodeMessage(header));
    }
    List<String> frames = new ArrayList<>(attachments.size() + 1);
    frames.add(EngineIo.encodeMessage(header));
    for (byte[] a : attachments) {
      frames.add(EngineIo.encodeBinary(a));
    }
    return frames;
  }
}
