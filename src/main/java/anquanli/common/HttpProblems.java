package anquanli.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * Problem documents for the refusals made by the HTTP layer below the resources, which {@link ProblemMapper} never
 * sees: Quarkus's body size limit (it answers 413 with an empty body), the router's 400 for a query string that does
 * not decode and its 404 for a request target that is not a path, and any other 4xx a Vert.x handler fails a request
 * with. Server errors there are left to Quarkus, which logs them.
 * <p>
 * Below this layer, Netty's HTTP codec refuses what is not HTTP at all (NUL or control characters in the request line
 * or a header, an invalid Content-Length, a request line over 4 KB or headers over 20 KB) with a bare 400, 414 or 431
 * and closes the connection: Quarkus offers no hook into that (Vert.x's HttpServer#invalidRequestHandler, which it
 * does not expose), and no HTTP client library sends such requests. Nor into Quarkus's root handler, which answers a
 * bare 400 to a request target that is not a URI (an invalid {@code %} escape, raw non-ASCII bytes).
 * <p>
 * An empty {@code Accept} header is removed here: it means what no header means (anything), but RESTEasy fails to
 * parse it when it chooses between two representations of a response.
 */
@ApplicationScoped
public class HttpProblems {

    private final ObjectMapper json;
    private final long maxBodySize;

    HttpProblems(ObjectMapper json,
                 @ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> maxBodySize) {
        this.json = json;
        this.maxBodySize = maxBodySize.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
    }

    void install(@Observes Router router) {
        // Ahead of Quarkus's own check of the declared length (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT), with the same
        // limit; a body sent without a length and found too large while read is refused by the reader (a
        // WebApplicationException for ProblemMapper, or a failed route below).
        router.route().order(RouteConstants.ROUTE_ORDER_BODY_HANDLER).handler(this::beforeResources);
        router.route().order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).failureHandler(ctx -> {
            if (!answer(ctx)) {
                ctx.next();
            }
        });
        // failures raised while the router matches routes (a query string that does not decode) skip failure
        // handlers and go to these
        for (int status : List.of(400, 404, 405, 406, 413, 414, 415, 431)) {
            router.errorHandler(status, this::answer);
        }
    }

    private void beforeResources(RoutingContext ctx) {
        String accept = ctx.request().getHeader("Accept");
        if (accept != null && accept.isBlank()) {
            ctx.request().headers().remove("Accept");
        }
        String length = ctx.request().getHeader("Content-Length");
        if (length != null && parse(length) > maxBodySize) {
            write(ctx, 413);
            return;
        }
        ctx.next();
    }

    /** Answers a failed request with a problem if it failed with a client error; false leaves it to Quarkus. */
    private boolean answer(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == -1 && ctx.failure() instanceof HttpException h) {
            status = h.getStatusCode();
        }
        if (status < 400 || status >= 500 || ctx.response().headWritten()) {
            return false;
        }
        write(ctx, status);
        return true;
    }

    private void write(RoutingContext ctx, int status) {
        Problem problem = ProblemMapper.forStatus(status, null, null, ctx.request().path());
        HttpServerResponse response = ctx.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE);
        if (status == 413) {
            // the rest of the body is not read: the connection cannot carry another request
            response.putHeader("Connection", "close").endHandler(v -> ctx.request().connection().close());
        }
        try {
            response.end(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
