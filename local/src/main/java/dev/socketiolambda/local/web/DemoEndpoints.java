package dev.socketiolambda.local.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.bundle.LocalDemo.DemoUser;
import dev.socketiolambda.local.auth.LocalTokens;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON endpoints of an application's demo page, the same for every app: {@code /config.json}
 * (where to connect, who can log in) and {@code /demo/token?user=ID[&alg=RS256]} (a token for a demo
 * user, minted with the stack's {@link LocalTokens}: {@code sub}, {@code name}, {@code roles}).
 */
public final class DemoEndpoints {
  /** How long a demo token lives. */
  public static final Duration TOKEN_TTL = Duration.ofHours(12);

  private final Map<String, DemoUser> users = new LinkedHashMap<>();
  private final LocalTokens tokens;
  private final String websocketUrl;

  public DemoEndpoints(List<DemoUser> users, LocalTokens tokens, String websocketUrl) {
    users.forEach(u -> this.users.put(u.id(), u));
    this.tokens = tokens;
    this.websocketUrl = websocketUrl;
  }

  public Map<String, Function<Map<String, String>, DemoPage.JsonResponse>> all() {
    return Map.of("/config.json", q -> config(), "/demo/token", this::token);
  }

  private DemoPage.JsonResponse config() {
    ObjectNode names = Json.object();
    users.values().forEach(u -> names.put(u.id(), u.name()));
    return new DemoPage.JsonResponse(200, Json.write(Json.object().put("websocketUrl", websocketUrl)
        .set("users", names)));
  }

  /** A token for a demo user; an unknown user or algorithm is a 400 naming what is accepted. */
  private DemoPage.JsonResponse token(Map<String, String> query) {
    String id = query.getOrDefault("user", "");
    DemoUser user = users.get(id);
    if (user == null) {
      throw new IllegalArgumentException("unknown demo user '" + id + "': pick one of "
          + String.join(", ", users.keySet()));
    }
    String token = tokens.mint(query.getOrDefault("alg", "HS256"), user.id(), user.roles(),
        Map.of("name", user.name()), TOKEN_TTL);
    return new DemoPage.JsonResponse(200, Json.write(Json.object().put("userId", user.id()).put("name", user.name())
        .put("token", token)));
  }
}
