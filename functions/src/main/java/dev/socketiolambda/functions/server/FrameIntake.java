package dev.socketiolambda.functions.server;

import dev.socketiolambda.functions.delivery.SizeLimits;
import dev.socketiolambda.functions.store.BinaryPart;
import dev.socketiolambda.protocol.ProtocolException;
import dev.socketiolambda.protocol.engineio.EngineIo;
import dev.socketiolambda.protocol.engineio.EnginePacket;
import dev.socketiolambda.protocol.socketio.BinaryReassembly;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoDecoder;
import java.util.ArrayList;
import java.util.List;

/**
 * One client frame in: Engine.IO decoding (ping, pong, close, message), Socket.IO decoding, binary
 * reassembly across invocations (each header and attachment waits in a row of its own), then
 * {@link Dispatch}. Malformed input closes the connection, as the reference server does.
 */
final class FrameIntake {
  private final Parts parts;
  private final SocketIoDecoder decoder = SocketIoDecoder.standard();

  FrameIntake(Parts parts) {
    this.parts = parts;
  }

  void handle(Call call, String frame) {
    handle(call, frame, parts.clock.getAsLong());
  }

  /** One frame that API Gateway received at {@code receivedAt} (epoch ms: the order of binary parts). */
  void handle(Call call, String frame, long receivedAt) {
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
      // the heartbeat's next ping reads it: no pong since the last ping closes the connection
      case PONG -> parts.store.recordPong(call.connectionId(), parts.clock.getAsLong());
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
          onBinaryPart(call, receivedAt, null, p.binary());
        } else {
          onText(call, p.text() == null ? "" : p.text(), receivedAt);
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

  private void onText(Call call, String text, long receivedAt) {
    Packet packet;
    try {
      packet = decoder.decode(text);
    } catch (ProtocolException e) {
      refuse(call, "parse error");
      return;
    }
    if (packet.type().isBinary()) {
      onBinaryPart(call, receivedAt, text, null);
      return;
    }
    parts.dispatch().dispatch(call, packet, receivedAt);
  }

  /**
   * Binary packets: every part (header or attachment) is stored as its own row, then the waiting
   * parts are read in arrival order and every packet they complete is dispatched, whichever
   * invocation stored its last part. Parts of one connection may be handled in parallel and out of
   * order (API Gateway promises no order), so an attachment may be stored before its header.
   */
  private void onBinaryPart(Call call, long receivedAt, String headerText, byte[] attachment) {
    if (attachment != null && attachment.length > MAX_STORED_ATTACHMENT) {
      refuseBinary(call, List.of(), null, "a binary attachment of " + attachment.length
          + " bytes is larger than the " + MAX_STORED_ATTACHMENT + " bytes one can be kept between frames");
      return;
    }
    if (parts.store.addBinaryPart(call.connectionId(), receivedAt, headerText, attachment).isEmpty()) {
      return; // the connection is gone
    }
    while (assembleNext(call)) {
      // a dispatched packet may leave another complete one behind (its parts were stored meanwhile)
    }
  }

  /**
   * Dispatches the first waiting packet if all its parts are here; false when there is nothing (more)
   * to do. The first header (in arrival order) takes the first attachments that arrived neither
   * before it nor after the next header: the client sends a packet's attachments right after its
   * header, so later ones belong to later packets and earlier ones to a header still being stored.
   */
  private boolean assembleNext(Call call) {
    List<BinaryPart> waiting = parts.store.binaryParts(call.connectionId());
    long bytes = waiting.stream().mapToLong(BinaryPart::size).sum();
    List<BinaryPart> headers = waiting.stream().filter(BinaryPart::isHeader).toList();
    BinaryPart first = headers.isEmpty() ? null : headers.get(0);
    Packet header = first == null ? null : decoder.decode(first.headerText());
    List<BinaryPart> packet = new ArrayList<>();
    if (header != null) {
      long until = headers.size() > 1 ? headers.get(1).receivedAt() : Long.MAX_VALUE;
      packet.add(first);
      for (BinaryPart p : waiting) {
        if (packet.size() > header.attachments()) {
          break;
        }
        if (!p.isHeader() && p.receivedAt() >= first.receivedAt() && p.receivedAt() <= until) {
          packet.add(p);
        }
      }
    }
    boolean complete = header != null && packet.size() == header.attachments() + 1;
    if (!complete) {
      // without a header the attachments may belong to one still being stored: more room before closing
      long limit = header == null ? ORPHAN_ALLOWANCE * parts.config.maxPayload() : parts.config.maxPayload();
      if (bytes > limit) {
        refuseBinary(call, waiting, header, "binary packet too large: " + bytes + " bytes of parts waiting, over the "
            + limit + " bytes limit");
      }
      return false;
    }
    long packetBytes = packet.stream().mapToLong(BinaryPart::size).sum();
    if (packetBytes > parts.config.maxPayload()) {
      // all its parts may be stored before any invocation saw it incomplete: the limit holds either way
      refuseBinary(call, packet, header, "binary packet too large: " + packetBytes + " bytes of parts, over the "
          + parts.config.maxPayload() + " bytes limit");
      return false;
    }
    if (!parts.store.claimBinaryParts(call.connectionId(), packet)) {
      return false; // another invocation reassembles it
    }
    Packet assembled;
    try {
      BinaryReassembly r = BinaryReassembly.begin(header);
      for (BinaryPart a : packet.subList(1, packet.size())) {
        r = r.add(a.attachment());
      }
      assembled = r.assemble();
    } catch (ProtocolException e) {
      refuse(call, "parse error");
      return false;
    }
    parts.dispatch().dispatch(call, assembled);
    return true;
  }

  /**
   * A packet that cannot be reassembled: its parts go; the client learns it from an ack error when
   * the header asked for an ack on a connected socket, else from the connection closing.
   */
  private void refuseBinary(Call call, List<BinaryPart> waiting, Packet header, String reason) {
    if (!waiting.isEmpty() && !parts.store.claimBinaryParts(call.connectionId(), waiting)) {
      return; // another invocation is refusing or reassembling them
    }
    parts.io.reportError(ErrorSite.of(ErrorSite.Kind.MESSAGE), null,
        new IllegalStateException(reason + " (connection " + call.connectionId() + ")"));
    if (header != null && header.id() != null) {
      var socket = parts.store.getSocket(call.connectionId(), header.namespace());
      if (socket.isPresent()) {
        new ClientAck(parts.acks(), call, socket.get(), header.id()).sendError(reason);
        return;
      }
    }
    refuse(call, reason);
  }

  /** Attachments waiting without any header may take this many times {@code maxPayload} before the connection closes. */
  static final int ORPHAN_ALLOWANCE = 4;

  /** Largest attachment kept between frames: a row holds at most 400 KB (API Gateway's 128 KB cap comes first). */
  static final int MAX_STORED_ATTACHMENT = 350 * 1024;
}
