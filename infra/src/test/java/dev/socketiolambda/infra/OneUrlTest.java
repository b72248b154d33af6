package dev.socketiolambda.infra;

import static dev.socketiolambda.infra.TemplateJson.list;
import static dev.socketiolambda.infra.TemplateJson.props;
import static dev.socketiolambda.infra.TemplateJson.refs;
import static dev.socketiolambda.infra.TemplateJson.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.lambda.Code;

/**
 * The one URL ({@link OneUrl}): the polling function behind its HTTP API, the CloudFront
 * distribution in front of both APIs, and its viewer-request function run with Node against sample
 * CloudFront events.
 */
class OneUrlTest {
  private static final String POLLING_HANDLER = "dev.socketiolambda.functions.polling.PollingHandler::handleRequest";
  /** AWS's managed CachingDisabled cache policy and AllViewerExceptHostHeader origin request policy. */
  private static final String CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
  private static final String ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void pollingIsOnByDefaultWithItsFunctionOnTheLiveAliasLikeTheOthers() {
    TemplateJson json = Stacks.app().json();
    Map<String, Object> fn = props(pollingFunction(json).getValue());
    assertThat(fn).containsEntry("Runtime", "java21").containsEntry("Timeout", 29);
    assertThat(fn.get("SnapStart")).isEqualTo(Map.of("ApplyOn", "PublishedVersions"));
    assertThat(((Number) fn.get("MemorySize")).intValue()).isEqualTo(SocketIoLambdaProps.DEFAULT_MEMORY_MB);
    // the same code asset as the other socket functions (the socket role's jar, FunctionArtifactsTest)
    Object defaultCode = json.ofType("AWS::Lambda::Function").values().stream()
        .filter(f -> SocketIoLambdaStackTest.handler("DefaultHandler").equals(props(f).get("Handler")))
        .map(f -> props(f).get("Code")).findFirst().orElseThrow();
    assertThat(fn.get("Code")).isEqualTo(defaultCode);
    assertThat(Stacks.app().socketIo().getFunctions()).containsKey(OneUrl.FUNCTION);
    assertThat(Stacks.app().socketIo().getProps().polling()).isTrue();
  }

  @Test
  void theHttpApiRoutesGetPostAndOptionsOnTheEngineIoPathToThePollingAliasWithPayloadTwoAndNoApiCors() {
    TemplateJson json = Stacks.app().json();
    Map<String, Map<String, Object>> httpApis = json.ofType("AWS::ApiGatewayV2::Api").entrySet().stream()
        .filter(e -> "HTTP".equals(props(e.getValue()).get("ProtocolType")))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    assertThat(httpApis).hasSize(1);
    String httpApi = httpApis.keySet().iterator().next();
    assertThat(props(httpApis.get(httpApi))).doesNotContainKey("CorsConfiguration"); // the function answers preflights
    List<Map<String, Object>> routes = json.ofType("AWS::ApiGatewayV2::Route").values().stream()
        .map(TemplateJson::props).filter(r -> refs(r.get("ApiId")).contains(httpApi)).toList();
    assertThat(routes.stream().map(r -> r.get("RouteKey")))
        .containsExactlyInAnyOrder("GET /socket.io", "POST /socket.io", "OPTIONS /socket.io");
    for (Map<String, Object> route : routes) {
      String integration = refs(route.get("Target")).iterator().next();
      Map<String, Object> i = props(json.resources().get(integration));
      assertThat(i).containsEntry("IntegrationType", "AWS_PROXY").containsEntry("PayloadFormatVersion", "2.0");
      String alias = refs(i.get("IntegrationUri")).iterator().next();
      assertThat(SocketIoLambdaStackTest.handlerOfAlias(json, alias)).isEqualTo(POLLING_HANDLER);
    }
    // the $default stage, throttled like the WebSocket stage, with access logs
    Map<String, Object> stage = json.ofType("AWS::ApiGatewayV2::Stage").values().stream().map(TemplateJson::props)
        .filter(s -> refs(s.get("ApiId")).contains(httpApi)).findFirst().orElseThrow();
    assertThat(stage).containsEntry("StageName", "$default").containsEntry("AutoDeploy", true);
    assertThat(stage.get("DefaultRouteSettings")).isEqualTo(Map.of("ThrottlingRateLimit", 500,
        "ThrottlingBurstLimit", 1000));
    assertThat(((Map<?, ?>) stage.get("AccessLogSettings")).get("Format")).isEqualTo(OneUrl.ACCESS_LOG_FORMAT);
  }

  @Test
  void thePollingRoleGetsTheTableThisStagesManageConnectionsAndTheFanOutQueueOnly() {
    Stacks.Synthesized s = Stacks.app();
    TemplateJson json = s.json();
    String role = refs(props(pollingFunction(json).getValue()).get("Role")).iterator().next();
    List<Map<String, Object>> statements = statementsOf(json, role);
    String wsApi = json.ofType("AWS::ApiGatewayV2::Api").entrySet().stream()
        .filter(e -> "WEBSOCKET".equals(props(e.getValue()).get("ProtocolType"))).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    assertThat(statements).anySatisfy(st -> {
      assertThat(list(st.get("Action"))).containsExactly("execute-api:ManageConnections");
      assertThat(list(st.get("Resource")).stream().map(TemplateJson::render).toList()).containsExactlyInAnyOrder(
          "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Ref:" + wsApi + "}/prod/POST/@connections/*",
          "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Ref:" + wsApi
              + "}/prod/DELETE/@connections/*");
    });
    String table = json.ofType("AWS::DynamoDB::Table").keySet().iterator().next();
    String fanOut = json.ofType("AWS::SQS::Queue").keySet().stream().filter(id -> id.startsWith("SocketIoFanOutQueue"))
        .findFirst().orElseThrow();
    for (Map<String, Object> st : statements) {
      List<String> actions = list(st.get("Action")).stream().map(String::valueOf).toList();
      if (actions.stream().anyMatch(a -> a.startsWith("dynamodb:"))) {
        assertThat(refs(st.get("Resource"))).containsExactly(table);
      } else if (actions.stream().anyMatch(a -> a.startsWith("sqs:"))) {
        assertThat(refs(st.get("Resource"))).containsExactly(fanOut);
      } else {
        assertThat(actions).allMatch(a -> a.startsWith("logs:") || a.equals("execute-api:ManageConnections"));
      }
    }
    SocketIoLambdaStackTest.assertNoWildcards(json);
  }

  @Test
  void connectMayAlsoUpdateTheTableWhenPollingIsOnToClaimTheSessionItUpgrades() {
    TemplateJson json = Stacks.app().json();
    String connectRole = roleOfHandler(json, SocketIoLambdaStackTest.handler("ConnectHandler"));
    assertThat(statementsOf(json, connectRole).stream().flatMap(st -> list(st.get("Action")).stream())
        .filter(a -> String.valueOf(a).startsWith("dynamodb:")))
        .containsExactlyInAnyOrder("dynamodb:PutItem", "dynamodb:UpdateItem");
  }

  @Test
  void theDistributionForwardsEverythingButHostUncachedToTheHttpApiWithTheRouterOnViewerRequest() {
    TemplateJson json = Stacks.app().json();
    Map<String, Map<String, Object>> distributions = json.ofType("AWS::CloudFront::Distribution");
    assertThat(distributions).hasSize(1);
    Map<?, ?> config = (Map<?, ?>) props(distributions.values().iterator().next()).get("DistributionConfig");
    String httpApi = json.ofType("AWS::ApiGatewayV2::Api").entrySet().stream()
        .filter(e -> "HTTP".equals(props(e.getValue()).get("ProtocolType"))).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    List<Object> origins = list(config.get("Origins"));
    assertThat(origins).hasSize(1);
    Map<?, ?> origin = (Map<?, ?>) origins.get(0);
    assertThat(render(origin.get("DomainName")))
        .isEqualTo("${Ref:" + httpApi + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}");
    assertThat(origin.get("OriginPath")).isNull();
    Map<?, ?> custom = (Map<?, ?>) origin.get("CustomOriginConfig");
    assertThat(custom.get("OriginProtocolPolicy")).isEqualTo("https-only");
    assertThat(custom.get("OriginReadTimeout")).isEqualTo(60);
    Map<?, ?> behavior = (Map<?, ?>) config.get("DefaultCacheBehavior");
    assertThat(behavior.get("ViewerProtocolPolicy")).isEqualTo("https-only");
    assertThat(list(behavior.get("AllowedMethods"))).containsExactlyInAnyOrder("GET", "HEAD", "OPTIONS", "PUT",
        "PATCH", "POST", "DELETE");
    assertThat(behavior.get("CachePolicyId")).isEqualTo(CACHING_DISABLED);
    assertThat(behavior.get("OriginRequestPolicyId")).isEqualTo(ALL_VIEWER_EXCEPT_HOST);
    List<Object> associations = list(behavior.get("FunctionAssociations"));
    assertThat(associations).hasSize(1);
    Map<?, ?> association = (Map<?, ?>) associations.get(0);
    assertThat(association.get("EventType")).isEqualTo("viewer-request");
    String router = json.ofType("AWS::CloudFront::Function").keySet().iterator().next();
    assertThat(refs(association.get("FunctionARN"))).containsExactly(router);
    assertThat(config.get("Aliases")).isNull(); // no urlDomain in the app stack
  }

  @Test
  void theRouterIsACloudFrontJs2FunctionThatNamesTheWebSocketApiAndItsStage() {
    TemplateJson json = Stacks.app().json();
    Map<String, Map<String, Object>> functions = json.ofType("AWS::CloudFront::Function");
    assertThat(functions).hasSize(1);
    Map<String, Object> p = props(functions.values().iterator().next());
    assertThat(p.get("AutoPublish")).isEqualTo(true);
    assertThat(((Map<?, ?>) p.get("FunctionConfig")).get("Runtime")).isEqualTo("cloudfront-js-2.0");
    String code = render(p.get("FunctionCode"));
    assertThat(code).startsWith("import cf from 'cloudfront';\n")
        .contains("var WEBSOCKET_DOMAIN = '" + wsDomain(json) + "';")
        .contains("var WEBSOCKET_STAGE_PATH = '/prod';");
  }

  @Test
  void theRouterSendsWebSocketRequestsToTheStageOfTheWebSocketApiAndEverythingElseToTheHttpApi(@TempDir Path dir)
      throws Exception {
    TemplateJson json = Stacks.app().json();
    String code = render(props(json.ofType("AWS::CloudFront::Function").values().iterator().next())
        .get("FunctionCode"));
    String ws = wsDomain(json);
    JsonNode out = runRouter(dir, code, """
        [
          {"request": {"method": "GET", "uri": "/socket.io/", "headers": {"upgrade": {"value": "websocket"}},
            "cookies": {}, "querystring": {"EIO": {"value": "4"}, "transport": {"value": "websocket"}}}},
          {"request": {"method": "GET", "uri": "/socket.io/", "headers": {"upgrade": {"value": "websocket"}},
            "cookies": {}, "querystring": {"EIO": {"value": "4"}, "transport": {"value": "websocket"},
            "sid": {"value": "abc-_12"}}}},
          {"request": {"method": "GET", "uri": "/socket.io/", "headers": {}, "cookies": {},
            "querystring": {"EIO": {"value": "4"}, "transport": {"value": "polling"}, "t": {"value": "PQx1"}}}},
          {"request": {"method": "POST", "uri": "/socket.io/", "headers": {}, "cookies": {},
            "querystring": {"EIO": {"value": "4"}, "transport": {"value": "polling"}, "sid": {"value": "abc-_12"}}}},
          {"request": {"method": "OPTIONS", "uri": "/socket.io/", "headers": {"origin": {"value": "https://a.b"}},
            "cookies": {}, "querystring": {"EIO": {"value": "4"}, "transport": {"value": "polling"}}}},
          {"request": {"method": "GET", "uri": "/", "headers": {}, "cookies": {}, "querystring": {}}}
        ]
        """);
    assertThat(out.size()).isEqualTo(6);
    for (int i = 0; i < 2; i++) { // a new WebSocket and the upgrade of a polling session
      JsonNode r = out.get(i);
      assertThat(r.get("calls").asInt()).as("event %d", i).isEqualTo(1);
      assertThat(r.get("origin").get("domainName").asText()).isEqualTo(ws);
      assertThat(r.get("origin").size()).as("only the domain changes; the rest is the distribution's origin")
          .isEqualTo(1);
      assertThat(r.get("uri").asText()).isEqualTo("/prod");
      assertThat(r.get("querystring").get("transport").get("value").asText()).isEqualTo("websocket");
    }
    assertThat(out.get(1).get("querystring").get("sid").get("value").asText()).isEqualTo("abc-_12");
    for (int i = 2; i < 6; i++) { // polling handshake, POST, preflight, anything else: the HTTP API, untouched
      JsonNode r = out.get(i);
      assertThat(r.get("calls").asInt()).as("event %d", i).isZero();
      assertThat(r.get("uri").asText()).isEqualTo(i == 5 ? "/" : "/socket.io/");
    }
    assertThat(out.get(3).get("querystring").get("sid").get("value").asText()).isEqualTo("abc-_12");
  }

  @Test
  void aCustomUrlDomainGetsTls12AndTheOutputsNameIt() {
    TemplateJson json = Stacks.full().json();
    Map<?, ?> config = (Map<?, ?>) props(json.ofType("AWS::CloudFront::Distribution").values().iterator().next())
        .get("DistributionConfig");
    assertThat(list(config.get("Aliases"))).containsExactly(Stacks.URL_DOMAIN);
    Map<?, ?> cert = (Map<?, ?>) config.get("ViewerCertificate");
    assertThat(cert.get("MinimumProtocolVersion")).isEqualTo("TLSv1.2_2021");
    assertThat(cert.get("SslSupportMethod")).isEqualTo("sni-only");
    assertThat(String.valueOf(cert.get("AcmCertificateArn"))).startsWith("arn:aws:acm:us-east-1:");
    assertThat(json.outputs().get("Url").get("Value")).isEqualTo("https://" + Stacks.URL_DOMAIN);
    assertThat(json.outputs().get("UrlClientSnippet").get("Value"))
        .isEqualTo("io(\"https://" + Stacks.URL_DOMAIN + "\")");
    // the stage is "live" here: the router rewrites WebSocket requests to it
    String code = render(props(json.ofType("AWS::CloudFront::Function").values().iterator().next())
        .get("FunctionCode"));
    assertThat(code).contains("var WEBSOCKET_STAGE_PATH = '/live';");
    // the CORS origins reach the polling function only
    json.ofType("AWS::Lambda::Function").values().forEach(f -> {
      Object env = ((Map<?, ?>) props(f).getOrDefault("Environment", Map.of())).get("Variables");
      Object cors = env == null ? null : ((Map<?, ?>) env).get("SOCKETIO_CORS_ORIGINS");
      assertThat(cors).isEqualTo(POLLING_HANDLER.equals(props(f).get("Handler")) ? Stacks.CORS_ORIGIN : null);
    });
  }

  @Test
  void withoutAUrlDomainTheUrlIsTheDistributionsOwnName() {
    TemplateJson json = Stacks.app().json();
    String distribution = json.ofType("AWS::CloudFront::Distribution").keySet().iterator().next();
    assertThat(render(json.outputs().get("Url").get("Value")))
        .isEqualTo("https://${GetAtt:" + distribution + ".DomainName}");
    assertThat(json.outputs()).containsKeys("UrlClientSnippet", "DistributionId", "DistributionDomainName",
        "PollingApiEndpoint");
  }

  @Test
  void pollingOffDeploysTheWebSocketApiAloneAsBefore() {
    App app = Stacks.app(Map.of());
    Stack stack = new Stack(app, "NoPolling");
    SocketIoLambda socketIo = new SocketIoLambda(stack, "SocketIo", SocketIoLambdaProps.builder()
        .appClass("dev.socketiolambda.functions.apps.DemoApp")
        .code(Code.fromAsset(Path.of("src/test/resources/stream-stub").toAbsolutePath().toString()))
        .polling(false)
        .build());
    TemplateJson json = Stacks.synthesize(stack, socketIo).json();
    assertThat(socketIo.getOneUrl()).isNull();
    assertThat(json.ofType("AWS::Lambda::Function")).hasSize(6);
    assertThat(json.ofType("AWS::CloudFront::Distribution")).isEmpty();
    assertThat(json.ofType("AWS::ApiGatewayV2::Api")).hasSize(1);
    assertThat(json.outputs()).doesNotContainKeys("Url", "UrlClientSnippet");
    String connectRole = roleOfHandler(json, SocketIoLambdaStackTest.handler("ConnectHandler"));
    assertThat(statementsOf(json, connectRole).stream().flatMap(st -> list(st.get("Action")).stream())
        .filter(a -> String.valueOf(a).startsWith("dynamodb:"))).containsExactly("dynamodb:PutItem");
  }

  @Test
  void theAppsContextTurnsPollingOffOrSetsTheUrlDomainAndCorsOrigins() {
    SocketIoLambdaStack off = (SocketIoLambdaStack) InfraApp.createStack(Stacks.app(Map.of("socketio:polling",
        "false")));
    assertThat(off.getSocketIo().getOneUrl()).isNull();
    assertThat(off.getSocketIo().getFunctions()).doesNotContainKey(OneUrl.FUNCTION);
    SocketIoLambdaStack on = (SocketIoLambdaStack) InfraApp.createStack(Stacks.app(Map.of(
        "socketio:urlDomainName", "io.example.com",
        "socketio:urlCertificateArn", "arn:aws:acm:us-east-1:123456789012:certificate/abc",
        "socketio:corsOrigins", "https://a.example.com, https://b.example.com")));
    assertThat(on.getSocketIo().getOneUrl().getUrl()).isEqualTo("https://io.example.com");
    assertThat(on.getSocketIo().getProps().corsOrigins()).containsExactly("https://a.example.com",
        "https://b.example.com");
    assertThatThrownBy(() -> InfraApp.createStack(Stacks.app(Map.of("socketio:urlDomainName", "io.example.com"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("us-east-1");
    assertThatThrownBy(() -> InfraApp.createStack(Stacks.app(Map.of("socketio:polling", "maybe"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("true or false");
  }

  @Test
  void settingsThatCannotWorkAreRefusedWithAReason() {
    App app = new App();
    Stack stack = new Stack(app, "Refusals");
    CustomDomain url = CustomDomain.of("io.example.com", Certificate.fromCertificateArn(stack, "C",
        "arn:aws:acm:us-east-1:123456789012:certificate/x"));
    assertThatThrownBy(() -> base().polling(false).urlDomain(url).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("need polling(true)");
    assertThatThrownBy(() -> base().corsOrigins(List.of("https://a.example.com/path")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("corsOrigins");
    assertThatThrownBy(() -> base().corsOrigins(List.of("https://a.example.com,https://b.example.com")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no comma");
    assertThatThrownBy(() -> base().urlDomain(CustomDomain.existing(DomainName.fromDomainNameAttributes(stack, "D",
        software.amazon.awscdk.services.apigatewayv2.DomainNameAttributes.builder().name("io.example.com")
            .regionalDomainName("d-1.execute-api.eu-west-1.amazonaws.com").regionalHostedZoneId("Z1").build()),
        "")).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an existing API Gateway domain");
    assertThatThrownBy(() -> base().customDomain(url).urlDomain(url).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot point at both");
    assertThat(base().corsOrigins(List.of("*", "http://localhost:5173")).build().corsOrigins())
        .containsExactly("*", "http://localhost:5173");
  }

  // ------------------------------------------------------------------ helpers

  private static SocketIoLambdaProps.Builder base() {
    return SocketIoLambdaProps.builder().appClass("dev.socketiolambda.functions.apps.DemoApp");
  }

  private static Map.Entry<String, Map<String, Object>> pollingFunction(TemplateJson json) {
    List<Map.Entry<String, Map<String, Object>>> found = json.ofType("AWS::Lambda::Function").entrySet().stream()
        .filter(e -> POLLING_HANDLER.equals(props(e.getValue()).get("Handler"))).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private static String wsDomain(TemplateJson json) {
    String wsApi = json.ofType("AWS::ApiGatewayV2::Api").entrySet().stream()
        .filter(e -> "WEBSOCKET".equals(props(e.getValue()).get("ProtocolType"))).map(Map.Entry::getKey)
        .findFirst().orElseThrow();
    return "${Ref:" + wsApi + "}.execute-api.${AWS::Region}.${AWS::URLSuffix}";
  }

  private static String roleOfHandler(TemplateJson json, String handler) {
    Map<String, Object> fn = json.ofType("AWS::Lambda::Function").values().stream()
        .filter(f -> handler.equals(props(f).get("Handler"))).findFirst().orElseThrow();
    return refs(props(fn).get("Role")).iterator().next();
  }

  private static List<Map<String, Object>> statementsOf(TemplateJson json, String roleId) {
    List<String> policies = json.ofType("AWS::IAM::Policy").entrySet().stream()
        .filter(e -> refs(props(e.getValue()).get("Roles")).contains(roleId)).map(Map.Entry::getKey).toList();
    return json.policyStatements().stream().filter(e -> policies.contains(e.getKey())).map(Map.Entry::getValue)
        .toList();
  }

  /**
   * Runs the router's code with Node as CloudFront would: an ES module importing {@code cloudfront}
   * (a stand-in that records {@code updateRequestOrigin} calls), its {@code handler} called once per
   * event; answers, per event, the returned request's uri and query and the origin update.
   */
  private static JsonNode runRouter(Path dir, String code, String eventsJson) throws IOException, InterruptedException {
    Path module = Files.createDirectories(dir.resolve("node_modules/cloudfront"));
    Files.writeString(module.resolve("package.json"), "{\"name\":\"cloudfront\",\"type\":\"module\",\"main\":\"index.js\"}");
    Files.writeString(module.resolve("index.js"), """
        export const calls = [];
        export default { updateRequestOrigin(origin) { calls.push(origin); } };
        """);
    Files.writeString(dir.resolve("router.mjs"), code + "\nexport { handler };\n");
    Files.writeString(dir.resolve("events.json"), eventsJson);
    Files.writeString(dir.resolve("run.mjs"), """
        import { readFileSync } from 'node:fs';
        import { handler } from './router.mjs';
        import { calls } from 'cloudfront';
        const events = JSON.parse(readFileSync('events.json', 'utf8'));
        const out = events.map((event) => {
          calls.length = 0;
          const request = handler(event);
          return { uri: request.uri, querystring: request.querystring, calls: calls.length, origin: calls[0] ?? null };
        });
        process.stdout.write(JSON.stringify(out));
        """);
    Process p = new ProcessBuilder("node", "run.mjs").directory(dir.toFile()).redirectErrorStream(true).start();
    p.getOutputStream().close();
    if (!p.waitFor(30, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node did not finish within 30 s");
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("node exit; output: %s", output).isZero();
    return MAPPER.readTree(output);
  }
}
