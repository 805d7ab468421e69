package anquanli.participant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "participant")
public class Participant {

    @Id
    public Long id;

    @Column(name = "phone_masked", updatable = false, insertable = false)
    public String phoneMasked;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "region_code")
    public String regionCode;

    @Column(name = "unit_id")
    public Long unitId;

    @Enumerated(EnumType.STRING)
    @Column(name = "identity_type")
    public IdentityType identityType;

    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean profileComplete() {
        return displayName != null && regionCode != null && identityType != null;
    }
}
