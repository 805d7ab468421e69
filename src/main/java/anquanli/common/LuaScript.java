package anquanli.common;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A Lua script run by its SHA-1 (EVALSHA: the source is not resent, parsed or hashed on every call), sent in full only
 * when Redis answers NOSCRIPT (first use, or after a restart or SCRIPT FLUSH). Atomic like EVAL.
 */
public final class LuaScript {

    private final String source;
    private final String sha;

    public LuaScript(String source) {
        this.source = source;
        try {
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sha() {
        return sha;
    }

    public Uni<Response> run(Redis redis, List<String> keys, List<String> args) {
        return redis.send(request(Command.EVALSHA, sha, keys, args))
                .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, keys, args)));
    }

    /**
     * Several runs in one pipeline (each atomic on its own, not together). If Redis does not know the script, it is
     * loaded and the whole pipeline sent again: use it only for scripts that are safe to run twice.
     */
    public Uni<List<Response>> runAll(Redis redis, List<List<String>> keys, List<List<String>> args) {
        List<Request> batch = new java.util.ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            batch.add(request(Command.EVALSHA, sha, keys.get(i), args.get(i)));
        }
        // A pipeline's error names the failing command's position: "ERR [0] NOSCRIPT ...".
        return redis.batch(batch)
                .onFailure(e -> String.valueOf(e.getMessage()).contains("NOSCRIPT"))
                .recoverWithUni(() -> redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(source))
                        .chain(() -> redis.batch(batch)));
    }

    private static Request request(Command command, String script, List<String> keys, List<String> args) {
        Request r = Request.cmd(command).arg(script).arg(keys.size());
        keys.forEach(r::arg);
        args.forEach(r::arg);
        return r;
    }
}
