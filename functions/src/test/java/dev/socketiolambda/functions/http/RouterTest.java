package dev.socketiolambda.functions.http;

import static dev.socketiolambda.functions.http.HttpEvents.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.fanout.BroadcastRequest;
import dev.socketiolambda.functions.fanout.BroadcastResult;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RouterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record NewOrder(String item, int quantity) {}

  /** What the test app injects: a fake table. */
  static final class Orders {
    final List<String> items = new ArrayList<>();
  }

  private final Orders orders = new Orders();
  private final List<BroadcastRequest> broadcasts = new ArrayList<>();
  private final RouteContext<Orders> context = new RouteContext<>(
      () -> new Emitter((r, sink) -> {
        broadcasts.add(r);
        return new BroadcastResult(1, 1, 0, 0, 1);
      }, new InMemoryStateStore()), orders);

  private Router.Builder<Orders> routes() {
    return Router.<Orders>builder()
        .get("/orders/{id}", (req, ctx) -> HttpResponse.ok(Map.of("id", req.pathParameter("id"), "route", "one")))
        .get("/orders/latest", (req, ctx) -> HttpResponse.ok(Map.of("route", "latest")))
        .delete("/orders/{id}", (req, ctx) -> HttpResponse.noContent())
        .get("/files/{path+}", (req, ctx) -> HttpResponse.ok(Map.of("path", req.pathParameter("path"))))
        .post("/orders", (req, ctx) -> {
          NewOrder order = req.json(NewOrder.class);
          if (order.quantity() < 1) {
            throw HttpError.invalid("quantity", "must be at least 1");
          }
          ctx.app().items.add(order.item());
          ctx.emitter().to("orders").emit("order:created", Map.of("item", order.item()));
          return HttpResponse.created(Map.of("item", order.item()));
        })
        .post("/notes", (req, ctx) -> {
          JsonNode body = req.json();
          return HttpResponse.ok(Map.of("title", HttpRequest.requireText(body, "title", 10)));
        });
  }

  private APIGatewayV2HTTPResponse call(Router<Orders> router, HttpEvents event) {
    return router.handle(event.event(), context);
  }

  private static JsonNode body(APIGatewayV2HTTPResponse r) throws Exception {
    return JSON.readTree(r.getBody());
  }

  @Test
  void matchesTemplatesAndDecodesPathParameters() throws Exception {
    APIGatewayV2HTTPResponse r = call(routes().build(), request("GET", "/orders/a%20b"));
    assertThat(r.getStatusCode()).isEqualTo(200);
    assertThat(r.getHeaders()).containsEntry("content-type", "application/json");
    assertThat(body(r).get("id").asText()).isEqualTo("a b");
  }

  @Test
  void literalSegmentWinsOverParameterWhateverTheOrderOfDefinition() throws Exception {
    assertThat(body(call(routes().build(), request("GET", "/orders/latest"))).get("route").asText())
        .isEqualTo("latest");
  }

  @Test
  void greedyParameterTakesTheRestOfThePath() throws Exception {
    assertThat(body(call(routes().build(), request("GET", "/files/a/b/c.txt"))).get("path").asText())
        .isEqualTo("a/b/c.txt");
    assertThat(call(routes().build(), request("GET", "/files")).getStatusCode()).isEqualTo(404);
  }

  @Test
  void unknownPathAnswers404WithAJsonError() throws Exception {
    APIGatewayV2HTTPResponse r = call(routes().build(), request("GET", "/nothing/here"));
    assertThat(r.getStatusCode()).isEqualTo(404);
    assertThat(body(r).at("/error/code").asText()).isEqualTo("not_found");
    assertThat(body(r).at("/error/message").asText()).contains("/nothing/here");
    assertThat(call(routes().build(), request("GET", "/orders/1/extra")).getStatusCode()).isEqualTo(404);
    assertThat(call(routes().build(), request("GET", "/orders/")).getStatusCode()).isEqualTo(404);
  }

  @Test
  void wrongMethodAnswers405WithAllow() throws Exception {
    APIGatewayV2HTTPResponse r = call(routes().build(), request("PUT", "/orders/7"));
    assertThat(r.getStatusCode()).isEqualTo(405);
    assertThat(r.getHeaders().get("allow")).isEqualTo("GET, DELETE");
    assertThat(body(r).at("/error/code").asText()).isEqualTo("method_not_allowed");
  }

  @Test
  void jsonBodyIsBoundAndTheRouteSeesTheAppAndTheEmitter() throws Exception {
    APIGatewayV2HTTPResponse r = call(routes().build(),
        request("POST", "/orders").json("{\"item\":\"tea\",\"quantity\":2}"));
    assertThat(r.getStatusCode()).isEqualTo(201);
    assertThat(body(r).get("item").asText()).isEqualTo("tea");
    assertThat(orders.items).containsExactly("tea");
    assertThat(broadcasts).hasSize(1);
    assertThat(broadcasts.get(0).rooms()).containsExactly("orders");
    assertThat(broadcasts.get(0).frames().get(0)).isEqualTo("42[\"order:created\",{\"item\":\"tea\"}]");
  }

  @Test
  void validationErrorsNameTheField() throws Exception {
    Router<Orders> router = routes().build();
    JsonNode wrongType = body(call(router, request("POST", "/orders").json("{\"item\":\"tea\",\"quantity\":\"x\"}")));
    assertThat(wrongType.at("/error/code").asText()).isEqualTo("validation_failed");
    assertThat(wrongType.at("/error/field").asText()).isEqualTo("quantity");

    APIGatewayV2HTTPResponse unknown =
        call(router, request("POST", "/orders").json("{\"item\":\"t\",\"quantity\":1,\"colour\":1}"));
    assertThat(unknown.getStatusCode()).isEqualTo(400);
    assertThat(body(unknown).at("/error/field").asText()).isEqualTo("colour");

    APIGatewayV2HTTPResponse rule = call(router, request("POST", "/orders").json("{\"item\":\"t\",\"quantity\":0}"));
    assertThat(rule.getStatusCode()).isEqualTo(400);
    assertThat(body(rule).at("/error/message").asText()).isEqualTo("quantity: must be at least 1");

    JsonNode tooLong = body(call(router, request("POST", "/notes").json("{\"title\":\"far too long a title\"}")));
    assertThat(tooLong.at("/error/field").asText()).isEqualTo("title");
    JsonNode missing = body(call(router, request("POST", "/notes").json("{}")));
    assertThat(missing.at("/error/message").asText()).isEqualTo("title: is required");
    assertThat(orders.items).isEmpty();
  }

  @Test
  void bodiesThatAreNotJsonAnswer400Or415() throws Exception {
    Router<Orders> router = routes().build();
    APIGatewayV2HTTPResponse broken = call(router, request("POST", "/orders").json("{\"item\":"));
    assertThat(broken.getStatusCode()).isEqualTo(400);
    assertThat(body(broken).at("/error/message").asText()).isEqualTo("the body is not valid JSON");
    assertThat(call(router, request("POST", "/notes").json("{} trailing")).getStatusCode()).isEqualTo(400);
    assertThat(call(router, request("POST", "/orders").json("")).getStatusCode()).isEqualTo(400);
    APIGatewayV2HTTPResponse form = call(router, request("POST", "/orders").body("text/plain", "item=tea"));
    assertThat(form.getStatusCode()).isEqualTo(415);
    assertThat(body(form).at("/error/code").asText()).isEqualTo("unsupported_media_type");
  }

  @Test
  void oversizeBodiesAnswer413BeforeTheRouteRuns() throws Exception {
    Router<Orders> router = routes().maxBodyBytes(16).build();
    APIGatewayV2HTTPResponse r = call(router,
        request("POST", "/orders").json("{\"item\":\"a long item name\",\"quantity\":1}"));
    assertThat(r.getStatusCode()).isEqualTo(413);
    assertThat(body(r).at("/error/code").asText()).isEqualTo("payload_too_large");
    assertThat(call(router, request("POST", "/orders").binary("application/json", new byte[17])).getStatusCode())
        .isEqualTo(413);
    assertThat(orders.items).isEmpty();
  }

  @Test
  void typedErrorsCarryTheirStatusAndHeaders() throws Exception {
    Router<Orders> router = Router.<Orders>builder()
        .get("/401", (req, ctx) -> HttpResponse.ok(req.requirePrincipal().userId()))
        .get("/403", (req, ctx) -> {
          throw HttpError.forbidden("admins only");
        })
        .get("/409", (req, ctx) -> {
          throw HttpError.conflict("order 7 exists");
        })
        .get("/429", (req, ctx) -> {
          throw HttpError.tooManyRequests(Duration.ofMillis(2500));
        })
        .build();
    APIGatewayV2HTTPResponse unauthorized = call(router, request("GET", "/401"));
    assertThat(unauthorized.getStatusCode()).isEqualTo(401);
    assertThat(unauthorized.getHeaders()).containsEntry("www-authenticate", "Bearer");
    assertThat(call(router, request("GET", "/403")).getStatusCode()).isEqualTo(403);
    APIGatewayV2HTTPResponse conflict = call(router, request("GET", "/409"));
    assertThat(conflict.getStatusCode()).isEqualTo(409);
    assertThat(body(conflict).at("/error/message").asText()).isEqualTo("order 7 exists");
    APIGatewayV2HTTPResponse limited = call(router, request("GET", "/429"));
    assertThat(limited.getStatusCode()).isEqualTo(429);
    assertThat(limited.getHeaders()).containsEntry("retry-after", "3");
  }

  @Test
  void unexpectedFailuresAnswer500WithoutInternals() throws Exception {
    Router<Orders> router = Router.<Orders>builder()
        .get("/boom", (req, ctx) -> {
          throw new IllegalStateException("table secret-orders-prod is gone");
        })
        .get("/null", (req, ctx) -> null)
        .build();
    APIGatewayV2HTTPResponse r = call(router, request("GET", "/boom"));
    assertThat(r.getStatusCode()).isEqualTo(500);
    assertThat(r.getBody()).isEqualTo("{\"error\":{\"code\":\"internal_error\",\"message\":\"internal error\"}}");
    assertThat(call(router, request("GET", "/null")).getStatusCode()).isEqualTo(500);
  }

  @Test
  void readsQueryHeadersAndCookies() throws Exception {
    Router<Orders> router = Router.<Orders>builder()
        .get("/echo", (req, ctx) -> HttpResponse.ok(Map.of(
            "tags", req.query("tag").orElse("-"),
            "agent", req.header("User-Agent").orElse("-"),
            "session", req.cookie("session").orElse("-"),
            "ip", req.sourceIp())))
        .build();
    JsonNode b = body(call(router, request("GET", "/echo").query("tag", "a,b").header("user-agent", "curl/8")
        .cookies("session=s1", "theme=dark")));
    assertThat(b.get("tags").asText()).isEqualTo("a,b");
    assertThat(b.get("agent").asText()).isEqualTo("curl/8");
    assertThat(b.get("session").asText()).isEqualTo("s1");
    assertThat(b.get("ip").asText()).isEqualTo("203.0.113.7");
  }

  @Test
  void responsesCarryCookiesAndBinaryBodies() {
    Router<Orders> router = Router.<Orders>builder()
        .get("/login", (req, ctx) -> HttpResponse.noContent().withCookie("sid=abc; HttpOnly; Secure"))
        .get("/logo", (req, ctx) -> HttpResponse.bytes(200, "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
        .build();
    APIGatewayV2HTTPResponse login = call(router, request("GET", "/login"));
    assertThat(login.getStatusCode()).isEqualTo(204);
    assertThat(login.getCookies()).containsExactly("sid=abc; HttpOnly; Secure");
    APIGatewayV2HTTPResponse logo = call(router, request("GET", "/logo"));
    assertThat(logo.getIsBase64Encoded()).isTrue();
    assertThat(Base64.getDecoder().decode(logo.getBody())).containsExactly(0x89, 'P', 'N', 'G');
  }

  @Test
  void aNamedStageIsNotPartOfThePath() throws Exception {
    assertThat(body(call(routes().build(), request("GET", "/prod/orders/9").stage("prod"))).get("id").asText())
        .isEqualTo("9");
  }

  @Test
  void corsPreflightIsAnsweredByTheRouter() {
    Router<Orders> router = routes().cors(Cors.origins("https://app.example.com").credentials(true)
        .maxAge(Duration.ofMinutes(10))).build();
    APIGatewayV2HTTPResponse r = call(router, request("OPTIONS", "/orders/1")
        .header("origin", "https://app.example.com")
        .header("access-control-request-method", "DELETE")
        .header("access-control-request-headers", "authorization,content-type"));
    assertThat(r.getStatusCode()).isEqualTo(204);
    assertThat(r.getHeaders())
        .containsEntry("access-control-allow-origin", "https://app.example.com")
        .containsEntry("access-control-allow-credentials", "true")
        .containsEntry("access-control-allow-methods", "GET,HEAD,PUT,PATCH,POST,DELETE")
        .containsEntry("access-control-allow-headers", "authorization,content-type")
        .containsEntry("access-control-max-age", "600")
        .containsEntry("vary", "Origin");

    APIGatewayV2HTTPResponse stranger = call(router, request("OPTIONS", "/orders/1")
        .header("origin", "https://evil.example").header("access-control-request-method", "DELETE"));
    assertThat(stranger.getStatusCode()).isEqualTo(403);
    assertThat(stranger.getHeaders()).doesNotContainKey("access-control-allow-origin");

    assertThat(call(router, request("OPTIONS", "/nowhere").header("origin", "https://app.example.com")
        .header("access-control-request-method", "GET")).getStatusCode()).isEqualTo(404);
  }

  @Test
  void corsHeadersGoOnAnswersAndErrorsForAllowedOriginsOnly() {
    Router<Orders> router = routes().cors(Cors.anyOrigin().exposedHeaders("x-request-id")).build();
    APIGatewayV2HTTPResponse r = call(router, request("GET", "/orders/1").header("Origin", "https://a.example"));
    assertThat(r.getHeaders()).containsEntry("access-control-allow-origin", "*")
        .containsEntry("access-control-expose-headers", "x-request-id");
    APIGatewayV2HTTPResponse error = call(router, request("GET", "/nope").header("origin", "https://a.example"));
    assertThat(error.getStatusCode()).isEqualTo(404);
    assertThat(error.getHeaders()).containsEntry("access-control-allow-origin", "*");
    assertThat(call(router, request("GET", "/orders/1")).getHeaders()).doesNotContainKey("access-control-allow-origin");
    assertThat(call(routes().build(), request("GET", "/orders/1").header("origin", "https://a.example")).getHeaders())
        .doesNotContainKey("access-control-allow-origin");
  }

  @Test
  void withoutCorsAnOptionsRequestIsJustAMethodWithoutRoute() {
    APIGatewayV2HTTPResponse r = call(routes().build(), request("OPTIONS", "/orders/1")
        .header("origin", "https://a.example").header("access-control-request-method", "GET"));
    assertThat(r.getStatusCode()).isEqualTo(405);
  }

  @Test
  void principalComesFromTheAuthenticatorSeam() throws Exception {
    Router<Orders> router = Router.<Orders>builder()
        .authenticator(Authenticator.gatewayJwtClaims("roles"))
        .get("/me", (req, ctx) -> {
          Principal p = req.requirePrincipal();
          if (!p.hasRole("admin")) {
            throw HttpError.forbidden("admins only");
          }
          return HttpResponse.ok(Map.of("sub", p.userId(), "roles", p.roles().size()));
        })
        .build();
    JsonNode me = body(call(router, request("GET", "/me").claims(Map.of("sub", "u1", "roles", "[admin support]"))));
    assertThat(me.get("sub").asText()).isEqualTo("u1");
    assertThat(me.get("roles").asInt()).isEqualTo(2);
    assertThat(call(router, request("GET", "/me").claims(Map.of("sub", "u2", "roles", "[support]"))).getStatusCode())
        .isEqualTo(403);
    assertThat(call(router, request("GET", "/me")).getStatusCode()).isEqualTo(401);

    Router<Orders> failing = Router.<Orders>builder()
        .authenticator(req -> {
          if (req.header("authorization").isPresent()) {
            throw HttpError.unauthorized("the token has expired");
          }
          return Optional.empty();
        })
        .get("/open", (req, ctx) -> HttpResponse.ok(Map.of("anonymous", req.principal().isEmpty())))
        .build();
    assertThat(body(call(failing, request("GET", "/open"))).get("anonymous").asBoolean()).isTrue();
    APIGatewayV2HTTPResponse expired = call(failing, request("GET", "/open").header("authorization", "Bearer x"));
    assertThat(expired.getStatusCode()).isEqualTo(401);
    assertThat(body(expired).at("/error/message").asText()).isEqualTo("the token has expired");
  }

  @Test
  void badTemplatesAndDuplicatesAreRefusedAtBuildTime() {
    assertThatThrownBy(() -> Router.builder().get("orders", (req, ctx) -> null))
        .hasMessageContaining("must start with '/'");
    assertThatThrownBy(() -> Router.builder().get("/a/{id}/{id}", (req, ctx) -> null))
        .hasMessageContaining("appears twice");
    assertThatThrownBy(() -> Router.builder().get("/a/{rest+}/b", (req, ctx) -> null))
        .hasMessageContaining("last segment");
    assertThatThrownBy(() -> Router.builder().get("/a/x{id}", (req, ctx) -> null))
        .hasMessageContaining("whole segment");
    assertThatThrownBy(() -> Router.builder().get("/a", (req, ctx) -> null).get("/a", (req, ctx) -> null))
        .hasMessageContaining("defined twice");
  }

  @Test
  void theHandlerDelegatesToTheRouter() {
    HttpHandler handler = new HttpHandler(routes().build(), context);
    assertThat(handler.handleRequest(request("GET", "/orders/3").event(), null).getStatusCode()).isEqualTo(200);
  }
}
