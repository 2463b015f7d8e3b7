package dev.profilebridge.ingest.persistence;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** What one ingest request brought: how many profiles were accepted, rejected and superseded, for whom. */
@Entity
@Table(name = "request_receipt")
public class RequestReceipt extends PanacheEntityBase {

    @Id
    @Column(name = "request_id")
    public UUID requestId;

    @Column(name = "client_id", nullable = false)
    public String clientId;

    @Column(name = "received_at", nullable = false)
    public Instant receivedAt;

    @Column(nullable = false)
    public int accepted;

    @Column(nullable = false)
    public int rejected;

    @Column(nullable = false)
    public int superseded;
}
