package anquanli.participant;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ParticipantRepository implements PanacheRepositoryBase<Participant, Long> {
}
