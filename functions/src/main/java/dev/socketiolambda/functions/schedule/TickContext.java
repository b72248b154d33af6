package dev.socketiolambda.functions.schedule;

import dev.socketiolambda.functions.server.Emitter;
import java.time.Instant;

/**
 * What a tick gets: its schedule's name, the time it was due and the app's {@link Emitter}
 * ({@code tick.emitter().to("queue:metrics").emit("metrics", snapshot)}).
 *
 * @param schedule the schedule's name
 * @param dueAt when this tick was due (it may run a little later)
 * @param emitter emits to sockets, as from any code outside a socket handler
 */
public record TickContext(String schedule, Instant dueAt, Emitter emitter) {}
