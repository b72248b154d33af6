package dev.socketiolambda.examples.storefront;

import dev.socketiolambda.functions.auth.TokenVerifier;
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
 * The marketplace storefront of seed 004 as a bundle ({@code SOCKETIO_APP=storefront},
 * {@code --app storefront}, {@code -c socketio:example=storefront}): the socket app
 * ({@link StorefrontApp}, with its schedules), the HTTP routes ({@link StorefrontRoutes}), six domain
 * tables whose streams become the seed's events ({@code storefront-rules.json} + {@link StorefrontEvents}),
 * the index table, and locally demo users, products and a page.
 */
public final class StorefrontBundle implements AppBundle {
  public static final BundleTable INDEX_TABLE = new BundleTable("StorefrontIndexTable", "STOREFRONT_TABLE",
      StorefrontConfig.DEFAULT_TABLE, StorefrontTables::indexDefinition, StorefrontTables.TTL_ATTRIBUTE);
  public static final BundleSecret JWT_SECRET = new BundleSecret("JwtSecret", "AUTH_JWT_SECRET",
      "HS256 key of the storefront's user tokens; token issuers sign with it", 64);
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/storefront/web";
  public static final String RULES = "classpath:dev/socketiolambda/examples/storefront/storefront-rules.json";

  @Override
  public String name() {
    return "storefront";
  }

  @Override
  public String description() {
    return "marketplace storefront real time (seed 004); tokens: HS256 JWTs (sub, roles buyer|seller|admin, exp, aud "
        + StorefrontConfig.DEFAULT_AUDIENCE + ") signed with " + JWT_SECRET.variable();
  }

  @Override
  public void checkSettings(Map<String, String> env) {
    StorefrontConfig.from(env);
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new StorefrontApp(StorefrontConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(INDEX_TABLE);
  }

  @Override
  public Map<String, String> environment() {
    return Map.of("AUTH_AUDIENCE", StorefrontConfig.DEFAULT_AUDIENCE);
  }

  @Override
  public List<BundleSecret> secrets() {
    return List.of(JWT_SECRET);
  }

  @Override
  public String streamRules() {
    return RULES;
  }

  @Override
  public String streamHook() {
    return StorefrontEvents.class.getName();
  }

  @Override
  public HttpApp<?> httpApp(AppContext context) {
    StorefrontConfig config = StorefrontConfig.from(context.env());
    return new HttpApp<StorefrontStore>() {
      @Override
      public StorefrontStore dependencies() {
        return new StorefrontStore(context.dynamo(), config.indexTable(), context.clock(), config.directEvents());
      }

      @Override
      public dev.socketiolambda.functions.http.Router<StorefrontStore> router() {
        return StorefrontRoutes.router(TokenVerifier.of(config.auth(), context.clock()), config.cors());
      }
    };
  }

  @Override
  public LocalDemo localDemo(AppContext context) {
    return new LocalDemo() {
      @Override
      public void seed() {
        DemoData.seed(context.dynamo());
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
