package dev.profilebridge.connector.persistence;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class DeliveryStateRepository implements PanacheRepositoryBase<DeliveryState, DeliveryState.Key> {

    public Uni<DeliveryState> findFor(String connector, String uid) {
        return findById(new DeliveryState.Key(connector, uid));
    }
}
