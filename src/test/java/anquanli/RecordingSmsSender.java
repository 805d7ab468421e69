package anquanli;

import anquanli.participant.SmsConfig;
import anquanli.participant.SmsMessage;
import anquanli.participant.SmsSender;
import anquanli.participant.SmsSenders;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps what was sent to each phone, so tests can log in with the real code and check notices. Sends through the
 * sender the configuration picks (the logging one in the test profile, the Alibaba Cloud one against its stand-in in
 * AliyunSmsTest), and keeps only what that sender accepted.
 */
@Mock
@ApplicationScoped
public class RecordingSmsSender implements SmsSender {

    private final Map<String, List<SmsMessage>> sent = new ConcurrentHashMap<>();
    private final SmsSender delegate;

    public RecordingSmsSender(SmsConfig config, Vertx vertx) {
        this.delegate = SmsSenders.create(config, vertx);
    }

    @Override
    public Uni<Void> send(String phone, SmsMessage message) {
        return delegate.send(phone, message)
                .invoke(() -> sent.computeIfAbsent(phone, p -> new CopyOnWriteArrayList<>()).add(message));
    }

    public String lastCode(String phone) {
        return messages(phone).stream().filter(m -> m.template() == SmsMessage.Template.LOGIN_CODE)
                .reduce((a, b) -> b).map(m -> m.params().get("code")).orElse(null);
    }

    /** Everything sent to the phone, oldest first. */
    public List<SmsMessage> messages(String phone) {
        return List.copyOf(sent.getOrDefault(phone, List.of()));
    }

    @PreDestroy
    void close() throws Exception {
        if (delegate instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
