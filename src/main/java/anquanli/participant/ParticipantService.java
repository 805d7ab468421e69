package anquanli.participant;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.PhoneProtector;
import anquanli.region.Region;
import anquanli.region.RegionLevel;
import anquanli.region.RegionRef;
import anquanli.region.RegionTree;
import anquanli.unit.Unit;
import anquanli.unit.UnitRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Login by phone and one-time code, and the participant's profile. */
@ApplicationScoped
public class ParticipantService {

    private final OneTimeCodes codes;
    private final Tokens tokens;
    private final PhoneProtector phones;
    private final ParticipantRepository participants;
    private final UnitRepository units;
    private final RegionTree regions;
    private final Pool pool;
    private final AppClock clock;

    public ParticipantService(OneTimeCodes codes, Tokens tokens, PhoneProtector phones,
                              ParticipantRepository participants, UnitRepository units, RegionTree regions, Pool pool,
                              AppClock clock) {
        this.codes = codes;
        this.tokens = tokens;
        this.phones = phones;
        this.participants = participants;
        this.units = units;
        this.regions = regions;
        this.pool = pool;
        this.clock = clock;
    }

    public record UnitRef(long id, String name) {
    }

    /** The participant as the app shows it; the phone only ever masked. */
    public record Profile(long id, String phone, String displayName, String regionCode, List<RegionRef> regionPath,
                          UnitRef unit, IdentityType identityType, boolean profileComplete) {
    }

    public record Login(Tokens.Pair tokens, Profile participant, boolean newParticipant) {
    }

    public record ProfileUpdate(String displayName, String regionCode, Long unitId, IdentityType identityType) {
    }

    public Uni<OneTimeCodes.Issued> requestCode(String rawPhone, String clientIp) {
        return codes.issue(requirePhone(rawPhone), clientIp);
    }

    public Uni<Login> login(String rawPhone, String code) {
        String phone = requirePhone(rawPhone);
        return codes.verify(phone, code)
                .chain(() -> pool.preparedQuery("insert into participant (phone_hash, phone_cipher, phone_masked) "
                                + "values ($1, $2, $3) on conflict (phone_hash) do update set phone_hash = excluded.phone_hash "
                                + "returning id, (xmax = 0) as created")
                        .execute(Tuple.of(phones.lookupHash(phone), phones.seal(phone), PhoneProtector.mask(phone))))
                .chain(rows -> {
                    Row row = rows.iterator().next();
                    long id = row.getLong("id");
                    boolean created = row.getBoolean("created");
                    return tokens.issue(id).chain(pair -> profile(id).map(p -> new Login(pair, p, created)));
                });
    }

    public Uni<Login> refresh(String refreshToken) {
        return tokens.refresh(refreshToken)
                .chain(issued -> profile(issued.participantId()).map(p -> new Login(issued.tokens(), p, false)));
    }

    /**
     * The phone number a participant signed in with (verified by its one-time code), in clear: for a notice they asked
     * for, or a hazard reporter's sealed identity. Null if the participant does not exist.
     */
    public Uni<String> verifiedPhone(long participantId) {
        return pool.preparedQuery("select phone_cipher from participant where id = $1").execute(Tuple.of(participantId))
                .map(rows -> rows.rowCount() == 0 ? null
                        : phones.open(rows.iterator().next().getBuffer("phone_cipher").getBytes()));
    }

    @WithSession
    public Uni<Profile> profile(long participantId) {
        return participants.findById(participantId).chain(p -> {
            if (p == null) {
                return Uni.createFrom().failure(new ApiProblem(401, "unauthorized", "Unauthorized",
                        "The participant of this token no longer exists"));
            }
            return unitOf(p.unitId).map(u -> toProfile(p, u));
        });
    }

    /**
     * Region must be a county or a town (where people live and units are registered); the unit, if given, must lie
     * in the same county, so points land in one consistent branch of the region tree.
     */
    @WithTransaction
    public Uni<Profile> update(long participantId, ProfileUpdate update) {
        Region region = regions.find(update.regionCode());
        if (region == null) {
            return Uni.createFrom().failure(ApiProblem.badRequest("region-unknown",
                    "regionCode " + update.regionCode() + " is not a known division code"));
        }
        if (!region.isLocal()) {
            return Uni.createFrom().failure(ApiProblem.badRequest("region-level",
                    "regionCode must be a county (区县) or town/street (乡镇街道), not a " + region.level()));
        }
        Uni<Unit> unit = update.unitId() == null ? Uni.createFrom().nullItem() : units.findById(update.unitId());
        return unit.chain(u -> {
            if (update.unitId() != null) {
                if (u == null) {
                    return Uni.createFrom().failure(ApiProblem.badRequest("unit-unknown",
                            "unitId " + update.unitId() + " does not exist"));
                }
                Region unitRegion = regions.find(u.regionCode);
                if (unitRegion == null || unitRegion.at(RegionLevel.COUNTY) != region.at(RegionLevel.COUNTY)) {
                    return Uni.createFrom().failure(ApiProblem.badRequest("unit-outside-region",
                            "The unit is not registered in the participant's county"));
                }
            }
            return participants.findById(participantId).map(p -> {
                p.displayName = update.displayName().strip();
                p.regionCode = region.code();
                p.unitId = update.unitId();
                p.identityType = update.identityType();
                p.updatedAt = clock.now();
                return toProfile(p, u);
            });
        });
    }

    private Uni<Unit> unitOf(Long unitId) {
        return unitId == null ? Uni.createFrom().nullItem() : units.findById(unitId);
    }

    private Profile toProfile(Participant p, Unit u) {
        Region r = regions.find(p.regionCode);
        List<RegionRef> path = r == null ? List.of()
                : r.path().stream().map(RegionRef::of).toList();
        return new Profile(p.id, p.phoneMasked, p.displayName, p.regionCode, path,
                u == null ? null : new UnitRef(u.id, u.name), p.identityType, p.profileComplete());
    }

    private static String requirePhone(String raw) {
        String phone = PhoneProtector.normalise(raw);
        if (phone == null) {
            throw ApiProblem.badRequest("phone-invalid", "phone must be a mainland China mobile number (11 digits)");
        }
        return phone;
    }
}
