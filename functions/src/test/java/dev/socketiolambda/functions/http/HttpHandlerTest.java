package dev.socketiolambda.functions.http;

import dev.socketiolambda.functions.observability.EmfLines;
import static dev.socketiolambda.functions.http.HttpEvents.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.bundle.AppBundle;
import dev.socketiolambda.functions.bundle.AppContext;
import dev.socketiolambda.functions.server.Emitter;
import dev.socketiolambda.functions.store.InMemoryStateStore;
import dev.socketiolambda.functions.handler.Runtime;
import dev.socketiolambda.functions.handler.RuntimeBuilder;
import dev.socketiolambda.functions.handler.Settings;
import dev.socketiolambda.functions.server.SocketIoApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpHandlerTest {

  /** An application's HTTP side, as its bundle gives it. */
  public static final class GreetingApp implements HttpApp<String> {
    @Override
    public String dependencies() {
      return "hello";
    }

    @Override
    public Router<String> router() {
      return Router.<String>builder()
          .get("/greet/{name}",
              (req, ctx) -> HttpResponse.ok(Map.of("text", ctx.app() + " " + req.pathParameter("name"))))
          .build();
    }
  }

  @Test
  void takesTheRoutesOfTheRuntimesBundleAndGivesThemTheirDependencies() {
    HttpHandler handler = new HttpHandler(runtime(new GreetingApp()));
    assertThat(handler.handleRequest(request("GET", "/greet/ada").event(), null).getBody())
        .isEqualTo("{\"text\":\"hello ada\"}");
  }

  @Test
  void theEmitterIsBuiltOnFirstUseOnly() {
    HttpHandler handler = new HttpHandler(new GreetingApp(), () -> {
      throw new AssertionError("the emitter is built on first use only");
    });
    assertThat(handler.handleRequest(request("GET", "/greet/ada").event(), null).getStatusCode()).isEqualTo(200);
  }

  @Test
  void aBundleWithoutRoutesFailsWithItsNameAndWhatIsMissing() {
    assertThatThrownBy(() -> new HttpHandler(runtime(null)))
        .hasMessage("the application greetings has no HTTP routes: its AppBundle's httpApp(context) returns null");
  }

  private static Runtime runtime(HttpApp<?> routes) {
    AppBundle bundle = new AppBundle() {
      @Override
      public String name() {
        return "greetings";
      }

      @Override
      public String description() {
        return "greetings over HTTP";
      }

      @Override
      public SocketIoApp createApp(AppContext context) {
        return io -> { };
      }

      @Override
      public HttpApp<?> httpApp(AppContext context) {
        return routes;
      }
    };
    return RuntimeBuilder.of(Settings.from(Map.of("DYNAMODB_ENDPOINT", "http://127.0.0.1:1"))).bundle(bundle).build();
  }

  @Test
  void theEmitterSupplierRunsOnceWhateverTheNumberOfEmits() {
    int[] built = new int[1];
    RouteContext<Void> ctx = new RouteContext<>(() -> {
      built[0]++;
      return new Emitter((r, sink) -> null, new InMemoryStateStore());
    }, null);
    assertThat(ctx.emitter()).isSameAs(ctx.emitter());
    assertThat(built[0]).isEqualTo(1);
  }

  @Test
  void writesOneInvocationLineNamingTheRouteButNotTheRequestsValues() {
    EmfLines emf = new EmfLines();
    HttpHandler handler = new HttpHandler(new GreetingApp(), () -> null, emf.log());
    var event = request("GET", "/greet/SECRET-NAME").event();
    event.setRouteKey("GET /greet/{name}");

    assertThat(handler.handleRequest(event, null).getStatusCode()).isEqualTo(200);

    var line = emf.single();
    assertThat(line.path("Function").asText()).isEqualTo("http");
    assertThat(line.path("event").asText()).isEqualTo("GET /greet/{name}");
    assertThat(line.path("HttpServerErrors").asLong()).isZero();
    assertThat(emf.lines.get(0)).doesNotContain("SECRET");
  }
}
