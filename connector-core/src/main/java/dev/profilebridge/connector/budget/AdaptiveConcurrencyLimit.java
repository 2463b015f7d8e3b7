package dev.profilebridge.connector.budget;

/**
 * How many requests this replica sends at once, below the slots it holds of its tenant's budget: additive increase,
 * multiplicative decrease, as TCP does. A {@code 429} or {@code 503} halves it (SAP is telling us it is loaded, and
 * other interfaces share the tenant); every {@code limit} successful requests raise it by one, up to the slots held.
 * Used on the engine's context only.
 */
public final class AdaptiveConcurrencyLimit {

    private int limit;
    private int successesSinceIncrease;

    public AdaptiveConcurrencyLimit(int initial) {
        this.limit = Math.max(1, initial);
    }

    /** The limit now, never above {@code ceiling} (the slots held) and at least one while any slot is held. */
    public int current(int ceiling) {
        return Math.min(limit, ceiling);
    }

    /** Halves what was in use: the limit, or the slots held when they are fewer. */
    public void throttled(int ceiling) {
        limit = Math.max(1, Math.min(limit, ceiling) / 2);
        successesSinceIncrease = 0;
    }

    /**
     * A success raises a limit below the slots held. One at or above them stays: a replica that was never throttled
     * uses more slots as soon as it gets them (its share of the budget grows when another replica's work runs out).
     */
    public void succeeded(int ceiling) {
        if (limit >= ceiling) {
            successesSinceIncrease = 0;
            return;
        }
        if (++successesSinceIncrease >= limit) {
            limit++;
            successesSinceIncrease = 0;
        }
    }
}
