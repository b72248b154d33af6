package dev.socketiolambda.examples.queue;

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
 * Service queue management (seed 003) as a bundle ({@code SOCKETIO_APP=queue}, {@code --app queue},
 * {@code -c socketio:example=queue}): {@link QueueApp} (socket events and the 10 s metrics
 * schedule), {@link QueueRoutes} (HTTP), the stream rules {@value #RULES} over the domain tables
 * {@value QueueTables#TICKETS} and {@value QueueTables#FLOOR}, the clients table, the HS256 key of
 * user tokens as a generated secret, and locally the demo users, services and counters
 * ({@link DemoData}) with the dashboard and ticket page.
 */
public final class QueueBundle implements AppBundle {
  /** The sequential client number ({@code connected.clientId}). */
  public static final BundleTable CLIENTS_TABLE = new BundleTable("QueueClientsTable", "QUEUE_CLIENTS_TABLE",
      QueueConfig.DEFAULT_CLIENTS_TABLE, QueueTables::clients, null);
  /** The HS256 key of user tokens (the shared auth settings' {@code AUTH_JWT_SECRET}). */
  public static final BundleSecret JWT_SECRET = new BundleSecret("JwtSecret", "AUTH_JWT_SECRET",
      "HS256 key of the queue's user tokens; token issuers sign with it", 64);
  /** The stream rules: tickets, counters and queue aggregates become the seed's room broadcasts. */
  public static final String RULES = "classpath:dev/socketiolambda/examples/queue/queue-rules.json";
  /** Classpath folder of the demo page. */
  public static final String PAGE_ROOT = "dev/socketiolambda/examples/queue/web";

  @Override
  public String name() {
    return "queue";
  }

  @Override
  public String description() {
    return "service queue management (seed 003); tokens: HS256 JWTs (sub, name, roles admin|staff|customer, exp, aud "
        + QueueConfig.DEFAULT_AUDIENCE + ") signed with " + JWT_SECRET.variable();
  }

  @Override
  public void checkSettings(Map<String, String> env) {
    QueueConfig.from(env);
  }

  @Override
  public SocketIoApp createApp(AppContext context) {
    return new QueueApp(QueueConfig.from(context.env()), context.dynamo(), context.clock());
  }

  @Override
  public HttpApp<?> httpApp(AppContext context) {
    QueueConfig config = QueueConfig.from(context.env());
    return new HttpApp<QueueStore>() {
      @Override
      public QueueStore dependencies() {
        return new QueueStore(context.dynamo(), config.clientsTable(), context.clock());
      }

      @Override
      public dev.socketiolambda.functions.http.Router<QueueStore> router() {
        return QueueRoutes.router(config);
      }
    };
  }

  @Override
  public String streamRules() {
    return RULES;
  }

  @Override
  public List<BundleTable> tables() {
    return List.of(CLIENTS_TABLE);
  }

  /** The queue requires tokens for its audience. */
  @Override
  public Map<String, String> environment() {
    return Map.of("AUTH_AUDIENCE", QueueConfig.DEFAULT_AUDIENCE);
  }

  @Override
  public List<BundleSecret> secrets() {
    return List.of(JWT_SECRET);
  }

  @Override
  public LocalDemo localDemo(AppContext context) {
    QueueStore store = new QueueStore(context.dynamo(), QueueConfig.from(context.env()).clientsTable(),
        context.clock());
    return new LocalDemo() {
      @Override
      public void seed() {
        QueueTables.createDomainTablesIfAbsent(context.dynamo());
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
