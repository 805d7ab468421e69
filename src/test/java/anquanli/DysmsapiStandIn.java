package anquanli;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * Stands in for Alibaba Cloud SMS (Dysmsapi, https://dysmsapi.aliyuncs.com), which tests cannot reach: answers
 * SendSms as the gateway documents it (JSON with Code, Message, RequestId, BizId) and keeps every request for the test
 * to check. Tests choose the answer with {@link #answer}; the default is success.
 */
public class DysmsapiStandIn implements QuarkusTestResourceLifecycleManager {

    public static final String ACCESS_KEY_ID = "testId";
    public static final String ACCESS_KEY_SECRET = "testSecret";
    public static final String SIGN_NAME = "安全力";
    public static final String LOGIN_TEMPLATE = "SMS_900000001";
    public static final String ACCEPTED_TEMPLATE = "SMS_900000002";
    public static final String CLOSED_TEMPLATE = "SMS_900000003";

    /** Where a body given to {@link #quotingTheRequest} gets the request's own body, as the real gateway quotes it. */
    public static final String REQUEST_BODY = "${request.body}";

    private static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new QuoteRequest()));
        server.start();
        answer(ok());
        return Map.of(
                "anquanli.sms.aliyun.endpoint", "http://127.0.0.1:" + server.port(),
                "anquanli.sms.aliyun.access-key-id", ACCESS_KEY_ID,
                "anquanli.sms.aliyun.access-key-secret", ACCESS_KEY_SECRET,
                "anquanli.sms.aliyun.sign-name", SIGN_NAME,
                "anquanli.sms.aliyun.templates.login-code", LOGIN_TEMPLATE,
                "anquanli.sms.aliyun.templates.hazard-accepted", ACCEPTED_TEMPLATE,
                "anquanli.sms.aliyun.templates.hazard-closed", CLOSED_TEMPLATE,
                "anquanli.sms.aliyun.templates.report-reminder", "SMS_REPORT_REMINDER",
                "anquanli.sms.aliyun.timeout", "2s");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** From now on every request gets this answer; the requests kept so far are forgotten. */
    public static void answer(ResponseDefinitionBuilder response) {
        server.resetAll();
        server.stubFor(any(anyUrl()).willReturn(response));
    }

    public static ResponseDefinitionBuilder ok() {
        return json(200, """
                {"Message":"OK","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Code":"OK",\
                "BizId":"900619746936498440^0"}""");
    }

    /** A refusal as the gateway writes it. */
    public static ResponseDefinitionBuilder refusal(int status, String code, String message) {
        return json(status, """
                {"RequestId":"A5B7D4E6-0F1A-4B2C-9D8E-7F6A5B4C3D2E","HostId":"dysmsapi.aliyuncs.com",\
                "Code":"%s","Message":"%s","Recommend":"https://api.aliyun.com/troubleshoot"}""".formatted(code, message));
    }

    public static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody(body);
    }

    /** The answer with {@link #REQUEST_BODY} in its body replaced by the body of the request it answers. */
    public static ResponseDefinitionBuilder quotingTheRequest(ResponseDefinitionBuilder answer) {
        return answer.withTransformers(QuoteRequest.NAME);
    }

    private static final class QuoteRequest implements ResponseTransformerV2 {
        static final String NAME = "quote-request";

        @Override
        public Response transform(Response response, ServeEvent event) {
            return Response.Builder.like(response).but()
                    .body(response.getBodyAsString().replace(REQUEST_BODY, event.getRequest().getBodyAsString()))
                    .build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    public static List<LoggedRequest> requests() {
        return server.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
    }

    /** What the stand-in answered last. */
    public static String lastAnswer() {
        List<ServeEvent> events = server.getAllServeEvents();
        return events.isEmpty() ? null : events.get(0).getResponse().getBodyAsString();
    }

    /** The parameters of the last request, decoded from its form body. */
    public static Map<String, String> lastParams() {
        List<LoggedRequest> all = requests();
        if (all.isEmpty()) {
            throw new AssertionError("the SMS gateway received no request");
        }
        return form(all.get(all.size() - 1).getBodyAsString());
    }

    public static Map<String, String> form(String body) {
        Map<String, String> params = new TreeMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
