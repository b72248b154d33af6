package dev.socketiolambda.local.apps;

import dev.socketiolambda.functions.apps.DemoApp;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.SocketIoApp;

/** A test bundle: the demo app with stream rules inside its jar ({@code streams/orders-rules.json}). */
public final class StreamsDemoBundle implements AppBundle {
  @Override
  public String name() {
    return "streams-demo";
  }

  @Override
  public String description() {
    return "the demo app with the orders stream rules (tests)";
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new DemoApp();
  }

  @Override
  public String streamRules() {
    return "classpath:streams/orders-rules.json";
  }
}
