package dev.socketiolambda.local.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketiolambda.local.LocalOptions;
import dev.socketiolambda.local.LocalStack;
import dev.socketiolambda.local.apps.AdminBasicDemoBundle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The admin UI namespace on the local stack with real socket.io clients (npm): the admin client
 * authenticates with a JWT holding the admin role, sees the other clients and their rooms, and its
 * {@code _disconnect} action disconnects a client; without credentials it is refused. It gets
 * {@code socket_updated} when a listener changes {@code socket.data}, {@code event_sent} for the
 * emits of the app's schedule (the runtime's emitter) and {@code aggregatedEvents} in the periodic
 * {@code server_stats}.
 */
class AdminUiIT {
  private static final Path SCRIPT = Path.of("local/src/test/node/admin-ui.js");

  @Test
  void theAdminClientSeesRealClientsAndDisconnectsOne() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("admin-demo").withPort(0))) {
      String admin = stack.tokens().mint("HS256", "operator", List.of("admin"), Map.of(), Duration.ofMinutes(5));
      String user = stack.tokens().mint("HS256", "someone", List.of("user"), Map.of(), Duration.ofMinutes(5));

      Node.Result r = Node.run(SCRIPT, List.of(stack.websocketUrl()), Map.of("ADMIN_TOKEN", admin, "USER_TOKEN", user),
          120);

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"reason\":\"io server disconnect\"")
          .contains("\"anonymous\":\"invalid credentials\"").contains("\"arrived\":true").contains("\"polledTransport\":\"polling\"").contains("\"pollingClientsCount\":1").contains("\"periodicStats\":")
          .contains("\"socketUpdated\":{\"remembered\":{\"color\":\"blue\"}}").contains("\"headline\":\"headline\"")
          .contains("\"aggregated\":{\"rawConnection\":");
    }
  }

  @Test
  void theLocalStackServesTheOfficialAdminUiPage() throws Exception {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("admin-demo").withPort(0))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String base = "http://127.0.0.1:" + stack.port();

      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/admin-ui/")).build(),
          HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> bare = http.send(HttpRequest.newBuilder(URI.create(base + "/admin-ui")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body()).contains("<title>Socket.IO Admin UI</title>");
      assertThat(bare.statusCode()).isEqualTo(302);
      assertThat(bare.headers().firstValue("location")).hasValue("/admin-ui/");
    }
  }

  /**
   * The official page in Chromium lists a real client with its rooms (a room joined while it looks
   * too), shows the app's broadcast and the emits of its schedule (the runtime's emitter) in its
   * events view, the client's {@code socket.data} changed while it looks on its details page
   * ({@code socket_updated}), and its disconnect button disconnects the client. Needs Debian's Chromium ({@code /usr/bin/chromium}); without it the test fails, it is
   * never skipped.
   */
  @Test
  void theOfficialAdminUiPageInChromiumListsRoomsShowsABroadcastAndDisconnectsAClient() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("admin-demo").withPort(0))) {
      String admin = stack.tokens().mint("HS256", "operator", List.of("admin"), Map.of(), Duration.ofMinutes(5));

      Node.Result r = Node.run(Path.of("local/src/test/node/admin-ui-browser.js"),
          List.of(stack.websocketUrl(), "http://127.0.0.1:" + stack.port()), Map.of("ADMIN_TOKEN", admin), 180);

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"listed\":").contains("\"rooms\":[\"red\",\"green\"]")
          .contains("\"broadcast\":\"room-message\"").contains("\"reason\":\"io server disconnect\"")
          .contains("\"fromEmitter\":\"headline\"").contains("\"dataShown\":\"curious\"");
    }
  }

  /** The official page's login form with the official basic auth (bcrypt hash), then a reload with its session. */
  @Test
  void theOfficialAdminUiPageLogsInWithBasicAuthAndKeepsItsSession() {
    try (LocalStack stack = LocalStack.start(LocalOptions.forApp("admin-basic-demo").withPort(0))) {
      Node.Result r = Node.run(Path.of("local/src/test/node/admin-ui-login.js"),
          List.of(stack.websocketUrl(), "http://127.0.0.1:" + stack.port()),
          Map.of("ADMIN_PASSWORD", AdminBasicDemoBundle.PASSWORD), 180);

      assertThat(r.exitCode()).as(r.describe()).isZero();
      assertThat(r.stdout()).as(r.describe()).contains("\"loggedIn\":true").contains("\"reloadedWithSession\":true");
    }
  }
}
