package dev.socketiolambda.local.apps;

import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test app that keeps a ledger of its sockets: every connection and every run of a disconnect
 * listener, by socket id, so a test can check that each listener ran exactly once. {@code join}
 * joins a room and {@code note} writes {@code socket.data}; both answer their ack. The ledger is
 * static: one local stack at a time uses it (in-process, like the functions of one deployment).
 */
public final class LedgerApp implements SocketIoApp {
  public static final Map<String, AtomicInteger> CONNECTED = new ConcurrentHashMap<>();
  public static final Map<String, AtomicInteger> DISCONNECTED = new ConcurrentHashMap<>();

  public static void reset() {
    CONNECTED.clear();
    DISCONNECTED.clear();
  }

  @Override
  public void configure(SocketIoServer io) {
    io.onConnection(socket -> CONNECTED.computeIfAbsent(socket.id(), k -> new AtomicInteger()).incrementAndGet());
    io.of("/").onDisconnect((socket, reason) ->
        DISCONNECTED.computeIfAbsent(socket.id(), k -> new AtomicInteger()).incrementAndGet());
    io.on("join", (socket, args, ack) -> {
      socket.join(args.get(0).asText());
      ack.send(socket.id());
    });
    io.on("note", (socket, args, ack) -> {
      socket.data().put(args.get(0).asText(), args.get(1).asText());
      ack.send(socket.id());
    });
  }
}
