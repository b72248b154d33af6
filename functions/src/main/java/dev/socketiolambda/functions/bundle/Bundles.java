package dev.socketiolambda.functions.bundle;

import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Finds the application a setting names: a bundle's {@link AppBundle#name() name} ({@code chat}),
 * or the class name of an {@link AppBundle} or of a bare {@link SocketIoApp} (which becomes a bundle
 * without tables); when the setting is blank, the first {@link SocketIoApp} registered with
 * {@link ServiceLoader}.
 */
public final class Bundles {
  private Bundles() {}

  /** Every bundle on the class path, in class path order. */
  public static List<AppBundle> all() {
    List<AppBundle> found = new ArrayList<>();
    ServiceLoader.load(AppBundle.class).forEach(found::add);
    return found;
  }

  /** The names of every bundle on the class path, comma separated. */
  public static String names() {
    return String.join(", ", all().stream().map(AppBundle::name).toList());
  }

  /**
   * The bundle the setting {@code SOCKETIO_APP} names.
   *
   * @throws IllegalStateException saying what was wrong and what is accepted
   */
  public static AppBundle find(String setting) {
    if (setting == null || setting.isBlank()) {
      SocketIoApp app = ServiceLoader.load(SocketIoApp.class).findFirst().orElseThrow(() ->
          new IllegalStateException("no application: set SOCKETIO_APP to a bundle name (" + names()
              + "), an AppBundle or SocketIoApp class name, or register a SocketIoApp with ServiceLoader"));
      return wrap(app);
    }
    String value = setting.trim();
    if (value.indexOf('.') < 0) {
      return all().stream().filter(b -> b.name().equals(value)).findFirst().orElseThrow(() ->
          new IllegalStateException("no application named '" + value + "': the bundles on the class path are "
              + names() + "; a class name (with its package) works too"));
    }
    Object instance;
    try {
      instance = Class.forName(value).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | LinkageError e) {
      throw new IllegalStateException("cannot create SOCKETIO_APP " + value
          + ": it must be a public SocketIoApp with a public no-argument constructor", e);
    }
    if (instance instanceof AppBundle bundle) {
      return bundle;
    }
    if (instance instanceof SocketIoApp app) {
      return wrap(app);
    }
    throw new IllegalStateException("cannot create SOCKETIO_APP " + value
        + ": it must be a public SocketIoApp with a public no-argument constructor");
  }

  /** A bundle around an application object that needs nothing but its listeners. */
  public static AppBundle wrap(SocketIoApp app) {
    return new AppBundle() {
      @Override
      public String name() {
        return app.getClass().getName();
      }

      @Override
      public String description() {
        return app.getClass().getSimpleName();
      }

      @Override
      public SocketIoApp createApp(AppContext context) {
        return app;
      }
    };
  }
}
