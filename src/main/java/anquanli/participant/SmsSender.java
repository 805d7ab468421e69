package anquanli.participant;

import io.smallrye.mutiny.Uni;

/**
 * Delivers text messages: one-time login codes and notices to people who asked to be told (a hazard reporter when the
 * report is accepted or closed). Chinese SMS gateways send registered templates filled with parameters, so a message is
 * a template and its parameters, never free text. Production plugs in the gateway of the deploying committee (a CDI
 * bean of this type that is an {@code @Alternative} with a priority replaces the logging sender).
 */
public interface SmsSender {

    Uni<Void> send(String phone, SmsMessage message);
}
