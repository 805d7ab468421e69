package anquanli.participant;

import anquanli.Api;
import anquanli.Concurrently;
import anquanli.RecordingSmsSender;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static anquanli.Api.api;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guesses of one code raced against each other: the limit of 5 wrong guesses and "a code signs in once" hold under
 * parallel requests, not only one after another. The test profile's fixed code is never among the guesses: the real
 * code comes from the recording sender.
 */
@QuarkusTest
class OneTimeCodeRaceTest {

    @Inject
    RecordingSmsSender sms;

    /** A phone with a fresh code that is not the test profile's fixed code. */
    private String phoneWithCode() {
        String phone = Api.newPhone();
        do {
            api().contentType(ContentType.JSON).body(Map.of("phone", phone))
                    .when().post("/api/v1/auth/sms-codes").then().statusCode(202);
        } while (Api.FIXED_CODE.equals(sms.lastCode(phone)));
        return phone;
    }

    /** Six digits that are neither the code nor the fixed code; distinct per call. */
    private static List<String> wrongCodes(String code, int n) {
        List<String> wrong = new ArrayList<>();
        for (int i = 100_000; wrong.size() < n; i++) {
            String guess = Integer.toString(i);
            if (!guess.equals(code) && !guess.equals(Api.FIXED_CODE)) {
                wrong.add(guess);
            }
        }
        return wrong;
    }

    private static Response guess(String phone, String code) {
        return api().contentType(ContentType.JSON).body(Map.of("phone", phone, "code", code))
                .when().post("/api/v1/auth/tokens").andReturn();
    }

    @Test
    void fiftyParallelWrongGuessesCountAtMostFiveThenTheCodeIsVoid() throws Exception {
        String phone = phoneWithCode();
        String code = sms.lastCode(phone);
        List<String> wrong = Collections.synchronizedList(new ArrayList<>(wrongCodes(code, 50)));

        List<Response> answers = Concurrently.run(50, () -> guess(phone, wrong.remove(0)));

        assertThat(answers).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(400));
        List<String> details = answers.stream().map(r -> r.jsonPath().getString("detail")).toList();
        // Four guesses counted as wrong, the fifth voided the code, and every later one found no code to compare.
        assertThat(details).filteredOn(d -> d.startsWith("Too many wrong codes")).hasSize(1);
        assertThat(details).filteredOn(d -> d.equals("The code is wrong")).hasSize(4);
        assertThat(details).filteredOn(d -> d.startsWith("No valid code")).hasSize(45);
        assertThat(guess(phone, code).statusCode()).as("the right code after the code was voided").isEqualTo(400);
    }

    @Test
    void parallelRightGuessesSignInExactlyOnce() throws Exception {
        // Wrong guesses in the same burst (fewer than the limit): a guess counted after the winner used the code must
        // not make a second right guess look successful.
        for (int round = 0; round < 5; round++) {
            String phone = phoneWithCode();
            String code = sms.lastCode(phone);
            List<String> wrong = wrongCodes(code, 3);
            AtomicInteger next = new AtomicInteger();

            List<Integer> statuses = Concurrently.run(24, () -> {
                int i = next.getAndIncrement();
                return guess(phone, i % 8 == 7 ? wrong.get(i / 8) : code).statusCode();
            });

            assertThat(statuses).as("round %d", round).filteredOn(s -> s == 200).hasSize(1);
            assertThat(statuses).as("round %d", round).filteredOn(s -> s == 400).hasSize(23);
        }
    }
}
