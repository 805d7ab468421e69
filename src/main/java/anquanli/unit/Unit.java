package anquanli.unit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

@Entity
@Table(name = "unit")
public class Unit {

    public enum Kind { ENTERPRISE, AGENCY, INSTITUTION, SCHOOL, OTHER }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "region_code")
    public String regionCode;

    @Column(name = "credit_code")
    public String creditCode;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
