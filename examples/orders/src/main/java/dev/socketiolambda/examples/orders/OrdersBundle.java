package dev.socketiolambda.examples.orders;

import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.bundle.BundleSecret;
import dev.socketiolambda.functions.bundle.BundleTable;
import dev.socketiolambda.functions.bundle.LocalDemo;
import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.limits.RateLimitTable;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.List;
import java.util.Map;

/**
 * Food ordering and delivery (seed 001) as a bundle ({@code SOCKETIO_APP=orders}, {@code --app orders},
 * {@code -c socketio:example=orders}): {@link OrdersApp} on the socket side, {@link OrdersRoutes} as
 * HTTP routes, the domain table with its stream rules ({@value #RULES}), the metrics and rate-limit
 * tables, the HS256 token key as a generated secret, and locally the demo users and page.
 */
public final class OrdersBundle implements AppBundle {
  /** The stream rules (and the domain table they declare). */
  public static final String RULES = "classpath:dev/socketiolambda/examples/orders/rules.json";
  /** Event counters of {@code GET /api/v1/metrics/socket}. */
  public static final BundleTable METRICS_TABLE = new BundleTable("OrdersMetricsTable", "ORDERS_METRICS_TABLE",
      OrdersConfig.DEFAULT_METRICS_TABLE, OrdersMetrics::definition, null);
  /** The per-user rate-limit counters; client events run only in {@code Default}. */
  public static final BundleTable LIMITS_TABLE = RateLimitTable.bundleTable("OrdersLimitsTable",
      "ORDERS_LIMITS_TABLE", OrdersConfig.DEFAULT_LIMITS_TABLE, List.of("Default"));
  /** The HS256 key of user tokens ({@code AUTH_JWT_SECRET}). */
  public static final BundleSecret JWT_SECRET = new BundleSecret("JwtSecret", "AUTH_JWT_SECRET",
      "HS256 key of the orders app's user tokens; token issuers sign with it", 64);
  /** Classpath folder of the demo page. */
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/orders/web";

  @Override
  public String name() {
    return "orders";
  }

  @Override
  public String description() {
    return "food ordering and delivery (seed 001); tokens: HS256 JWTs (sub, name, roles admin|customer|delivery, exp, aud "
        + OrdersConfig.DEFAULT_AUDIENCE + ") signed with " + JWT_SECRET.variable();
  }

  @Override
  public void checkSettings(Map<String, String> env) {
    OrdersConfig.from(env);
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new OrdersApp(OrdersConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public HttpApp<?> httpApp(AppContext context) {
    OrdersConfig config = OrdersConfig.from(context.env());
    OrdersRoutes.Deps deps = new OrdersRoutes.Deps(new OrdersStore(context.dynamo(), config.table(), context.clock()),
        new OrdersMetrics(context.dynamo(), config.metricsTable()), context.clock(), context.clock().getAsLong());
    return HttpApp.of(deps, OrdersRoutes.router(TokenVerifier.of(config.auth(), context.clock())));
  }

  @Override
  public String streamRules() {
    return RULES;
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(METRICS_TABLE, LIMITS_TABLE);
  }

  @Override
  public Map<String, String> environment() {
    return Map.of("AUTH_AUDIENCE", OrdersConfig.DEFAULT_AUDIENCE);
  }

  @Override
  public List<BundleSecret> secrets() {
    return List.of(JWT_SECRET);
  }

  @Override
  public LocalDemo localDemo(AppContext context) {
    OrdersConfig config = OrdersConfig.from(context.env());
    OrdersStore store = new OrdersStore(context.dynamo(), config.table(), context.clock());
    return new LocalDemo() {
      @Override
      public void seed() {
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
