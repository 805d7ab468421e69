package anquanli.participant;

import io.smallrye.mutiny.Uni;

/**
 * Delivers text messages: one-time login codes and notices to people who asked to be told (a hazard reporter when the
 * report is accepted or closed). Chinese SMS gateways send registered templates filled with parameters, so a message is
 * a template and its parameters, never free text. {@link SmsSenders} picks the one sender from
 * {@code anquanli.sms.provider}: Alibaba Cloud SMS, or the logging sender of dev and test. A message that does not go
 * out fails the {@code Uni} with the problem of its {@link SmsFailure}.
 */
public interface SmsSender {

    Uni<Void> send(String phone, SmsMessage message);
}
