package dev.profilebridge.connector.budget;

import java.util.function.IntSupplier;

/** How many requests this replica may have at its target now ({@link TenantBudget}; a fixed number in unit tests). */
public interface ConcurrencyPermits {

    int permits();

    /** The engine says how many it uses right now. */
    void usage(IntSupplier requestsInFlight);

    /** The engine says how many requests it could have out now: in flight, and the records waiting for a slot. */
    void demand(IntSupplier slotsWanted);

    /** Called (on any thread) whenever the permits may have grown. */
    void onChange(Runnable listener);
}
