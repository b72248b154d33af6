package dev.socketiolambda.local.apps;

import dev.socketiolambda.functions.admin.AdminAuth;
import dev.socketiolambda.functions.admin.AdminOptions;
import dev.socketiolambda.functions.admin.AdminUi;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.schedule.ScheduledApp;
import dev.socketiolambda.functions.schedule.Schedules;
import dev.socketiolambda.functions.server.SocketIoApp;
import dev.socketiolambda.functions.server.SocketIoServer;
import java.time.Duration;

/**
 * A test bundle: the demo app with the admin UI's {@code /admin} namespace (JWT with the admin role)
 * and its periodic {@code server_stats}, and a schedule that emits to the room {@code news}.
 */
public final class AdminDemoBundle implements AppBundle {
  @Override
  public String name() {
    return "admin-demo";
  }

  @Override
  public String description() {
    return "the demo app with the Socket.IO admin UI namespace (tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    TokenVerifier verifier = TokenVerifier.of(AuthSettings.from(context.env()), context.clock());
    AdminOptions options = AdminOptions.of(AdminAuth.jwt(verifier, "admin"));
    return new App(options);
  }

  /**
   * The app and its schedules: the admin UI's periodic server_stats, every second (tests wait for
   * one), and a headline for the room {@code news} every second from the runtime's emitter (an emit
   * from outside the engine, which the UI's events view shows).
   */
  private record App(AdminOptions options) implements SocketIoApp, ScheduledApp {
    @Override
    public void configure(SocketIoServer io) {
      new DemoApp().configure(io);
      AdminUi.instrument(io, options);
    }

    @Override
    public void schedules(Schedules schedules) {
      AdminUi.scheduleStats(schedules, options, Duration.ofSeconds(1));
      schedules.every(Duration.ofSeconds(1), "headlines", tick -> tick.emitter().to("news").emit("headline",
          "at " + tick.dueAt()));
    }
  }
}
