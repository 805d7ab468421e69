package anquanli.participant;

import java.util.Map;

/** A registered SMS template and the values of its parameters. */
public record SmsMessage(Template template, Map<String, String> params) {

    /** The templates the service sends; each is registered with the gateway under the same name. */
    public enum Template {
        /** 您的验证码为${code}，5分钟内有效。 */
        LOGIN_CODE,
        /** 您举报的隐患（查询码${trackingCode}）已受理。 */
        HAZARD_ACCEPTED,
        /** 您举报的隐患（查询码${trackingCode}）已办结，可在应用中查看处理结果。 */
        HAZARD_CLOSED,
        /** 请于${deadline}前填报“${round}”安全生产月活动进展情况统计表。 */
        REPORT_REMINDER
    }

    public static SmsMessage loginCode(String code) {
        return new SmsMessage(Template.LOGIN_CODE, Map.of("code", code));
    }

    public static SmsMessage hazardAccepted(String trackingCode) {
        return new SmsMessage(Template.HAZARD_ACCEPTED, Map.of("trackingCode", trackingCode));
    }

    public static SmsMessage reportReminder(String round, String deadline) {
        return new SmsMessage(Template.REPORT_REMINDER, Map.of("round", round, "deadline", deadline));
    }

    public static SmsMessage hazardClosed(String trackingCode) {
        return new SmsMessage(Template.HAZARD_CLOSED, Map.of("trackingCode", trackingCode));
    }
}
