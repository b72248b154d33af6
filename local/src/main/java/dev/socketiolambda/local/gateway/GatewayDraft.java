package dev.socketiolambda.local.gateway;

import java.util.List;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Opcode;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.protocols.Protocol;

/**
 * RFC 6455 with API Gateway's limits: client binary frames close the connection with 1003; a
 * text frame over {@code maxFrameBytes}, or a fragmented message over {@code maxMessageBytes},
 * closes it with 1009. Any subprotocol the client asks for is accepted at this level (the
 * {@code $connect} function decides, as on API Gateway).
 */
final class GatewayDraft extends Draft_6455 {
  private final int maxFrameBytes;
  private final int maxMessageBytes;

  GatewayDraft(int maxFrameBytes, int maxMessageBytes) {
    // The library's own limit applies to single frames and to assembled fragmented messages.
    super(List.of(), List.of(new Protocol("")), maxMessageBytes);
    this.maxFrameBytes = maxFrameBytes;
    this.maxMessageBytes = maxMessageBytes;
  }

  @Override
  public Draft copyInstance() {
    return new GatewayDraft(maxFrameBytes, maxMessageBytes);
  }

  @Override
  public void processFrame(WebSocketImpl webSocketImpl, Framedata frame)
      throws InvalidDataException {
    Opcode opcode = frame.getOpcode();
    if (opcode == Opcode.BINARY) {
      throw new InvalidDataException(CloseFrame.REFUSE, "Binary frames are not supported");
    }
    if ((opcode == Opcode.TEXT || opcode == Opcode.CONTINUOUS)
        && frame.getPayloadData().remaining() > maxFrameBytes) {
      throw new LimitExceededException("Frame size limit exceeded", maxFrameBytes);
    }
    super.processFrame(webSocketImpl, frame);
  }
}
