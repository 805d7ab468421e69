package anquanli.participant;

import anquanli.common.PhoneProtector;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Dev and test sender: sends nothing, and in dev and test writes the login code to the log (with the phone masked) so
 * that one can sign in. Production refuses to start with it (common.ProductionGuard); should it run anyway, it logs no
 * code.
 */
public class LoggingSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LoggingSmsSender.class);

    private final boolean logCodes;

    public LoggingSmsSender(boolean logCodes) {
        this.logCodes = logCodes;
    }

    @Override
    public Uni<Void> send(String phone, SmsMessage message) {
        if (logCodes && message.template() == SmsMessage.Template.LOGIN_CODE) {
            LOG.infof("SMS login code for %s: %s", PhoneProtector.mask(phone), message.params().get("code"));
        } else {
            // Neither the phone (even masked) nor the parameters: together they would tie a hazard reporter to a
            // tracking code that officers can see.
            LOG.infof("SMS %s (logging sender: not sent)", message.template());
        }
        return Uni.createFrom().voidItem();
    }
}
