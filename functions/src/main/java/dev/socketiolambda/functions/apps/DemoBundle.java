package dev.socketiolambda.functions.apps;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.SocketIoApp;

/** The demo application as a bundle: {@code --app demo}, {@code SOCKETIO_APP=demo}. */
public final class DemoBundle implements AppBundle {
  @Override
  public String name() {
    return "demo";
  }

  @Override
  public String description() {
    return "demo: echo, acks, rooms and broadcasts for trying clients";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new DemoApp();
  }
}
