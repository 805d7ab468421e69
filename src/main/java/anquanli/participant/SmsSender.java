package anquanli.participant;

import io.smallrye.mutiny.Uni;

/**
 * Delivers one-time login codes. Production plugs in the SMS gateway of the deploying committee (a CDI bean of
 * this type that is an {@code @Alternative} with a priority replaces the logging sender).
 */
public interface SmsSender {

    Uni<Void> send(String phone, String code);
}
