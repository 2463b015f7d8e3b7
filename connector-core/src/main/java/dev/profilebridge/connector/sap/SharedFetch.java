package dev.profilebridge.connector.sap;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * A value that is expensive to get (a CSRF session, an OAuth token): fetched once, shared by concurrent callers,
 * kept while usable, and forgotten when a fetch fails so that the next caller tries again.
 */
final class SharedFetch<T> {

    private final Supplier<Uni<T>> fetch;
    private final AtomicReference<Uni<T>> current = new AtomicReference<>();

    SharedFetch(Supplier<Uni<T>> fetch) {
        this.fetch = fetch;
    }

    /** The kept value, or a new one when there is none or it is no longer {@code usable}. */
    Uni<T> get(Predicate<T> usable) {
        Uni<T> kept = current.get();
        return kept == null ? renew() : kept.chain(value -> usable.test(value) ? Uni.createFrom().item(value) : renew());
    }

    /** Fetches a new value now, replacing the kept one. */
    Uni<T> renew() {
        Uni<T> next = fetch.get().memoize().indefinitely();
        current.set(next);
        return next.onFailure().invoke(() -> current.compareAndSet(next, null));
    }
}
