package anquanli.common;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The operations of openapi.yaml as the fuzzer needs them: method, path, parameters, body schemas, who may call. */
final class FuzzOperations {

    enum Auth { PUBLIC, PARTICIPANT, OPTIONAL_PARTICIPANT, ADMIN }

    record Op(String method, String path, List<Parameter> parameters, Map<String, Schema<?>> bodies, Auth auth) {

        List<Parameter> in(String where) {
            return parameters.stream().filter(p -> where.equals(p.getIn())).toList();
        }

        boolean hasBody() {
            return !bodies.isEmpty();
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private FuzzOperations() {
    }

    static List<Op> read() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        OpenAPI api = new OpenAPIV3Parser().read(Path.of("openapi.yaml").toAbsolutePath().toUri().toString(), null,
                options);
        List<Op> ops = new ArrayList<>();
        api.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, op) ->
                ops.add(op(method, path, item, op, api.getSecurity()))));
        return ops;
    }

    private static Op op(PathItem.HttpMethod method, String path, PathItem item, Operation op,
                         List<SecurityRequirement> global) {
        List<Parameter> params = new ArrayList<>();
        if (item.getParameters() != null) {
            params.addAll(item.getParameters());
        }
        if (op.getParameters() != null) {
            params.addAll(op.getParameters());
        }
        Map<String, Schema<?>> bodies = new LinkedHashMap<>();
        if (op.getRequestBody() != null && op.getRequestBody().getContent() != null) {
            op.getRequestBody().getContent().forEach((type, media) -> bodies.put(type, media.getSchema()));
        }
        return new Op(method.name(), path, params, bodies, auth(op.getSecurity() != null ? op.getSecurity() : global));
    }

    private static Auth auth(List<SecurityRequirement> security) {
        if (security == null || security.isEmpty()) {
            return Auth.PUBLIC;
        }
        boolean optional = security.stream().anyMatch(Map::isEmpty);
        boolean admin = security.stream().anyMatch(s -> s.containsKey("adminToken"));
        if (admin) {
            return Auth.ADMIN;
        }
        return optional ? Auth.OPTIONAL_PARTICIPANT : Auth.PARTICIPANT;
    }
}
