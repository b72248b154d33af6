package dev.socketiolambda.examples.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.Principal;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.http.Authenticator;
import dev.socketiolambda.functions.http.Cors;
import dev.socketiolambda.functions.http.HttpError;
import dev.socketiolambda.functions.http.HttpRequest;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.Route;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.functions.server.Socket;
import dev.socketiolambda.protocol.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The HTTP routes the seed's REST controllers drive (see the README): the ticket lifecycle, counters,
 * services, the dashboard's first picture and the seed's utilities as admin routes. Writes go to the
 * domain tables and their stream rules broadcast; only {@code systemNotification} is emitted directly.
 */
final class QueueRoutes {
  private static final Set<String> PRIORITIES = Set.of("normal", "high");
  private static final Pattern PREFIX = Pattern.compile("[A-Z]{1,4}");

  private QueueRoutes() {}

  static Router<QueueStore> router(QueueConfig config) {
    Cors cors = (config.anyOrigin() ? Cors.anyOrigin() : Cors.origins(config.corsOrigins().toArray(String[]::new)))
        .methods("GET", "POST", "PUT").allowedHeaders("Content-Type", "Authorization").maxAge(Duration.ofHours(1));
    return Router.<QueueStore>builder()
        .cors(cors)
        .authenticator(Authenticator.bearer(TokenVerifier.of(config.auth())))
        // tickets: a customer (or staff on someone's behalf is not a seed feature) takes one
        .post("/api/tickets", (req, ctx) -> {
          Principal me = req.requirePrincipal();
          JsonNode body = req.json();
          String serviceType = text(body, "serviceType", Rooms.SERVICE_TYPE);
          String priority = body.hasNonNull("priority") ? body.path("priority").asText() : "normal";
          if (!PRIORITIES.contains(priority)) {
            throw HttpError.invalid("priority", "priority must be one of " + PRIORITIES);
          }
          return HttpResponse.created(refusing(() -> ctx.app().take(serviceType, me.userId(), priority)));
        })
        .get("/api/tickets/{ticketId}", (req, ctx) -> {
          Principal me = req.requirePrincipal();
          ObjectNode ticket = refusing(() -> ctx.app().ticket(req.pathParameter("ticketId")))
              .orElseThrow(() -> HttpError.notFound("no ticket " + req.pathParameter("ticketId")));
          if (!Roles.isStaff(me) && !me.userId().equals(ticket.path("userId").asText())) {
            throw HttpError.notFound("no ticket " + req.pathParameter("ticketId")); // others' tickets do not leak
          }
          return HttpResponse.ok(ticket);
        })
        .post("/api/tickets/{ticketId}/serve", staff((req, ctx) -> {
          String counterId = text(req.json(), "counterId", Rooms.ID);
          return HttpResponse.ok(refusing(() -> ctx.app().serve(req.pathParameter("ticketId"), counterId)));
        }))
        .post("/api/tickets/{ticketId}/complete", staff((req, ctx) ->
            HttpResponse.ok(refusing(() -> ctx.app().complete(req.pathParameter("ticketId"))))))
        // counters
        .post("/api/counters/{counterId}/call-next", staff((req, ctx) ->
            HttpResponse.ok(refusing(() -> ctx.app().callNext(id(req, "counterId"))))))
        .post("/api/counters/{counterId}/open", staff((req, ctx) ->
            HttpResponse.ok(refusing(() -> ctx.app().setOpen(id(req, "counterId"), true)))))
        .post("/api/counters/{counterId}/close", staff((req, ctx) ->
            HttpResponse.ok(refusing(() -> ctx.app().setOpen(id(req, "counterId"), false)))))
        .put("/api/counters/{counterId}", admin((req, ctx) -> {
          JsonNode body = req.json();
          String counterId = id(req, "counterId");
          String name = HttpRequest.requireText(body, "counterName", 64);
          String serviceType = text(body, "serviceType", Rooms.SERVICE_TYPE);
          boolean created = refusing(() -> ctx.app().createCounter(counterId, name, serviceType));
          ObjectNode counter = ctx.app().counter(counterId).orElseThrow();
          return created ? HttpResponse.created(counter) : HttpResponse.ok(counter);
        }))
        // services and the dashboard
        .get("/api/services", (req, ctx) -> {
          req.requirePrincipal();
          return HttpResponse.ok(Json.object().set("services", array(ctx.app().services())));
        })
        .get("/api/services/{serviceType}", (req, ctx) -> {
          req.requirePrincipal();
          String serviceType = req.pathParameter("serviceType");
          return HttpResponse.ok(ctx.app().service(serviceType)
              .orElseThrow(() -> HttpError.notFound("no service " + serviceType)));
        })
        .put("/api/services/{serviceType}", admin((req, ctx) -> {
          String serviceType = req.pathParameter("serviceType");
          if (!Rooms.SERVICE_TYPE.matcher(serviceType).matches()) {
            throw HttpError.invalid("serviceType", "serviceType must match " + Rooms.SERVICE_TYPE.pattern());
          }
          JsonNode body = req.bodyLength() == 0 ? Json.object() : req.json();
          String prefix = body.hasNonNull("prefix") ? body.path("prefix").asText() : defaultPrefix(serviceType);
          if (!PREFIX.matcher(prefix).matches()) {
            throw HttpError.invalid("prefix", "prefix must be 1 to 4 capital letters");
          }
          boolean created = ctx.app().createService(serviceType, prefix);
          ObjectNode service = ctx.app().service(serviceType).orElseThrow();
          return created ? HttpResponse.created(service) : HttpResponse.ok(service);
        }))
        .get("/api/dashboard", staff((req, ctx) -> HttpResponse.ok(Json.object()
            .<ObjectNode>set("services", array(ctx.app().services()))
            .set("counters", array(ctx.app().counters())))))
        // the seed's utilities (broadcastToAll, getConnectedClientsCount, getClientInfo), for admins
        .post("/api/admin/notifications", admin((req, ctx) -> {
          String message = HttpRequest.requireText(req.json(), "message", 500);
          ObjectNode notification = Json.object().put("message", message)
              .put("timestamp", QueueStore.iso(System.currentTimeMillis()));
          int recipients = ctx.emitter().emit("systemNotification", notification).recipients();
          return HttpResponse.ok(Json.object().put("success", true).put("recipients", recipients));
        }))
        .get("/api/admin/clients/count", admin((req, ctx) ->
            HttpResponse.ok(Json.object().put("count", ctx.emitter().countSockets()))))
        .get("/api/admin/clients/{socketId}", admin((req, ctx) -> {
          String socketId = req.pathParameter("socketId");
          List<Socket> found = ctx.emitter().in(socketId).fetchSockets().stream()
              .filter(s -> s.id().equals(socketId)).toList();
          if (found.isEmpty()) {
            throw HttpError.notFound("no connected socket " + socketId);
          }
          return HttpResponse.ok(clientInfo(found.get(0)));
        }))
        .build();
  }

  /** The seed's client info: id, clientId, connectedAt, rooms, userRole, userId, counterId, serviceType, userAgent, language, timezone. */
  static ObjectNode clientInfo(Socket socket) {
    ObjectNode info = Json.object().put("id", socket.id());
    JsonNode data = socket.data();
    info.set("clientId", data.get("clientId"));
    ArrayNode rooms = Json.array();
    socket.rooms().stream().filter(r -> !r.equals(socket.id())).sorted().forEach(rooms::add);
    info.set("rooms", rooms);
    for (String f : List.of("connectedAt", "userRole", "userId", "counterId", "serviceType", "userAgent", "language",
        "timezone")) {
      if (data.hasNonNull(f)) {
        info.set(f, data.get(f));
      }
    }
    return info;
  }

  private static Route<QueueStore> staff(Route<QueueStore> route) {
    return (req, ctx) -> {
      if (!Roles.isStaff(req.requirePrincipal())) {
        throw HttpError.forbidden("staff or admins only");
      }
      return route.handle(req, ctx);
    };
  }

  private static Route<QueueStore> admin(Route<QueueStore> route) {
    return (req, ctx) -> {
      if (!req.requirePrincipal().hasRole(Roles.ADMIN)) {
        throw HttpError.forbidden("admins only");
      }
      return route.handle(req, ctx);
    };
  }

  /** The first three letters of the service type in capitals ({@code Finance}: {@code FIN}), or {@code T}. */
  static String defaultPrefix(String serviceType) {
    String letters = serviceType.replaceAll("[^A-Za-z]", "").toUpperCase();
    return letters.isEmpty() ? "T" : letters.substring(0, Math.min(3, letters.length()));
  }

  private static String text(JsonNode body, String field, Pattern shape) {
    String v = HttpRequest.requireText(body, field, 128);
    if (!shape.matcher(v).matches()) {
      throw HttpError.invalid(field, field + " must match " + shape.pattern());
    }
    return v;
  }

  private static String id(HttpRequest req, String name) {
    String v = req.pathParameter(name);
    if (!Rooms.ID.matcher(v).matches()) {
      throw HttpError.invalid(name, name + " must match " + Rooms.ID.pattern());
    }
    return v;
  }

  private static <T> T refusing(java.util.function.Supplier<T> operation) {
    try {
      return operation.get();
    } catch (QueueStore.Refused e) {
      throw e.status() == 404 ? HttpError.notFound(e.getMessage()) : HttpError.conflict(e.getMessage());
    }
  }

  private static ArrayNode array(List<ObjectNode> nodes) {
    ArrayNode a = Json.array();
    nodes.forEach(a::add);
    return a;
  }
}
