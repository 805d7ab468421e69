package anquanli.leaderboard;

import anquanli.common.LuaScript;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Runs the board update script by its SHA (one round trip), loading it first if Redis does not know it yet. */
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

    Uni<Void> run(BoardUpdate update) {
        return script.run(redis, update.keys(), update.args()).replaceWithVoid();
    }
}
