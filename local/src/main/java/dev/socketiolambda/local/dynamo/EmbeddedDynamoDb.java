package dev.socketiolambda.local.dynamo;

import com.amazonaws.services.dynamodbv2.local.main.CommandLineInput;
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.shared.jobs.JobsRegister;
import dev.socketiolambda.functions.observability.DynamoDbMetrics;
import dev.socketiolambda.functions.observability.Meter;
import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB Local 2.5.x running inside this JVM, in memory, with DynamoDB Streams, listening on
 * 127.0.0.1 only.
 *
 * <pre>{@code
 * try (EmbeddedDynamoDb db = EmbeddedDynamoDb.start(0)) {      // 0 = any free port
 *     db.client().createTable(...);
 *     db.streamsClient().describeStream(...);
 * }
 * }</pre>
 *
 * <p>The database is shared by every client whatever its credentials and region
 * ({@code -sharedDb}), so code under test may build its own SDK clients against
 * {@link #endpoint()}. Telemetry is disabled. Every instance has its own in-memory database,
 * which {@link #close()} discards.
 *
 * <p>The sqlite4java native library is located or extracted before the server starts; see
 * {@link SqliteNativeLibrary}.
 */
public final class EmbeddedDynamoDb implements AutoCloseable {

    /** The loopback address the server binds to. */
    public static final String HOST = "127.0.0.1";
    /** Region of the clients built here. */
    public static final Region REGION = Region.US_EAST_1;
    /** Access key id and secret of the clients built here. */
    public static final String DUMMY_KEY = "local";

    private static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create(DUMMY_KEY, DUMMY_KEY));

    private static final System.Logger LOG = System.getLogger(EmbeddedDynamoDb.class.getName());

    /**
     * DynamoDB Local's internal AWS SDK v1 warns through java.util.logging that JAXB is missing
     * (it falls back to its own Base64); held here so the level setting is not garbage collected.
     */
    private static final Logger SDK_V1_BASE64_LOGGER = quiet("com.amazonaws.util.Base64");

    private final DynamoDBProxyServer server;
    private final int port;
    private final URI endpoint;
    private final DynamoDbClient client;
    private final DynamoDbStreamsClient streamsClient;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDynamoDb(DynamoDBProxyServer server, int port, List<ExecutionInterceptor> interceptors) {
        this.server = server;
        this.port = port;
        this.endpoint = URI.create("http://" + HOST + ":" + port);
        this.client = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                // counted like the runtime's own clients (the local stack's GET /metrics)
                .overrideConfiguration(c -> {
                    c.addExecutionInterceptor(new DynamoDbMetrics(Meter.runtime()));
                    interceptors.forEach(c::addExecutionInterceptor);
                })
                .credentialsProvider(CREDENTIALS)
                .region(REGION)
                .endpointOverride(endpoint)
                .build();
        this.streamsClient = DynamoDbStreamsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(CREDENTIALS)
                .region(REGION)
                .endpointOverride(endpoint)
                .build();
    }

    /**
     * Starts an in-memory DynamoDB Local on {@code 127.0.0.1:port}.
     *
     * @param port TCP port, or 0 for a free ephemeral port chosen by the OS
     * @throws IllegalStateException if the native library is unavailable for this platform or the
     *     server cannot start (e.g. the port is taken)
     */
    public static EmbeddedDynamoDb start(int port) {
        return start(port, List.of());
    }

    /** {@link #start(int)}, with more interceptors on {@link #client()} (the local stack's stream wake-ups). */
    public static EmbeddedDynamoDb start(int port, List<ExecutionInterceptor> interceptors) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        SqliteNativeLibrary.ensureLoaded();

        // DynamoDB Local's command line has no host option and rejects port 0, so it is created
        // with a placeholder port and its (not yet started) Jetty connector is re-targeted.
        String cliPort = String.valueOf(port == 0 ? ServerRunner.DEFAULT_PORT : port);
        // Same as ServerRunner.createServerFromCommandLineArgs minus its configuration banner on
        // stdout (whose "Port:" would show the placeholder).
        DynamoDBProxyServer server;
        try {
            CommandLineInput cli = new CommandLineInput(
                    new String[] {"-inMemory", "-sharedDb", "-port", cliPort, "-disableTelemetry"});
            if (!cli.init()) {
                throw new IllegalArgumentException("DynamoDB Local rejected its options");
            }
            server = ServerRunner.createServer(cli);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create DynamoDB Local: " + e, e);
        }
        ServerConnector connector = connectorOf(server);
        connector.setHost(HOST);
        connector.setPort(port);
        try {
            // safeStart() starts Jetty and lets bind failures propagate; start() would swallow a
            // SocketException and try to emit telemetry.
            server.safeStart();
        } catch (Exception e) {
            stopQuietly(server);
            throw new IllegalStateException(
                    "cannot start DynamoDB Local on " + HOST + ":" + port + ": " + e, e);
        }
        int actualPort = connector.getLocalPort();
        if (actualPort <= 0) {
            stopQuietly(server);
            throw new IllegalStateException("DynamoDB Local did not bind " + HOST + ":" + port);
        }
        try {
            return new EmbeddedDynamoDb(server, actualPort, List.copyOf(interceptors));
        } catch (RuntimeException e) {
            stopQuietly(server);
            throw e;
        }
    }

    /** Base URL of the server, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** A client for this server (url-connection HTTP client, dummy credentials, us-east-1). */
    public DynamoDbClient client() {
        return client;
    }

    /** A DynamoDB Streams client for this server, configured like {@link #client()}. */
    public DynamoDbStreamsClient streamsClient() {
        return streamsClient;
    }

    /** The static dummy credentials the clients built here use. */
    public static AwsCredentialsProvider credentialsProvider() {
        return CREDENTIALS;
    }

    /**
     * Closes both clients, stops the server and discards its database. Idempotent. Also stops
     * DynamoDB Local's background job threads (stream shard rollover, TTL deletion), which its own
     * shutdown leaves sleeping for hours and which would keep the JVM alive.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            client.close();
            streamsClient.close();
        } finally {
            List<JobsRegister> jobs = jobRegisters(server);
            try {
                server.stop();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop DynamoDB Local: " + e, e);
            } finally {
                jobs.forEach(JobsRegister::shutdownNow);
            }
        }
    }

    /**
     * A TCP port that was free on 127.0.0.1 a moment ago. Prefer {@code start(0)}, which cannot
     * race with other processes.
     */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port on " + HOST, e);
        }
    }

    @Override
    public String toString() {
        return "EmbeddedDynamoDb[" + endpoint + (closed.get() ? ", closed]" : "]");
    }

    private static ServerConnector connectorOf(DynamoDBProxyServer proxy) {
        Server jetty;
        try {
            jetty = (Server) readField(proxy, "server");
        } catch (ReflectiveOperationException | RuntimeException e) {
            stopQuietly(proxy);
            throw new IllegalStateException("this DynamoDB Local version has no Jetty 'server' field;"
                    + " cannot bind it to " + HOST + " only", e);
        }
        Connector[] connectors = jetty.getConnectors();
        if (connectors.length != 1 || !(connectors[0] instanceof ServerConnector)) {
            stopQuietly(proxy);
            throw new IllegalStateException("unexpected DynamoDB Local Jetty connectors; cannot bind"
                    + " it to " + HOST + " only");
        }
        return (ServerConnector) connectors[0];
    }

    private static void stopQuietly(DynamoDBProxyServer server) {
        try {
            server.stop();
        } catch (Exception ignored) {
            // best effort
        }
    }

    /**
     * The job registers (one per database, each with its own thread pool) behind the proxy:
     * serverHandler.primaryHandler.dbRequestHandlers[*].jobs. Empty if the layout differs.
     */
    private static List<JobsRegister> jobRegisters(DynamoDBProxyServer proxy) {
        List<JobsRegister> registers = new ArrayList<>();
        try {
            Object serverHandler = readField(proxy, "serverHandler");
            Object primary = readField(serverHandler, "primaryHandler");
            List<Object> dbClients;
            synchronized (primary) { // LocalDynamoDBRequestHandler.getHandler is synchronized
                dbClients = new ArrayList<>(((Map<?, ?>) readField(primary, "dbRequestHandlers")).values());
            }
            for (Object dbClient : dbClients) {
                if (readField(dbClient, "jobs") instanceof JobsRegister register) {
                    registers.add(register);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot reach DynamoDB Local's background jobs;"
                    + " their threads may keep the JVM alive after close()", e);
        }
        return registers;
    }

    private static Object readField(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> type = target.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField(name);
                field.setAccessible(true);
                return field.get(target);
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    private static Logger quiet(String name) {
        Logger logger = Logger.getLogger(name);
        logger.setLevel(Level.SEVERE);
        return logger;
    }
}
