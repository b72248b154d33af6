package dev.socketiolambda.local.apps;

import dev.socketiolambda.functions.admin.AdminAuth;
import dev.socketiolambda.functions.admin.AdminOptions;
import dev.socketiolambda.functions.admin.AdminUi;
import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.auth.AuthSettings;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.SocketIoApp;

/** A test bundle: the demo app with the admin UI's {@code /admin} namespace (JWT with the admin role). */
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
    return io -> {
      new DemoApp().configure(io);
      AdminUi.instrument(io, AdminOptions.of(AdminAuth.jwt(verifier, "admin")));
    };
  }
}
