package anquanli;

import anquanli.participant.LoggingSmsSender;
import io.quarkus.test.Mock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps the last code sent to each phone, so tests can log in with the real code rather than the fixed one. */
@Mock
@ApplicationScoped
public class RecordingSmsSender extends LoggingSmsSender {

    private final Map<String, String> last = new ConcurrentHashMap<>();

    @Override
    public Uni<Void> send(String phone, String code) {
        last.put(phone, code);
        return super.send(phone, code);
    }

    public String lastCode(String phone) {
        return last.get(phone);
    }
}
