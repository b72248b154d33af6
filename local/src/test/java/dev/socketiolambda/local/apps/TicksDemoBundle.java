package dev.socketiolambda.local.apps;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.schedule.ScheduledApp;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;

/** A test bundle: the demo app with a schedule that emits {@code tick} to every socket each second. */
public final class TicksDemoBundle implements AppBundle {
  @Override
  public String name() {
    return "ticks-demo";
  }

  @Override
  public String description() {
    return "the demo app with a one-second schedule (tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new TicksApp();
  }

  /** The demo's listeners and one schedule. */
  public static final class TicksApp implements SocketIoApp, ScheduledApp {
    @Override
    public void configure(SocketIoServer io) {
      new DemoApp().configure(io);
    }

    @Override
    public void schedules(Schedules schedules) {
      schedules.every(Duration.ofSeconds(1), "clock", tick -> tick.emitter().of("/").emit("tick",
          Json.object().put("schedule", tick.schedule()).put("dueAt", tick.dueAt().toEpochMilli())));
    }
  }
}
