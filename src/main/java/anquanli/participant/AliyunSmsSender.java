package anquanli.participant;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Alibaba Cloud SMS: Dysmsapi SendSms (API version 2017-05-25), RPC style, signed with {@link AliyunRpcSignature}. The
 * parameters travel as a POST form rather than a query string, so the phone number and the code stay out of URLs
 * (and the access logs of anything in between). Non-blocking (Vert.x web client): the answer arrives on the caller's
 * event loop. Every refusal becomes an {@link SmsFailure}; the log names the gateway's code and request id, never the
 * phone, the parameters or the gateway's message (SignatureDoesNotMatch's message quotes the whole signed request).
 */
final class AliyunSmsSender implements SmsSender, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AliyunSmsSender.class);
    private static final String API_VERSION = "2017-05-25";
    /** The region the SDKs sign SendSms for; mainland SMS has the one endpoint, dysmsapi.aliyuncs.com. */
    private static final String REGION_ID = "cn-hangzhou";

    private final WebClient client;
    private final String url;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final String signName;
    private final Map<SmsMessage.Template, String> templateCodes;
    private final long timeoutMillis;
    /** The gateway refuses a Timestamp more than 15 minutes off: real time, never the tests' adjustable AppClock. */
    private final Clock clock;

    private AliyunSmsSender(Vertx vertx, SmsConfig.Aliyun config, Map<SmsMessage.Template, String> templateCodes,
                            Clock clock) {
        this.timeoutMillis = config.timeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setFollowRedirects(false)
                .setUserAgent("anquanli"));
        this.url = config.endpoint().resolve("/").toString();
        this.accessKeyId = config.accessKeyId().orElseThrow();
        this.accessKeySecret = config.accessKeySecret().orElseThrow();
        this.signName = config.signName().orElseThrow();
        this.templateCodes = templateCodes;
        this.clock = clock;
    }

    /** Refuses to build a sender that could not send: every setting it needs is named when missing. */
    static AliyunSmsSender create(Vertx vertx, SmsConfig.Aliyun config, Clock clock) {
        List<String> missing = new ArrayList<>();
        require(config.accessKeyId(), "access-key-id", missing);
        require(config.accessKeySecret(), "access-key-secret", missing);
        require(config.signName(), "sign-name", missing);
        Map<SmsMessage.Template, String> codes = new EnumMap<>(SmsMessage.Template.class);
        for (SmsMessage.Template t : SmsMessage.Template.values()) {
            Optional<String> code = switch (t) {
                case LOGIN_CODE -> config.templates().loginCode();
                case HAZARD_ACCEPTED -> config.templates().hazardAccepted();
                case HAZARD_CLOSED -> config.templates().hazardClosed();
                case REPORT_REMINDER -> config.templates().reportReminder();
            };
            require(code, "templates." + t.name().toLowerCase().replace('_', '-'), missing);
            code.ifPresent(c -> codes.put(t, c.strip()));
        }
        URI endpoint = config.endpoint();
        if (!"https".equals(endpoint.getScheme()) && !"http".equals(endpoint.getScheme())) {
            missing.add("endpoint (an http or https URL)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("anquanli.sms.provider=aliyun needs anquanli.sms.aliyun."
                    + String.join(", anquanli.sms.aliyun.", missing));
        }
        return new AliyunSmsSender(vertx, config, codes, clock);
    }

    private static void require(Optional<String> value, String name, List<String> missing) {
        if (value.map(String::isBlank).orElse(true)) {
            missing.add(name);
        }
    }

    @Override
    public Uni<Void> send(String phone, SmsMessage message) {
        SortedMap<String, String> params = new TreeMap<>();
        params.put("AccessKeyId", accessKeyId);
        params.put("Action", "SendSms");
        params.put("Format", "JSON");
        params.put("RegionId", REGION_ID);
        params.put("SignatureMethod", "HMAC-SHA1");
        params.put("SignatureNonce", UUID.randomUUID().toString());
        params.put("SignatureVersion", "1.0");
        params.put("Timestamp", DateTimeFormatter.ISO_INSTANT.format(Instant.now(clock).truncatedTo(ChronoUnit.SECONDS)));
        params.put("Version", API_VERSION);
        params.put("PhoneNumbers", phone);
        params.put("SignName", signName);
        params.put("TemplateCode", templateCodes.get(message.template()));
        params.put("TemplateParam", new JsonObject(new TreeMap<String, Object>(message.params())).encode());
        params.put("Signature", AliyunRpcSignature.sign("POST", params, accessKeySecret));
        return client.postAbs(url)
                .connectTimeout(timeoutMillis)
                .idleTimeout(timeoutMillis)
                .putHeader("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .putHeader("Accept", "application/json")
                .sendBuffer(Buffer.buffer(AliyunRpcSignature.canonicalQuery(params)))
                .onItemOrFailure().transformToUni((response, error) -> {
                    SmsFailure failure = error != null ? unreachable(message, error) : judge(message, response);
                    return failure == null ? Uni.createFrom().voidItem()
                            : Uni.createFrom().failure(failure.problem());
                });
    }

    private static SmsFailure unreachable(SmsMessage message, Throwable error) {
        LOG.warnf("SMS %s not sent: the gateway did not answer (%s: %s)", message.template(),
                error.getClass().getSimpleName(), error.getMessage());
        return SmsFailure.GATEWAY_DOWN;
    }

    /** null when the message was accepted. */
    private static SmsFailure judge(SmsMessage message, HttpResponse<Buffer> response) {
        String code = null;
        String requestId = null;
        try {
            JsonObject body = response.bodyAsJsonObject();
            if (body != null) {
                code = body.getString("Code");
                requestId = body.getString("RequestId");
            }
        } catch (RuntimeException notJson) {
            // An HTML error page of a load balancer, or nothing: judged by the status alone.
        }
        SmsFailure failure = classify(response.statusCode(), code);
        if (failure == null) {
            return null;
        }
        String what = "SMS %s not sent: gateway answered HTTP %d, code %s, request %s";
        switch (failure) {
            case GATEWAY_MISCONFIGURED -> LOG.errorf(what + " (check anquanli.sms.aliyun.* and the SMS account)",
                    message.template(), response.statusCode(), code, requestId);
            case GATEWAY_DOWN, GATEWAY_BUSY -> LOG.warnf(what, message.template(), response.statusCode(), code,
                    requestId);
            default -> LOG.infof(what, message.template(), response.statusCode(), code, requestId);
        }
        return failure;
    }

    /**
     * The gateway's answer as an {@link SmsFailure}, or null for a message accepted (HTTP 2xx, Code OK). Business
     * refusals (isv.*) come with HTTP 200; the API gateway's own (signature, access key, throttling) with 4xx.
     */
    static SmsFailure classify(int httpStatus, String code) {
        if (code == null || code.isBlank()) {
            // Not Dysmsapi's JSON: a failing gateway, or something else at the configured endpoint.
            return httpStatus == 429 ? SmsFailure.GATEWAY_BUSY
                    : httpStatus >= 500 ? SmsFailure.GATEWAY_DOWN : SmsFailure.GATEWAY_MISCONFIGURED;
        }
        if (code.equals("OK")) {
            return httpStatus >= 200 && httpStatus < 300 ? null : SmsFailure.GATEWAY_DOWN;
        }
        if (code.startsWith("Throttling")) {
            // Throttling, Throttling.User, Throttling.Api: calls per second of the account or the API.
            return SmsFailure.GATEWAY_BUSY;
        }
        return switch (code) {
            // 非法手机号: a number that passed our check (1[3-9] and 11 digits) but no carrier has.
            case "isv.MOBILE_NUMBER_ILLEGAL" -> SmsFailure.PHONE_REFUSED;
            // 业务限流: the per-number flow control (by default 1 a minute, 5 an hour, 10 a day for codes).
            case "isv.BUSINESS_LIMIT_CONTROL" -> SmsFailure.PHONE_RATE_LIMITED;
            case "isp.SYSTEM_ERROR", "ServiceUnavailable", "InternalError" -> SmsFailure.GATEWAY_DOWN;
            // Everything else is about our request or account: SignatureDoesNotMatch, InvalidAccessKeyId.NotFound,
            // isv.SMS_TEMPLATE_ILLEGAL, isv.SMS_SIGNATURE_ILLEGAL, isv.AMOUNT_NOT_ENOUGH, isp.RAM_PERMISSION_DENY,
            // isv.OUT_OF_SERVICE, isv.DAY_LIMIT_CONTROL (the account's daily cap), InvalidTimeStamp.Expired, ...
            default -> httpStatus >= 500 ? SmsFailure.GATEWAY_DOWN : SmsFailure.GATEWAY_MISCONFIGURED;
        };
    }

    @Override
    public void close() {
        client.close();
    }
}
