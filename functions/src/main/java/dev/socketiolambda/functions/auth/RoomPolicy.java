package dev.socketiolambda.functions.auth;

import dev.socketiolambda.functions.server.EventError;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.protocol.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which principals may use which rooms when the room name comes from client input (a join, a
 * broadcast target). Rules are room templates tried in order; the first whose shape matches the room
 * decides:
 *
 * <ul>
 *   <li>{@code allow("user:{sub}")}: rooms {@code user:X} only for the principal whose {@code sub} is X;
 *       {@code allow("role:{roles}")}: {@code role:admin} only for admins; {@code {userId}}, {@code {roles}} or
 *       any claim kept in {@code socket.data} (an array claim: any of its values). A placeholder matches
 *       one segment without {@code ':'}; {@code *} matches the rest.</li>
 *   <li>{@code allow("channel:*")}: any authenticated socket; {@code deny("system:*")}: nobody.</li>
 * </ul>
 *
 * Rooms no rule matches get the default: {@link #denyByDefault()} or {@link #allowByDefault()}.
 */
public final class RoomPolicy {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_:.\\-]+)}|\\*");

  private record Rule(String template, Pattern shape, List<String> names, boolean allow) {}

  private final List<Rule> rules;
  private final boolean allowByDefault;

  private RoomPolicy(List<Rule> rules, boolean allowByDefault) {
    this.rules = List.copyOf(rules);
    this.allowByDefault = allowByDefault;
  }

  /** No rules yet; rooms that match none are refused. */
  public static RoomPolicy denyByDefault() {
    return new RoomPolicy(List.of(), false);
  }

  /** No rules yet; rooms that match none are allowed. */
  public static RoomPolicy allowByDefault() {
    return new RoomPolicy(List.of(), true);
  }

  /** Adds a rule: rooms of this shape only where the placeholders equal the principal's values. */
  public RoomPolicy allow(String template) {
    return with(template, true);
  }

  /** Adds a rule: rooms of this shape for nobody. */
  public RoomPolicy deny(String template) {
    return with(template, false);
  }

  /** Whether {@code principal} (null: not authenticated) may use {@code room}. */
  public boolean allows(Principal principal, String room) {
    if (room == null || room.isEmpty()) {
      return false;
    }
    for (Rule rule : rules) {
      Matcher m = rule.shape.matcher(room);
      if (!m.matches()) {
        continue;
      }
      if (!rule.allow) {
        return false;
      }
      for (int i = 0; i < rule.names.size(); i++) {
        if (principal == null || !principal.values(rule.names.get(i)).contains(m.group(i + 1))) {
          return false;
        }
      }
      return true;
    }
    return allowByDefault;
  }

  /**
   * Refuses a room the principal may not use.
   *
   * @throws EventError {@code you may not use room '<room>'} with {@code data: {code: "FORBIDDEN", room}}
   */
  public void check(Principal principal, String room) {
    if (!allows(principal, room)) {
      throw new EventError("you may not use room '" + room + "'", Json.object().put("code", "FORBIDDEN")
          .put("room", room));
    }
  }

  /** Joins the socket to these rooms after checking every one against its principal ({@link SocketAuth#principal}). */
  public void join(Socket socket, String... rooms) {
    Principal principal = SocketAuth.principal(socket);
    for (String room : rooms) {
      check(principal, room);
    }
    socket.join(rooms);
  }

  /** These broadcast targets after checking every one, for {@code socket.to(policy.targets(socket, rooms))}. */
  public String[] targets(Socket socket, String... rooms) {
    Principal principal = SocketAuth.principal(socket);
    for (String room : rooms) {
      check(principal, room);
    }
    return rooms.clone();
  }

  private RoomPolicy with(String template, boolean allow) {
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(template);
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start())));
      if (m.group(1) == null) {
        regex.append(".*");
      } else {
        regex.append("([^:]+)");
        names.add(m.group(1));
      }
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    if (!allow && !names.isEmpty()) {
      throw new IllegalArgumentException("deny(" + template + "): a deny rule takes no placeholders, use *");
    }
    List<Rule> more = new ArrayList<>(rules);
    more.add(new Rule(template, Pattern.compile(regex.toString()), List.copyOf(names), allow));
    return new RoomPolicy(more, allowByDefault);
  }
}
