package dev.socketiolambda.local.apps;

import dev.socketiolambda.functions.admin.AdminAuth;
import dev.socketiolambda.functions.admin.AdminOptions;
import dev.socketiolambda.functions.admin.AdminUi;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.SocketIoApp;

/**
 * A test bundle: the demo app with the admin UI's {@code /admin} namespace behind the official basic
 * auth, user {@code admin}, the bcrypt hash (bcryptjs, cost 10) of {@link #PASSWORD}. A real
 * deployment reads the hash from a secret, never from source code.
 */
public final class AdminBasicDemoBundle implements AppBundle {
  public static final String PASSWORD = "correct horse battery staple";
  static final String HASH = "$2a$10$gFkB7HnJqDa42x1rgcy7r./8G5V/QjpIUzEjJGSrt6ZrqfL6TPd0O";

  @Override
  public String name() {
    return "admin-basic-demo";
  }

  @Override
  public String description() {
    return "the demo app with the Socket.IO admin UI namespace behind basic auth (tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    AdminAuth auth = AdminAuth.basic("admin", HASH);
    return io -> {
      new DemoApp().configure(io);
      AdminUi.instrument(io, AdminOptions.of(auth));
    };
  }
}
