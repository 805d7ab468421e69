package anquanli.participant;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/**
 * Participant tokens: short-lived signed JWT access tokens and opaque refresh tokens. Refresh tokens rotate on
 * every use; presenting a used one again revokes its whole family (a stolen token is then worth nothing).
 */
@ApplicationScoped
public class Tokens {

    public static final String PARTICIPANT_ROLE = "participant";
    /** The OIDC tenant that verifies participant tokens (quarkus.oidc.participant.*). */
    public static final String PARTICIPANT_TENANT = "participant";
    /**
     * Access tokens say what they are, as Keycloak's do, and the participant tenant requires it
     * (quarkus.oidc.participant.token.required-claims.typ): a token signed with the same key for another purpose is
     * not an access token.
     */
    static final String TOKEN_TYPE_CLAIM = "typ";
    static final String ACCESS_TOKEN_TYPE = "Bearer";

    private final Pool pool;
    private final AuthConfig config;
    private final AppClock clock;
    private final SecureRandom random = new SecureRandom();

    public Tokens(Pool pool, AuthConfig config, AppClock clock) {
        this.pool = pool;
        this.config = config;
        this.clock = clock;
    }

    public record Pair(String accessToken, long expiresIn, String refreshToken, long refreshExpiresIn) {
    }

    public Uni<Pair> issue(long participantId) {
        return store(pool, participantId, UUID.randomUUID());
    }

    /** Exchanges a refresh token for a new pair; the participant id comes with the pair. */
    public Uni<Issued> refresh(String refreshToken) {
        byte[] hash = sha256(refreshToken);
        return pool.withTransaction(tx -> tx.preparedQuery(
                        "update refresh_token set used_at = $2 where token_hash = $1 and used_at is null "
                                + "and expires_at > $2 returning participant_id, family")
                .execute(Tuple.of(hash, clock.now().atOffset(ZoneOffset.UTC)))
                .chain(rows -> {
                    if (rows.rowCount() == 1) {
                        Row r = rows.iterator().next();
                        long participant = r.getLong("participant_id");
                        return store(tx, participant, r.getUUID("family")).map(p -> new Issued(participant, p));
                    }
                    return Uni.createFrom().nullItem();
                }))
                .chain(issued -> issued != null ? Uni.createFrom().item(issued) : revokeReused(hash));
    }

    public record Issued(long participantId, Pair tokens) {
    }

    private Uni<Issued> revokeReused(byte[] hash) {
        // Unknown, expired or replayed. A replay means the token leaked: the family goes.
        return pool.preparedQuery("delete from refresh_token where family = "
                        + "(select family from refresh_token where token_hash = $1 and used_at is not null)")
                .execute(Tuple.of(hash))
                .chain(x -> Uni.createFrom().failure(new ApiProblem(401, "refresh-token-invalid",
                        "Invalid refresh token", "The refresh token is unknown, expired or already used; log in again")));
    }

    private Uni<Pair> store(SqlClient client, long participantId, UUID family) {
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String refresh = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant now = clock.now();
        Instant refreshExpiry = now.plus(config.refreshTokenTtl());
        return client.preparedQuery("insert into refresh_token (token_hash, participant_id, family, expires_at) "
                        + "values ($1, $2, $3, $4)")
                .execute(Tuple.of(sha256(refresh), participantId, family, refreshExpiry.atOffset(ZoneOffset.UTC)))
                .map(x -> new Pair(accessToken(participantId, now), config.accessTokenTtl().toSeconds(), refresh,
                        config.refreshTokenTtl().toSeconds()));
    }

    /** Expired refresh tokens are useless; they are removed daily so the table stays small. */
    @io.quarkus.scheduler.Scheduled(every = "6h", delayed = "5m",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purgeExpired() {
        return pool.preparedQuery("delete from refresh_token where expires_at < $1")
                .execute(Tuple.of(clock.now().minus(java.time.Duration.ofDays(1)).atOffset(ZoneOffset.UTC)))
                .replaceWithVoid();
    }

    private String accessToken(long participantId, Instant now) {
        return Jwt.subject(Long.toString(participantId))
                .claim(TOKEN_TYPE_CLAIM, ACCESS_TOKEN_TYPE)
                .groups(Set.of(PARTICIPANT_ROLE))
                .issuedAt(now)
                .expiresAt(now.plus(config.accessTokenTtl()))
                .sign();
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
