package anquanli;

import anquanli.participant.LoggingSmsSender;
import anquanli.participant.SmsMessage;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what was sent to each phone, so tests can log in with the real code and check notices. */
@Mock
@ApplicationScoped
public class RecordingSmsSender extends LoggingSmsSender {

    private final Map<String, List<SmsMessage>> sent = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> send(String phone, SmsMessage message) {
        sent.computeIfAbsent(phone, p -> new CopyOnWriteArrayList<>()).add(message);
        return super.send(phone, message);
    }

    public String lastCode(String phone) {
        return messages(phone).stream().filter(m -> m.template() == SmsMessage.Template.LOGIN_CODE)
                .reduce((a, b) -> b).map(m -> m.params().get("code")).orElse(null);
    }

    /** Everything sent to the phone, oldest first. */
    public List<SmsMessage> messages(String phone) {
        return List.copyOf(sent.getOrDefault(phone, List.of()));
    }
}
