package anquanli.lottery;

import anquanli.common.ApiProblem;
import anquanli.common.AppClock;
import anquanli.lottery.Lottery.Kind;
import anquanli.quiz.campaign.Campaign;
import anquanli.quiz.campaign.CampaignRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * A prize pool for the campaign seeded in dev (anquanli.demo.seed-lottery-pool), so a chance earned while trying the
 * service can be spent on the wheel at once, without an admin. Made through the admin service, as a national admin
 * would make it; an existing pool is left alone.
 */
@ApplicationScoped
public class DemoLotteryPool {

    private static final Logger LOG = Logger.getLogger(DemoLotteryPool.class);

    private final LotteryAdminService admin;
    private final CampaignRepository campaigns;
    private final String code;

    public DemoLotteryPool(LotteryAdminService admin, CampaignRepository campaigns,
                           @ConfigProperty(name = "anquanli.campaign.seed.code") String code) {
        this.admin = admin;
        this.campaigns = campaigns;
        this.code = code;
    }

    /** After the campaign seed (priority 40). */
    void onStart(@Observes @Priority(50) StartupEvent event,
                 @ConfigProperty(name = "anquanli.demo.seed-lottery-pool") boolean enabled) {
        if (enabled) {
            ensure();
        }
    }

    /** Gives the seeded campaign its demo pool unless it has a pool already. */
    public void ensure() {
        Campaign campaign = campaigns.all().stream().filter(c -> c.code().equals(code)).findFirst().orElse(null);
        if (campaign == null) {
            return;
        }
        var drawDeadline = campaign.endDate().plusDays(7).atStartOfDay(AppClock.CAMPAIGN_ZONE).toInstant();
        var pool = new LotteryAdminService.PoolDraft(drawDeadline, drawDeadline.plus(Duration.ofDays(30)), 10_000,
                "谢谢参与", List.of(
                new LotteryAdminService.TierDraft("安全帽", Kind.PHYSICAL, 0, 100, 200, 1, null),
                new LotteryAdminService.TierDraft("话费10元", Kind.PHONE_CREDIT, 10, 500, 2_000, 3, null),
                new LotteryAdminService.TierDraft("安全积分50", Kind.POINTS, 50, 3_000, 100_000, null, null)));
        admin.create(campaign.id(), pool, "demo-seed")
                .onFailure(e -> e instanceof ApiProblem p && p.code().equals("lottery-exists")).recoverWithNull()
                .await().atMost(Duration.ofSeconds(30));
        LOG.infof("Demo prize pool ready for campaign %d (%s)", campaign.id(), code);
    }
}
