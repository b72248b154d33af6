package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.examples.chat.ChatBundle;
import dev.socketiolambda.examples.chat.ChatConfig;
import dev.socketiolambda.examples.chat.ChatTables;
import dev.socketiolambda.functions.store.TableDefinitions;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;

/**
 * What the template deploys matches what the build produced and what the local stack runs: every
 * handler it names is in the functions jar and can take the event its trigger sends, and the tables
 * are the ones {@link TableDefinitions} (which the local stack creates) describes; the chat stack's
 * table is the one {@link ChatTables} describes, and its jar holds the app and the handlers.
 */
class DeploymentConsistencyTest {
  private static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
  private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
  private static final String CONTEXT = "com.amazonaws.services.lambda.runtime.Context";
  private static final String HTTP_EVENT = "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent";
  private static final String HTTP_RESPONSE = "com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse";
  private static final String POLLING_TRIGGER = "http api GET, POST, OPTIONS /socket.io";

  private static TemplateJson json;
  private static Path jar;
  private static URLClassLoader loader;

  @BeforeAll
  static void open() throws Exception {
    json = Stacks.app().json();
    jar = FunctionsArtifact.locate();
    // the shaded jar alone, not the test class path: what Lambda will load
    loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
  }

  @AfterAll
  static void close() throws Exception {
    loader.close();
  }

  @Test
  void everyHandlerNamedInTheTemplateIsAClassInTheFunctionsJar() throws Exception {
    Set<String> entries;
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(e -> e.getName()).collect(Collectors.toSet());
    }
    Map<String, String> handlers = handlers();
    assertThat(handlers).hasSize(7);
    for (String handler : handlers.values()) {
      String className = handler.split("::")[0];
      assertThat(entries).as("%s in %s", className, jar).contains(className.replace('.', '/') + ".class");
    }
  }

  @Test
  void everyHandlerAcceptsTheEventItsTriggerSends() throws Exception {
    Map<String, String> triggers = triggers();
    // each trigger reaches the handler written for it
    assertThat(triggers).containsEntry("route $connect", SocketIoLambdaStackTest.handler("ConnectHandler"))
        .containsEntry("route $disconnect", SocketIoLambdaStackTest.handler("DisconnectHandler"))
        .containsEntry("route $default", SocketIoLambdaStackTest.handler("DefaultHandler"))
        .containsEntry("async invoke {\"connectionId\"} from $connect", SocketIoLambdaStackTest.handler("OpenHandler"))
        .containsEntry("schedule rate(1 minute)", SocketIoLambdaStackTest.handler("HeartbeatHandler"))
        .containsEntry("sqs batch of fan-out shards", SocketIoLambdaStackTest.handler("FanOutHandler"))
        .containsEntry(POLLING_TRIGGER, "dev.socketiolambda.functions.polling.PollingHandler::handleRequest");
    assertThat(new HashSet<>(triggers.values())).isEqualTo(new HashSet<>(handlers().values()));
    for (Map.Entry<String, String> t : triggers.entrySet()) {
      String[] parts = t.getValue().split("::");
      Class<?> type = Class.forName(parts[0], false, loader);
      String method = parts.length > 1 ? parts[1] : "handleRequest";
      assertThat(Modifier.isPublic(type.getModifiers()) && !Modifier.isAbstract(type.getModifiers()))
          .as("%s is a public concrete class", type).isTrue();
      assertThat(type.getConstructor().getParameterCount()).as("Lambda needs a public no-argument constructor")
          .isZero();
      if (t.getKey().equals(POLLING_TRIGGER)) {
        // the HTTP API's payload 2.0 event, deserialized by Lambda's Java runtime into the events library's type
        assertThat(interfaces(type)).contains(REQUEST_HANDLER);
        Method m = type.getMethod(method, Class.forName(HTTP_EVENT, false, loader),
            Class.forName(CONTEXT, false, loader));
        assertThat(m.getReturnType().getName()).isEqualTo(HTTP_RESPONSE);
        continue;
      }
      // RequestStreamHandler: the raw JSON of any event (API Gateway WebSocket events, the open step's
      // {"connectionId"}, EventBridge scheduled events, SQS batches) reaches handleRequest(InputStream, OutputStream, Context).
      assertThat(interfaces(type)).as("%s (%s)", type, t.getKey()).contains(STREAM_HANDLER);
      Method m = type.getMethod(method, InputStream.class, OutputStream.class,
          Class.forName(CONTEXT, false, loader));
      assertThat(m.getReturnType()).isEqualTo(void.class);
      assertThat(interfaces(type)).doesNotContain(REQUEST_HANDLER);
    }
  }

  @Test
  void stateTableInTheTemplateIsTheOneTableDefinitionsDescribes() {
    List<CreateTableRequest> expected = TableDefinitions.all("socketio");
    Map<String, Map<String, Object>> tables = json.ofType("AWS::DynamoDB::Table");
    assertThat(tables).hasSize(expected.size());
    CreateTableRequest def = expected.get(0);
    Map<String, Object> actual = props(tables.values().iterator().next());
    assertSameTable(actual, def);
    assertThat(indexes(actual)).containsKey(TableDefinitions.DUE_INDEX);
    assertThat(actual.get("TimeToLiveSpecification"))
        .isEqualTo(Map.of("AttributeName", TableDefinitions.TTL_ATTRIBUTE, "Enabled", true));
  }

  @Test
  void chatTableInTheChatStackIsTheOneChatTablesDescribes() {
    // what the local stack creates for --app chat, and what ChatStore queries
    TemplateJson chat = Stacks.chat().json();
    CreateTableRequest def = ChatTables.definition(ChatConfig.DEFAULT_TABLE);
    Map<String, Object> actual = props(chat.ofType("AWS::DynamoDB::Table").entrySet().stream()
        .filter(e -> e.getKey().startsWith("ChatTable")).map(Map.Entry::getValue).findFirst().orElseThrow());
    assertSameTable(actual, def);
    assertThat(indexes(actual)).containsOnlyKeys(ChatTables.BY_USER)
        .containsEntry(ChatTables.BY_USER, "[gsi1pk:HASH, gsi1sk:RANGE] ALL");
    assertThat(keySchema(actual.get("KeySchema"))).containsExactly("pk:HASH", "sk:RANGE");
    assertThat(actual).doesNotContainKeys("StreamSpecification")
        .containsEntry("TimeToLiveSpecification", Map.of("AttributeName", ChatTables.TTL_ATTRIBUTE, "Enabled", true));
  }

  @Test
  void theChatStackRunsChatAppFromTheChatJarWithTheRuntimesHandlers() throws Exception {
    Path chatJar = BundleArtifact.locate(new ChatBundle());
    Set<String> entries;
    try (JarFile file = new JarFile(chatJar.toFile())) {
      entries = file.stream().map(e -> e.getName()).collect(Collectors.toSet());
    }
    TemplateJson chat = Stacks.chat().json();
    Set<String> classes = new HashSet<>();
    chat.ofType("AWS::Lambda::Function").values().forEach(f -> {
      classes.add(((String) props(f).get("Handler")).split("::")[0]);
      classes.add((String) ((Map<?, ?>) ((Map<?, ?>) props(f).get("Environment")).get("Variables")).get("SOCKETIO_APP"));
    });
    assertThat(classes).contains("chat").hasSize(8); // seven handlers (polling included) and the bundle's name
    classes.remove("chat");
    for (String className : classes) {
      assertThat(entries).as("%s in %s", className, chatJar).contains(className.replace('.', '/') + ".class");
    }
    // the runtime finds SOCKETIO_APP=chat with ServiceLoader: the jar registers the bundle, a public
    // AppBundle with a public no-argument constructor
    try (URLClassLoader chatLoader = new URLClassLoader(new URL[] {chatJar.toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      String services = new String(chatLoader.getResourceAsStream(
          "META-INF/services/dev.socketiolambda.functions.bundle.AppBundle").readAllBytes(),
          java.nio.charset.StandardCharsets.UTF_8);
      assertThat(services.lines().map(String::strip)).contains(ChatBundle.class.getName());
      Class<?> app = Class.forName(ChatBundle.class.getName(), false, chatLoader);
      assertThat(interfaces(app)).contains("dev.socketiolambda.functions.bundle.AppBundle");
      assertThat(Modifier.isPublic(app.getModifiers()) && !Modifier.isAbstract(app.getModifiers())).isTrue();
      assertThat(Modifier.isPublic(app.getConstructor().getModifiers())).isTrue();
    }
  }

  private static void assertSameTable(Map<String, Object> actual, CreateTableRequest def) {
    assertThat(keySchema(actual.get("KeySchema"))).isEqualTo(keySchema(def.keySchema()));
    assertThat(list(actual.get("AttributeDefinitions")).stream().map(a -> (Map<?, ?>) a)
        .map(a -> a.get("AttributeName") + ":" + a.get("AttributeType")).collect(Collectors.toSet()))
        .isEqualTo(def.attributeDefinitions().stream().map(a -> a.attributeName() + ":" + a.attributeTypeAsString())
            .collect(Collectors.toSet()));
    assertThat(actual.get("BillingMode")).isEqualTo(def.billingModeAsString());
    Map<String, String> expectedIndexes = new LinkedHashMap<>();
    for (GlobalSecondaryIndex gsi : def.globalSecondaryIndexes()) {
      expectedIndexes.put(gsi.indexName(), keySchema(gsi.keySchema()) + " "
          + gsi.projection().projectionTypeAsString());
    }
    assertThat(indexes(actual)).isEqualTo(expectedIndexes);
  }

  /** Index name to "key schema projection type". */
  private static Map<String, String> indexes(Map<String, Object> table) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Object o : list(table.get("GlobalSecondaryIndexes"))) {
      Map<?, ?> gsi = (Map<?, ?>) o;
      out.put((String) gsi.get("IndexName"), keySchema(gsi.get("KeySchema")) + " "
          + ((Map<?, ?>) gsi.get("Projection")).get("ProjectionType"));
    }
    return out;
  }

  // ------------------------------------------------------------------ helpers

  /** Handler by function logical id, for the functions whose code is the functions jar asset. */
  private static Map<String, String> handlers() {
    Map<String, String> out = new LinkedHashMap<>();
    json.ofType("AWS::Lambda::Function").forEach((id, f) -> {
      Object metadata = f.get("Metadata");
      if (metadata instanceof Map<?, ?> m && String.valueOf(m.get("aws:asset:path")).endsWith(".jar")) {
        out.put(id, (String) props(f).get("Handler"));
      }
    });
    return out;
  }

  /** What triggers each function, derived from the template alone. */
  private static Map<String, String> triggers() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String key : List.of("$connect", "$disconnect", "$default")) {
      out.put("route " + key, SocketIoLambdaStackTest.handlerBehindRoute(json, key));
    }
    json.ofType("AWS::Events::Rule").values().forEach(r -> {
      Map<?, ?> target = (Map<?, ?>) list(props(r).get("Targets")).get(0);
      out.put("schedule " + props(r).get("ScheduleExpression"),
          SocketIoLambdaStackTest.handlerOfAlias(json, refs(target.get("Arn")).iterator().next()));
    });
    json.ofType("AWS::Lambda::EventSourceMapping").values().forEach(m -> {
      String source = refs(props(m).get("EventSourceArn")).iterator().next();
      String kind = "AWS::SQS::Queue".equals(json.typeOf(source)) ? "sqs batch of fan-out shards" : "stream " + source;
      out.put(kind, SocketIoLambdaStackTest.handlerOfAlias(json, refs(props(m).get("FunctionName")).iterator().next()));
    });
    json.ofType("AWS::ApiGatewayV2::Route").values().stream().map(TemplateJson::props)
        .filter(r -> String.valueOf(r.get("RouteKey")).endsWith(" /socket.io")).forEach(r -> {
          String integration = refs(r.get("Target")).iterator().next();
          String alias = refs(props(json.resources().get(integration)).get("IntegrationUri")).iterator().next();
          String handler = SocketIoLambdaStackTest.handlerOfAlias(json, alias);
          String previous = out.put(POLLING_TRIGGER, handler);
          assertThat(previous).as("every polling route reaches the same handler").isIn(null, handler);
        });
    json.ofType("AWS::Lambda::Function").values().forEach(f -> {
      Map<?, ?> env = (Map<?, ?>) ((Map<?, ?>) props(f).get("Environment")).get("Variables");
      if (env.containsKey("SOCKETIO_OPEN_FUNCTION")) {
        out.put("async invoke {\"connectionId\"} from $connect",
            SocketIoLambdaStackTest.handlerOfAlias(json, refs(env.get("SOCKETIO_OPEN_FUNCTION")).iterator().next()));
      }
    });
    return out;
  }

  private static Set<String> interfaces(Class<?> type) {
    Set<String> out = new HashSet<>();
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      for (Class<?> i : c.getInterfaces()) {
        out.add(i.getName());
      }
    }
    return out;
  }

  private static List<String> keySchema(Object templateKeys) {
    return list(templateKeys).stream().map(k -> (Map<?, ?>) k)
        .map(k -> k.get("AttributeName") + ":" + k.get("KeyType")).toList();
  }

  private static List<String> keySchema(List<KeySchemaElement> keys) {
    return keys.stream().map(k -> k.attributeName() + ":" + k.keyTypeAsString()).toList();
  }
}
