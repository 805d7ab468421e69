package anquanli.leaderboard;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.Request;
import io.vertx.mutiny.redis.client.Command;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Runs the board update script by its SHA (one round trip), loading it first if Redis does not know it yet. */
@ApplicationScoped
public class BoardScript {

    private final Redis redis;
    private final String source;
    private final String sha;

    public BoardScript(Redis redis) {
        this.redis = redis;
        try (InputStream in = BoardScript.class.getClassLoader().getResourceAsStream("leaderboard/update.lua")) {
            this.source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sha() {
        return sha;
    }

    Uni<Void> run(BoardUpdate update) {
        return redis.send(request(Command.EVALSHA, sha, update))
                .onFailure(e -> String.valueOf(e.getMessage()).startsWith("NOSCRIPT"))
                .recoverWithUni(() -> redis.send(request(Command.EVAL, source, update)))
                .replaceWithVoid();
    }

    private static Request request(Command command, String script, BoardUpdate update) {
        Request r = Request.cmd(command).arg(script).arg(update.keys().size());
        update.keys().forEach(r::arg);
        update.args().forEach(r::arg);
        return r;
    }
}
