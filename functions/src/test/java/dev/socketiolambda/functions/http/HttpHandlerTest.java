package dev.socketiolambda.functions.http;

import static dev.socketiolambda.functions.http.HttpEvents.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.socketiolambda.functions.fanout.Emitter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpHandlerTest {

  /** An application as SOCKETIO_HTTP_APP names it. */
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
  void loadsTheAppNamedByClassAndGivesRoutesItsDependencies() {
    HttpApp<?> app = HttpHandler.loadApp(GreetingApp.class.getName());
    HttpHandler handler = new HttpHandler(app, () -> {
      throw new AssertionError("the emitter is built on first use only");
    });
    assertThat(handler.handleRequest(request("GET", "/greet/ada").event(), null).getBody())
        .isEqualTo("{\"text\":\"hello ada\"}");
  }

  @Test
  void aMissingOrWrongAppClassFailsWithTheVariableNamed() {
    assertThatThrownBy(() -> HttpHandler.loadApp(null)).hasMessageContaining("SOCKETIO_HTTP_APP must name");
    assertThatThrownBy(() -> HttpHandler.loadApp("java.lang.String"))
        .hasMessageContaining("it must be a public HttpApp with a public no-argument constructor");
    assertThatThrownBy(() -> HttpHandler.loadApp("no.such.App")).hasMessageContaining("no.such.App");
  }

  @Test
  void theEmitterSupplierRunsOnceWhateverTheNumberOfEmits() {
    int[] built = new int[1];
    RouteContext<Void> ctx = new RouteContext<>(() -> {
      built[0]++;
      return new Emitter((r, sink) -> null);
    }, null);
    assertThat(ctx.emitter()).isSameAs(ctx.emitter());
    assertThat(built[0]).isEqualTo(1);
  }
}
