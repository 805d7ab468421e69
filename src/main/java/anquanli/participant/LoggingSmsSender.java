package anquanli.participant;

import anquanli.common.PhoneProtector;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Dev and test sender: writes the code to the log (with the phone masked) instead of sending an SMS. */
@ApplicationScoped
public class LoggingSmsSender implements SmsSender {

    private static final Logger LOG = Logger.getLogger(LoggingSmsSender.class);

    @Override
    public Uni<Void> send(String phone, String code) {
        LOG.infof("SMS login code for %s: %s", PhoneProtector.mask(phone), code);
        return Uni.createFrom().voidItem();
    }
}
