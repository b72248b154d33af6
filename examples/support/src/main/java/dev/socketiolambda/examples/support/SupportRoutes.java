package dev.socketiolambda.examples.support;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.socketiolambda.functions.auth.TokenVerifier;
import dev.socketiolambda.functions.http.Authenticator;
import dev.socketiolambda.functions.http.Cors;
import dev.socketiolambda.functions.http.HttpApp;
import dev.socketiolambda.functions.http.HttpError;
import dev.socketiolambda.functions.http.HttpRequest;
import dev.socketiolambda.functions.http.HttpResponse;
import dev.socketiolambda.functions.http.Route;
import dev.socketiolambda.functions.http.Router;
import dev.socketiolambda.protocol.json.Json;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The seed's REST controllers ({@code controllers/vendor-support-query.js}) as HTTP routes. They only
 * write: the stream rules turn the writes into {@code newSupportQuery} and {@code queryMarkedAsRead}.
 *
 * <ul>
 *   <li>{@code POST /vendor-support-queries} ({@code createSupportQuery}): a vendor opens a query</li>
 *   <li>{@code PATCH /vendor-support-queries/{queryId}/read} ({@code markQueryAsRead})</li>
 *   <li>{@code GET /vendor-support-queries} and {@code GET /vendor-support-queries/{queryId}}: what the
 *       caller may see</li>
 * </ul>
 *
 * Every route needs {@code Authorization: Bearer <token>} (the same tokens as the sockets).
 */
public final class SupportRoutes {
  static final String BASE = "/vendor-support-queries";

  private SupportRoutes() {}

  /** What the routes use: the store and the page size. */
  public record Deps(QueryStore store, int pageSize) {}

  public static HttpApp<Deps> httpApp(SupportConfig config, DynamoDbClient dynamo, LongSupplier clock) {
    return HttpApp.of(new Deps(new QueryStore(dynamo, config.table(), config.queriesTable(), clock),
        config.historyPage()), router(TokenVerifier.of(config.auth(), clock)));
  }

  static Router<Deps> router(TokenVerifier verifier) {
    return Router.<Deps>builder()
        // the demo page is served from another origin locally; tokens travel in a header, never cookies
        .cors(Cors.anyOrigin())
        .authenticator(Authenticator.bearer(verifier))
        .post(BASE, refusals((req, ctx) -> {
          Actor me = actor(req);
          Input in = Input.of(req.json());
          String vendorId = me.userId();
          String vendorName = me.name();
          if (me.staff()) {
            if (!Actor.ADMIN.equals(me.role())) {
              throw HttpError.forbidden("support staff answer queries; vendors (or admins for them) open them");
            }
            vendorId = in.text("vendorId", 64); // an admin opens a query for a vendor
            vendorName = vendorId;
          } else {
            in.claimed("vendorId", me.userId());
          }
          String subject = in.text("subject", Input.MAX_SUBJECT);
          String message = in.text("message", Input.MAX_CONTENT);
          return HttpResponse.created(ctx.app().store().create(vendorId, vendorName, subject, message, me));
        }))
        .patch(BASE + "/{queryId}/read", refusals((req, ctx) -> {
          Actor me = actor(req);
          String queryId = queryId(req);
          return HttpResponse.ok(ctx.app().store().markRead(queryId, me));
        }))
        .get(BASE, refusals((req, ctx) -> {
          Actor me = actor(req);
          int limit = ctx.app().pageSize();
          String l = req.query("limit").orElse(null);
          if (l != null) {
            if (!l.matches("[0-9]{1,3}") || Integer.parseInt(l) < 1 || Integer.parseInt(l) > SupportConfig.MAX_PAGE) {
              throw HttpError.invalid("limit", "must be an integer from 1 to " + SupportConfig.MAX_PAGE);
            }
            limit = Integer.parseInt(l);
          }
          String cursor = req.query("cursor").orElse(null);
          if (cursor != null && !cursor.matches("[0-9TZ:.-]{1,40}#[A-Za-z0-9_-]{1,64}")) {
            throw HttpError.invalid("cursor", "must be a nextCursor of an earlier page");
          }
          QueryStore.Page page = ctx.app().store().list(me, limit, cursor);
          ArrayNode queries = Json.array();
          page.items().forEach(queries::add);
          ObjectNode body = Json.object().set("queries", queries);
          return HttpResponse.ok(body.put("nextCursor", page.nextCursor()));
        }))
        .get(BASE + "/{queryId}", refusals((req, ctx) -> {
          Actor me = actor(req);
          String queryId = queryId(req);
          return HttpResponse.ok(ctx.app().store().query(queryId).filter(q -> me.mayUse(q.path("vendorId").asText()))
              .orElseThrow(() -> HttpError.notFound("no support query " + queryId)));
        }))
        .build();
  }

  private static Actor actor(HttpRequest req) {
    Actor me = Actor.of(req.requirePrincipal());
    if (me == null) {
      throw HttpError.forbidden("the token's roles must include vendor, support or admin");
    }
    return me;
  }

  private static String queryId(HttpRequest req) {
    String id = req.pathParameter("queryId");
    if (id == null || !Input.QUERY_ID.matcher(id).matches()) {
      throw HttpError.invalid("queryId", "must be 1-64 letters, digits, '-' or '_'");
    }
    return id;
  }

  /** The socket side's refusals as HTTP errors: VALIDATION 400, FORBIDDEN 403, NOT_FOUND 404. */
  private static Route<Deps> refusals(Route<Deps> route) {
    return (req, ctx) -> {
      try {
        return route.handle(req, ctx);
      } catch (SupportError e) {
        throw switch (e.code()) {
          case SupportError.VALIDATION -> HttpError.of(400, "validation_failed", e.getMessage());
          case SupportError.FORBIDDEN -> HttpError.forbidden(e.getMessage());
          case SupportError.NOT_FOUND -> HttpError.notFound(e.getMessage());
          default -> e;
        };
      }
    };
  }
}
