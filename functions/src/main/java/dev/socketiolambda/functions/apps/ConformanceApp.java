package dev.socketiolambda.functions.apps;

import dev.socketiolambda.functions.server.Namespace;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;

/**
 * The reference behaviour the official socket.io-protocol test suite expects: in {@code /} and
 * {@code /custom}, emit {@code "auth"} with the CONNECT auth payload on connection; answer
 * {@code "message"} with {@code "message-back"} and the same arguments; ack
 * {@code "message-with-ack"} with the same arguments. Any other namespace is refused.
 */
public final class ConformanceApp implements SocketIoApp {
  @Override
  public void configure(SocketIoServer io) {
    setUp(io.of("/"));
    setUp(io.of("/custom"));
  }

  private static void setUp(Namespace ns) {
    ns.onConnection(socket -> socket.emit("auth", socket.handshake().auth()));
    ns.on("message", (socket, args, ack) -> socket.emit("message-back", args.toArray()));
    ns.on("message-with-ack", (socket, args, ack) -> ack.send(args.toArray()));
  }
}
