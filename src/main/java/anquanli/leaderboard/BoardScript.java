package anquanli.leaderboard;

import anquanli.common.LuaScript;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Response;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the board update script by its SHA (pipelined), loading it first if Redis does not know it yet. */
@ApplicationScoped
public class BoardScript {

    private final Redis redis;
    private final LuaScript script;

    public BoardScript(Redis redis) {
        this.redis = redis;
        try (InputStream in = BoardScript.class.getClassLoader().getResourceAsStream("leaderboard/update.lua")) {
            this.script = new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String sha() {
        return script.sha();
    }

    /** Runs the script once per entry, all in one pipeline; the responses in order. */
    Uni<List<Response>> runAll(List<List<String>> keys, List<List<String>> args) {
        return script.runAll(redis, keys, args);
    }
}
