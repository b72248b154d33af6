package dev.socketiolambda.local.e2e.recovery;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.recovery.RecoveryOptions;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.time.Duration;

/**
 * A test bundle with connection state recovery on (window: app setting {@code RECOVERY_WINDOW_MS},
 * default two minutes) and the orders stream rules: {@code join} (ack), {@code say [room, text]}
 * (to the room without the sender, ack "ok"), and {@code welcome [recovered]} on every connection.
 */
public final class RecoveryDemoBundle implements AppBundle {
  @Override
  public String name() {
    return "recovery-demo";
  }

  @Override
  public String description() {
    return "connection state recovery over the orders stream rules (tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    long window = Long.parseLong(context.env().getOrDefault("RECOVERY_WINDOW_MS", "120000"));
    return io -> {
      io.connectionStateRecovery(RecoveryOptions.of(Duration.ofMillis(window)));
      io.onConnection(socket -> socket.emit("welcome", socket.recovered()));
      io.on("join", (socket, args, ack) -> {
        socket.join(args.get(0).asText());
        ack.send("joined");
      });
      io.on("say", (socket, args, ack) -> {
        socket.to(args.get(0).asText()).emit("msg", args.get(1).asText());
        ack.send("ok");
      });
    };
  }

  @Override
  public String streamRules() {
    return "classpath:streams/orders-rules.json";
  }
}
