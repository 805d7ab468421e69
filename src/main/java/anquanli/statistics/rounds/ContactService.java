package anquanli.statistics.rounds;

import anquanli.common.AdminAction;
import anquanli.common.AdminScope;
import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.common.FieldCipher;
import anquanli.common.PhoneProtector;
import anquanli.leaderboard.Names;
import anquanli.region.Region;
import anquanli.region.RegionTree;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/**
 * 联络员反馈表: each region's contact for the progress report (name, post, office phone, mobile), sealed by the field
 * cipher. Shown masked; opened in full only for the reminders' numbers and the head of the exported table.
 */
@ApplicationScoped
public class ContactService {

    static final String CONTACT = "report-contact";

    private final Pool pool;
    private final RoundRepository rounds;
    private final RegionTree regions;
    private final AdminScope scope;
    private final FieldCipher cipher;
    private final AppClock clock;

    public ContactService(Pool pool, RoundRepository rounds, RegionTree regions, AdminScope scope, FieldCipher cipher,
                          AppClock clock) {
        this.pool = pool;
        this.rounds = rounds;
        this.regions = regions;
        this.scope = scope;
        this.cipher = cipher;
        this.clock = clock;
    }

    public record ContactForm(String name, String post, String officePhone, String mobile) {
    }

    /** Registers the region's contact; name and phones are sealed, and shown masked. */
    public Uni<RoundViews.Contact> save(AdminScope.Admin admin, String regionCode, ContactForm f) {
        Region region = regions.require(regionCode);
        scope.require(admin, AdminAction.FILL_PROGRESS_REPORT, region);
        String mobile = PhoneProtector.normalise(f.mobile());
        if (mobile == null) {
            throw ApiProblem.invalidField("mobile", "a mainland mobile number (11 digits starting with 1)");
        }
        String office = f.officePhone() == null || f.officePhone().isBlank() ? null : f.officePhone().strip();
        String post = f.post() == null || f.post().isBlank() ? null : f.post().strip();
        return rounds.saveContact(pool, new RoundRepository.ContactRow(regionCode, cipher.seal(CONTACT,
                        f.name().strip()), post, office == null ? null : cipher.seal(CONTACT, office),
                        cipher.seal(CONTACT, mobile), admin.username(), clock.now()))
                .map(x -> new RoundViews.Contact(Names.mask(f.name()), post, maskOffice(office),
                        PhoneProtector.mask(mobile)));
    }

    public Uni<RoundViews.Contact> get(AdminScope.Admin admin, String regionCode) {
        Region region = regions.require(regionCode);
        scope.require(admin, AdminAction.VIEW_STATISTICS, region);
        return masked(java.util.List.of(regionCode)).map(byRegion -> {
            RoundViews.Contact c = byRegion.get(regionCode);
            if (c == null) {
                throw ApiProblem.notFound("Contact of region", regionCode);
            }
            return c;
        });
    }

    /** The masked contacts of those of {@code codes} that registered one, by region code. */
    Uni<Map<String, RoundViews.Contact>> masked(Collection<String> codes) {
        return rounds.contacts(pool, codes.toArray(String[]::new)).map(list -> {
            Map<String, RoundViews.Contact> byRegion = new HashMap<>();
            list.forEach(c -> {
                String office = c.officePhone() == null ? null : cipher.open(CONTACT, c.officePhone());
                byRegion.put(c.regionCode(), new RoundViews.Contact(Names.mask(cipher.open(CONTACT, c.name())),
                        c.post(), maskOffice(office), PhoneProtector.mask(cipher.open(CONTACT, c.mobile()))));
            });
            return byRegion;
        });
    }

    /** The mobile numbers of those of {@code codes} that registered a contact, by region code (for reminders). */
    Uni<Map<String, String>> mobiles(Collection<String> codes) {
        return rounds.contacts(pool, codes.toArray(String[]::new)).map(list -> {
            Map<String, String> byRegion = new HashMap<>();
            list.forEach(c -> byRegion.put(c.regionCode(), cipher.open(CONTACT, c.mobile())));
            return byRegion;
        });
    }

    /** The unmasked contact, for the export the office sends upward (填报单位, 联系人, 电话); null if none. */
    Uni<ContactForm> inFull(String regionCode) {
        return rounds.contacts(pool, new String[]{regionCode}).map(list -> list.isEmpty() ? null
                : new ContactForm(cipher.open(CONTACT, list.get(0).name()), list.get(0).post(),
                cipher.open(CONTACT, list.get(0).officePhone()), cipher.open(CONTACT, list.get(0).mobile())));
    }

    /** An office line keeps its area code and last two digits: 010-****34. */
    static String maskOffice(String phone) {
        if (phone == null) {
            return null;
        }
        int dash = phone.indexOf('-');
        String head = dash > 0 ? phone.substring(0, dash + 1) : "";
        return head + "****" + (phone.length() > 2 ? phone.substring(phone.length() - 2) : "");
    }
}
