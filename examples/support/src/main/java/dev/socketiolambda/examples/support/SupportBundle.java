package dev.socketiolambda.examples.support;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.bundle.LocalDemo;
import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.List;
import java.util.Map;

/**
 * The vendor support desk of seed 000 as a bundle ({@code SOCKETIO_APP=support}, {@code --app support},
 * {@code -c socketio:example=support}): {@link SupportApp} (conversations on sockets),
 * {@link SupportRoutes} (the seed's controllers as HTTP routes), the stream rules that turn query
 * writes into {@code newSupportQuery} and {@code queryMarkedAsRead} (with their domain table), the
 * support table ({@link SupportTables}), the HS256 key of user tokens as a generated secret, and
 * locally the demo users, queries and page.
 */
public final class SupportBundle implements AppBundle {
  /** Messages and query listings. */
  public static final BundleTable TABLE = new BundleTable("SupportTable", "SUPPORT_TABLE",
      SupportConfig.DEFAULT_TABLE, SupportTables::definition, null);
  /** The HS256 key of user tokens (the shared auth settings' {@code AUTH_JWT_SECRET}). */
  public static final BundleSecret JWT_SECRET = new BundleSecret("JwtSecret", "AUTH_JWT_SECRET",
      "HS256 key of the support desk's user tokens; token issuers sign with it", 64);
  /** The stream rules, with the queries table they declare. */
  public static final String RULES = "classpath:dev/socketiolambda/examples/support/support-rules.json";
  /** Classpath folder of the demo page. */
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/support/web";

  @Override
  public String name() {
    return "support";
  }

  @Override
  public String description() {
    return "vendor support queries (seed 000); tokens: HS256 JWTs (sub, name, roles vendor|support|admin, exp, aud "
        + SupportConfig.DEFAULT_AUDIENCE + ") signed with " + JWT_SECRET.variable();
  }

  @Override
  public void checkSettings(Map<String, String> env) {
    SupportConfig.from(env);
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new SupportApp(SupportConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public HttpApp<?> httpApp(AppContext context) {
    return SupportRoutes.httpApp(SupportConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public String streamRules() {
    return RULES;
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(TABLE);
  }

  @Override
  public Map<String, String> environment() {
    return Map.of("AUTH_AUDIENCE", SupportConfig.DEFAULT_AUDIENCE);
  }

  @Override
  public List<BundleSecret> secrets() {
    return List.of(JWT_SECRET);
  }

  @Override
  public LocalDemo localDemo(AppContext context) {
    SupportConfig config = SupportConfig.from(context.env());
    QueryStore store = new QueryStore(context.dynamo(), config.table(), config.queriesTable(), context.clock());
    return new LocalDemo() {
      @Override
      public void seed() {
        DemoData.createQueriesTableIfAbsent(context.dynamo(), config.queriesTable());
        DemoData.seed(store);
      }

      @Override
      public String pageRoot() {
        return PAGE_ROOT;
      }

      @Override
      public List<DemoUser> users() {
        return DemoData.USERS;
      }
    };
  }
}
