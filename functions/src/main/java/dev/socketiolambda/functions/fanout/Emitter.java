package dev.socketiolambda.functions.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import dev.socketiolambda.functions.server.Args;
import dev.socketiolambda.protocol.socketio.Packet;
import dev.socketiolambda.protocol.socketio.SocketIoEncoder;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Emits to sockets from code that is not a socket handler (a service, a stream function, a cron
 * job), as {@code @socket.io/redis-emitter} does in Node:
 * {@code emitter.of("/orders").to("user:42").except("muted").emit("order:updated", order)}.
 */
public final class Emitter {
  private final Broadcaster broadcaster;

  public Emitter(Broadcaster broadcaster) {
    this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
  }

  /** Targets a namespace. */
  public Operator of(String namespace) {
    return new Operator(broadcaster, namespace.startsWith("/") ? namespace : "/" + namespace, Set.of(), Set.of(),
        false, null);
  }

  /** Targets the main namespace's rooms. */
  public Operator to(String... rooms) {
    return of("/").to(rooms);
  }

  /** An immutable broadcast target. */
  public static final class Operator {
    private final Broadcaster broadcaster;
    private final String namespace;
    private final Set<String> rooms;
    private final Set<String> except;
    private final boolean volatileEmit;
    private final String eventId;

    private Operator(Broadcaster broadcaster, String namespace, Set<String> rooms, Set<String> except,
        boolean volatileEmit, String eventId) {
      this.broadcaster = broadcaster;
      this.namespace = namespace;
      this.rooms = rooms;
      this.except = except;
      this.volatileEmit = volatileEmit;
      this.eventId = eventId;
    }

    public Operator to(String... more) {
      return new Operator(broadcaster, namespace, plus(rooms, more), except, volatileEmit, eventId);
    }

    public Operator in(String... more) {
      return to(more);
    }

    public Operator except(String... more) {
      return new Operator(broadcaster, namespace, rooms, plus(except, more), volatileEmit, eventId);
    }

    public Operator volatileEmit() {
      return new Operator(broadcaster, namespace, rooms, except, true, eventId);
    }

    /** Identifies this broadcast across retries (e.g. the stream record id). */
    public Operator eventId(String id) {
      return new Operator(broadcaster, namespace, rooms, except, volatileEmit, id);
    }

    /** Sends the event; the arguments follow {@link Args}. */
    public BroadcastResult emit(String event, Object... args) {
      List<JsonNode> nodes = Args.of(args);
      List<String> frames = SocketIoEncoder.encode(Packet.event(namespace, event, nodes, null)).engineFrames();
      return broadcaster.broadcast(new BroadcastRequest(namespace, rooms, except, null, frames, volatileEmit, eventId));
    }

    private static Set<String> plus(Set<String> base, String... more) {
      Set<String> out = new LinkedHashSet<>(base);
      out.addAll(Arrays.asList(more));
      return Set.copyOf(out);
    }
  }
}
