package anquanli.quiz.practice;

import anquanli.common.LuaScript;
import anquanli.quiz.attempt.Grading;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.quarkus.redis.datasource.hash.ReactiveHashCommands;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Practice sessions live in Redis only, one hash per session that expires with it: practice is never counted
 * anywhere, so nothing of it belongs in the database. The hash holds the session ({@code s}: who, which questions in
 * which version, the options as shown) and one field per answered question ({@code a1}, {@code a2}, …), each written
 * once with HSETNX, so two racing answers to one question record one of them.
 */
@ApplicationScoped
public class PracticeRepository {

    /** KEYS[1] the session; ARGV[1] its JSON, ARGV[2] its lifetime in ms. */
    private static final LuaScript CREATE = new LuaScript("""
            redis.call('HSET', KEYS[1], 's', ARGV[1])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """);

    private final Redis redis;
    private final ReactiveHashCommands<String, String, String> hashes;
    private final ObjectMapper json;

    public PracticeRepository(Redis redis, ReactiveRedisDataSource data, ObjectMapper json) {
        this.redis = redis;
        this.hashes = data.hash(String.class);
        this.json = json;
    }

    /** One question of a session: the version shown and its options in the order and with the ids shown. */
    public record Item(String questionId, int version, List<Grading.ShownOption> options) {
    }

    public record Session(UUID id, long participantId, String category, Instant createdAt, Instant expiresAt,
                          List<Item> items) {
    }

    /** What was answered to one question, as graded then. */
    public record Answer(List<String> selected, boolean correct) {
    }

    /** A session with the answers given so far, by question index from 1. */
    public record Stored(Session session, Map<Integer, Answer> answers) {

        /** The index of the first question not answered yet, or 0 when all are. */
        public int current() {
            for (int i = 1; i <= session.items().size(); i++) {
                if (!answers.containsKey(i)) {
                    return i;
                }
            }
            return 0;
        }

        public int correct() {
            return (int) answers.values().stream().filter(Answer::correct).count();
        }
    }

    public Uni<Void> create(Session s, Duration ttl) {
        return CREATE.run(redis, List.of(key(s.id())), List.of(write(s), Long.toString(ttl.toMillis()))).replaceWithVoid();
    }

    /** The session and its answers, or null when there is none (never started, or expired). */
    public Uni<Stored> find(UUID id) {
        return hashes.hgetall(key(id)).map(fields -> {
            String session = fields.get("s");
            if (session == null) {
                return null;
            }
            Map<Integer, Answer> answers = new HashMap<>();
            fields.forEach((field, value) -> {
                if (field.startsWith("a")) {
                    answers.put(Integer.parseInt(field.substring(1)), read(value, Answer.class));
                }
            });
            return new Stored(read(session, Session.class), answers);
        });
    }

    /** Records the answer to question {@code index} unless one is recorded already; true if this one was. */
    public Uni<Boolean> answer(UUID id, int index, Answer answer) {
        return hashes.hsetnx(key(id), "a" + index, write(answer));
    }

    private static String key(UUID id) {
        return "practice:{" + id + "}";
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, Class<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable practice session in Redis", e);
        }
    }
}
