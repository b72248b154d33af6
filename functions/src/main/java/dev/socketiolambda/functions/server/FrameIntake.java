package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.functions.store.PendingBinary;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.socketio.BinaryReassembly;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import java.util.List;
import java.util.Optional;

/**
 * One client frame in: Engine.IO decoding (ping, pong, close, message), Socket.IO decoding, binary
 * reassembly across invocations (the pending header and attachments live in the store), then
 * {@link Dispatch}. Malformed input closes the connection, as the reference server does.
 */
final class FrameIntake {
  private final Parts parts;
  private final SocketIoDecoder decoder = SocketIoDecoder.standard();

  FrameIntake(Parts parts) {
    this.parts = parts;
  }

  void handle(Call call, String frame) {
    if (frame == null || frame.isEmpty()) {
      return;
    }
    if (SizeLimits.utf8Length(frame) > parts.config.maxPayload()) {
      refuse(call, "transport error");
      return;
    }
    EnginePacket p;
    try {
      p = EngineIo.decode(frame);
    } catch (ProtocolException e) {
      refuse(call, "parse error");
      return;
    }
    switch (p.type()) {
      case PONG -> {
        long now = parts.clock.getAsLong();
        parts.store.recordPong(call.connectionId(), now, now + parts.config.pingInterval());
      }
      case PING -> {
        call.outbox().add(List.of(EngineIo.encode(EnginePacket.pong(p.text()))));
        if ("probe".equals(p.text())) {
          parts.seam.probed(call.connectionId()); // an upgrade: the session's pending GET answers a noop
        }
      }
      case UPGRADE -> parts.seam.upgraded(call.connectionId(), parts.delivery);
      case CLOSE -> parts.connections().close(call, call.connectionId(), false, "transport close");
      case MESSAGE -> {
        if (p.isBinary()) {
          onAttachment(call, p.binary());
        } else {
          onText(call, p.text() == null ? "" : p.text());
        }
      }
      default -> {
        // open, noop from a client: nothing to do
      }
    }
  }

  private void refuse(Call call, String reason) {
    parts.connections().close(call, call.connectionId(), true, reason);
  }

  private void onText(Call call, String text) {
    Packet packet;
    try {
      packet = decoder.decode(text);
    } catch (ProtocolException e) {
      refuse(call, "parse error");
      return;
    }
    if (packet.type().isBinary()) {
      parts.store.putPendingBinary(call.connectionId(), new PendingBinary(text, List.of()));
      return;
    }
    parts.dispatch().dispatch(call, packet);
  }

  private void onAttachment(Call call, byte[] bytes) {
    Optional<PendingBinary> pending = parts.store.getPendingBinary(call.connectionId());
    if (pending.isEmpty()) {
      refuse(call, "parse error"); // binary data without a binary header
      return;
    }
    BinaryReassembly r;
    try {
      r = BinaryReassembly.resume(decoder.decode(pending.get().headerText()), pending.get().attachments()).add(bytes);
    } catch (ProtocolException e) {
      parts.store.deletePendingBinary(call.connectionId());
      refuse(call, "parse error");
      return;
    }
    if (!r.isComplete()) {
      parts.store.putPendingBinary(call.connectionId(), new PendingBinary(pending.get().headerText(), r.received()));
      return;
    }
    parts.store.deletePendingBinary(call.connectionId());
    parts.dispatch().dispatch(call, r.assemble());
  }
}
