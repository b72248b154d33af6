package dev.socketiolambda.functions.apps;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.SocketIoApp;

/** The reference behaviour of the official socket.io-protocol test suite as a bundle: {@code --app conformance}. */
public final class ConformanceBundle implements AppBundle {
  @Override
  public String name() {
    return "conformance";
  }

  @Override
  public String description() {
    return "conformance: the behaviour the socket.io-protocol test suite expects";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new ConformanceApp();
  }
}
