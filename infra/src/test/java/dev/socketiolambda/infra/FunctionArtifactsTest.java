package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.props;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.infra.FunctionsArtifact.Role;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.dynamodb.Attribute;
import software.amazon.awscdk.services.dynamodb.AttributeType;
import software.amazon.awscdk.services.dynamodb.StreamViewType;
import software.amazon.awscdk.services.dynamodb.Table;

/**
 * The functions of the construct run the minimized runtime jar (functions/pom.xml, {@link Role#MIN}):
 * the template's code asset of every function is, byte for byte, that jar, it holds what the functions
 * use and not what they do not (no Netty, no Lambda/SQS/Secrets Manager SDK clients), it is under 10 MB,
 * and every handler loads from it alone.
 */
class FunctionArtifactsTest {
  /** Issue 21's budget in bytes: every function's artifact under 10 MB (docs/performance.md, "Artifacts per function"). */
  private static final long BUDGET = 10_000_000L;

  @Test
  void everyFunctionOfTheAppStackGetsTheMinJar() throws IOException {
    Map<String, Role> byHandler = rolesByHandler(Stacks.app());
    assertThat(byHandler).containsOnly(
        Map.entry(SocketIoLambdaStackTest.handler("ConnectHandler"), Role.MIN),
        Map.entry(SocketIoLambdaStackTest.handler("OpenHandler"), Role.MIN),
        Map.entry(SocketIoLambdaStackTest.handler("DefaultHandler"), Role.MIN),
        Map.entry(SocketIoLambdaStackTest.handler("DisconnectHandler"), Role.MIN),
        Map.entry(SocketIoLambdaStackTest.handler("HeartbeatHandler"), Role.MIN),
        Map.entry(SocketIoLambdaStackTest.handler("FanOutHandler"), Role.MIN),
        Map.entry("dev.socketiolambda.functions.polling.PollingHandler::handleRequest", Role.MIN));
    // one asset, shared by every function
    Set<Object> keys = new HashSet<>();
    Stacks.app().json().ofType("AWS::Lambda::Function").values()
        .forEach(f -> keys.add(TemplateJson.render(((Map<?, ?>) props(f).get("Code")).get("S3Key"))));
    assertThat(keys).hasSize(1);
  }

  @Test
  void aDomainStreamWithoutItsOwnCodeGetsTheMinJar() throws IOException {
    App app = Stacks.app(Map.of("aws:cdk:enable-asset-metadata", true)); // as InfraApp sets it
    Stack stack = new Stack(app, "StreamStack");
    Table orders = Table.Builder.create(stack, "Orders")
        .partitionKey(Attribute.builder().name("pk").type(AttributeType.STRING).build())
        .stream(StreamViewType.NEW_AND_OLD_IMAGES)
        .build();
    SocketIoLambda socketIo = new SocketIoLambda(stack, "SocketIo", SocketIoLambdaProps.builder()
        .appClass("dev.socketiolambda.functions.apps.DemoApp")
        .polling(false)
        .domainStream(DomainStream.builder().id("Orders").table(orders)
            .handler("dev.socketiolambda.functions.stream.StreamHandler::handleRequest").build())
        .build());
    assertThat(rolesByHandler(Stacks.synthesize(stack, socketIo)))
        .containsEntry("dev.socketiolambda.functions.stream.StreamHandler::handleRequest", Role.MIN)
        .containsEntry(SocketIoLambdaStackTest.handler("FanOutHandler"), Role.MIN)
        .containsEntry(SocketIoLambdaStackTest.handler("DefaultHandler"), Role.MIN);
  }

  @Test
  void anExampleStackRunsEveryFunctionFromItsBundleJar() {
    Set<Object> keys = new HashSet<>();
    Stacks.chat().json().ofType("AWS::Lambda::Function").values()
        .forEach(f -> keys.add(TemplateJson.render(((Map<?, ?>) props(f).get("Code")).get("S3Key"))));
    assertThat(keys).hasSize(1);
  }

  @Test
  void eachJarHoldsWhatTheFunctionsUseAndNotTheRest() throws IOException {
    Map<Role, Set<String>> entries = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      entries.put(role, entries(FunctionsArtifact.locate(role)));
    }
    String poster = "dev/socketiolambda/functions/delivery/ManagementApiPoster.class";
    String signedCall = "dev/socketiolambda/functions/aws/SignedCall.class";
    String dynamo = "software/amazon/awssdk/services/dynamodb/DynamoDbClient.class";
    String management = "software/amazon/awssdk/services/apigatewaymanagementapi/ApiGatewayManagementApiClient.class";
    String httpEvent = "com/amazonaws/services/lambda/runtime/events/APIGatewayV2HTTPEvent.class";
    for (Role role : Role.values()) {
      assertThat(entries.get(role)).contains(poster, signedCall, dynamo, management, httpEvent);
      // broadcasts post on the JDK's HTTP client: no Netty, no SDK async HTTP client
      assertThat(entries.get(role)).noneMatch(e -> e.startsWith("io/netty/")
          || e.startsWith("software/amazon/awssdk/http/nio/netty/"));
      // Lambda, SQS and Secrets Manager are signed calls (SignedCall): none of their SDK clients
      assertThat(entries.get(role)).noneMatch(e -> e.startsWith("software/amazon/awssdk/services/lambda/")
          || e.startsWith("software/amazon/awssdk/services/sqs/")
          || e.startsWith("software/amazon/awssdk/services/secretsmanager/"));
    }
    // only the two HTTP event classes of aws-lambda-java-events in the min jar
    for (Role role : new Role[] {Role.MIN}) {
      assertThat(entries.get(role).stream().filter(e -> e.startsWith("com/amazonaws/services/lambda/runtime/events/")
          && e.endsWith(".class")).map(e -> e.replaceAll(".*/(APIGatewayV2HTTP[A-Za-z]*).*", "$1")).distinct())
          .containsExactlyInAnyOrder("APIGatewayV2HTTPEvent", "APIGatewayV2HTTPResponse");
    }
  }

  @Test
  void theMinJarIsSmallerThanTheWholeJarAndUnder10Mb() throws IOException {
    long all = Files.size(FunctionsArtifact.locate(Role.ALL));
    long size = Files.size(FunctionsArtifact.locate(Role.MIN));
    assertThat(size).as("min jar").isLessThan(all).isLessThan(BUDGET);
  }

  @Test
  void everyHandlerOfTheTemplateLoadsFromItsOwnJarAlone() throws Exception {
    for (Map.Entry<String, Path> e : assetsByHandler(Stacks.app()).entrySet()) {
      String className = e.getKey().split("::")[0];
      // the jar alone, not the test class path: what Lambda loads; initialising runs the static initialisers
      try (URLClassLoader loader = new URLClassLoader(new URL[] {e.getValue().toUri().toURL()},
          ClassLoader.getPlatformClassLoader())) {
        Class<?> type = Class.forName(className, true, loader);
        assertThat(Modifier.isPublic(type.getConstructor().getModifiers())).isTrue();
        // every method's signature resolves against the jar (a missing class fails here, not on Lambda)
        assertThat(type.getMethods()).isNotEmpty();
        if (!className.endsWith("PollingHandler")) {
          type.getMethod("handleRequest", InputStream.class, OutputStream.class,
              Class.forName("com.amazonaws.services.lambda.runtime.Context", false, loader));
        }
        // the runtime the handler builds: its composition root loads, and its fan-out builds the poster
        buildRuntimeAndHandler(loader, type);
      }
    }
  }

  /**
   * What the handler's no-argument constructor does on Lambda, inside the jar's class loader: the
   * runtime from settings (the SDK's DynamoDB and management API clients, the demo application, the
   * engine, the broadcasts' transport: {@code ManagementApiPoster}) and the handler over it. No request
   * is made. For $connect, the open step's signed Lambda invoke is also called, against a closed local
   * port: the call fails as the runtime's call error, not a missing class. (RoleJarsIT in local makes
   * each handler do real work from its jar.)
   */
  private static void buildRuntimeAndHandler(ClassLoader loader, Class<?> handler) throws Exception {
    Class<?> settingsType = Class.forName("dev.socketiolambda.functions.handler.Settings", true, loader);
    Class<?> builderType = Class.forName("dev.socketiolambda.functions.handler.RuntimeBuilder", true, loader);
    Class<?> runtimeType = Class.forName("dev.socketiolambda.functions.handler.Runtime", true, loader);
    Map<String, String> env = new LinkedHashMap<>(Map.of(
        "SOCKETIO_APP", "dev.socketiolambda.functions.apps.DemoApp",
        "SOCKETIO_TABLE", "socketio", "AWS_REGION", "eu-west-1",
        "DYNAMODB_ENDPOINT", "http://127.0.0.1:1",
        "SOCKETIO_MANAGEMENT_ENDPOINT", "http://127.0.0.1:1/prod"));
    if (handler.getName().endsWith("ConnectHandler")) { // as the template: only $connect starts the open step
      env.put("SOCKETIO_OPEN_FUNCTION", "arn:aws:lambda:eu-west-1:123456789012:function:open:live");
    }
    Object settings = settingsType.getMethod("from", Map.class).invoke(null, env);
    Object b = builderType.getMethod("of", settingsType).invoke(null, settings);
    Object credentials = Class.forName("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider", true,
        loader).getMethod("create", Class.forName("software.amazon.awssdk.auth.credentials.AwsCredentials", true,
        loader)).invoke(null, Class.forName("software.amazon.awssdk.auth.credentials.AwsBasicCredentials", true,
        loader).getMethod("create", String.class, String.class).invoke(null, "AKIDEXAMPLE", "secret"));
    builderType.getMethod("credentials", Class.forName(
        "software.amazon.awssdk.auth.credentials.AwsCredentialsProvider", true, loader)).invoke(b, credentials);
    Object runtime = builderType.getMethod("build").invoke(b);
    runtimeType.getMethod("engine").invoke(runtime);
    Object fanOut = runtimeType.getMethod("fanOut").invoke(runtime);
    Object instance = handler.getName().endsWith("FanOutHandler")
        ? handler.getConstructor(fanOut.getClass()).newInstance(fanOut)
        : handler.getConstructor(runtimeType).newInstance(runtime);
    assertThat(instance).isNotNull();
    if (handler.getName().endsWith("ConnectHandler")) {
      Object trigger = runtimeType.getMethod("openTrigger").invoke(runtime);
      System.setProperty("aws.endpointUrlLambda", "http://127.0.0.1:1");
      try {
        Class.forName("dev.socketiolambda.functions.handler.OpenTrigger", true, loader)
            .getMethod("trigger", String.class).invoke(trigger, "abc=");
        throw new AssertionError("the invoke reached a closed port");
      } catch (java.lang.reflect.InvocationTargetException e) {
        assertThat(e.getCause()).isNotInstanceOf(LinkageError.class);
        assertThat(e.getCause().getClass().getName()).isEqualTo("dev.socketiolambda.functions.aws.AwsCallException");
      } finally {
        System.clearProperty("aws.endpointUrlLambda");
      }
    }
  }

  // ------------------------------------------------------------------ helpers

  /** The role of each function's code asset, by handler: the staged asset is compared with each role's jar. */
  private static Map<String, Role> rolesByHandler(Stacks.Synthesized s) throws IOException {
    Map<Role, Path> jars = new EnumMap<>(Role.class);
    for (Role role : Role.values()) {
      jars.put(role, FunctionsArtifact.locate(role));
    }
    Map<String, Role> out = new LinkedHashMap<>();
    for (Map.Entry<String, Path> e : assetsByHandler(s).entrySet()) {
      Role match = null;
      for (Map.Entry<Role, Path> jar : jars.entrySet()) {
        if (Files.mismatch(jar.getValue(), e.getValue()) == -1) {
          match = jar.getKey();
        }
      }
      out.put(e.getKey(), match);
    }
    return out;
  }

  /** The staged code asset (a copy of the jar in the cloud assembly) of each function, by handler. */
  private static Map<String, Path> assetsByHandler(Stacks.Synthesized s) {
    Path outdir = Path.of(((App) s.stack().getNode().getRoot()).getOutdir());
    Map<String, Path> out = new LinkedHashMap<>();
    s.json().ofType("AWS::Lambda::Function").values().forEach(f -> {
      Object asset = f.get("Metadata") instanceof Map<?, ?> m ? m.get("aws:asset:path") : null;
      if (asset != null) { // CDK's own helper functions have inline code
        out.put((String) props(f).get("Handler"), outdir.resolve((String) asset));
      }
    });
    return out;
  }

  private static Set<String> entries(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.stream().map(e -> e.getName()).collect(Collectors.toSet());
    }
  }
}
