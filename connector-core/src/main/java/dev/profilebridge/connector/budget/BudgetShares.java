package dev.profilebridge.connector.budget;

/**
 * How the slots of a tenant's budget are split among the live replicas, from the slots each one wants (its demand):
 * max-min fair, then what nobody wants evenly.
 * <p>
 * Why by demand and not evenly: replicas own different partitions, and partitions run dry at different moments. An
 * even split left a drained replica's slots idle while another still had a backlog (three replicas on a budget of 8,
 * the last backlog went at 2 slots' speed). Why the slack is still split: a replica with nothing to do at the last
 * renewal keeps slots for the next records it gets, so a quiet tenant's freshness does not wait for a renewal.
 * <p>
 * Every replica computes the same split from the same rows (members in holder order), so the split needs no
 * coordination of its own; the leases, not the shares, are what keeps the budget.
 */
final class BudgetShares {

    private BudgetShares() {
    }

    /**
     * The shares of {@code total} slots for replicas wanting {@code demands} (in holder order): one slot at a time, in
     * turn, to each replica that still wants more; then the rest to whoever holds the fewest, the first in order on a
     * tie. The shares add up to {@code total}.
     */
    static int[] split(int[] demands, int total) {
        int[] shares = new int[demands.length];
        if (demands.length == 0) {
            return shares;
        }
        int left = total;
        boolean given = true;
        while (left > 0 && given) {
            given = false;
            for (int i = 0; i < demands.length && left > 0; i++) {
                if (shares[i] < demands[i]) {
                    shares[i]++;
                    left--;
                    given = true;
                }
            }
        }
        for (; left > 0; left--) {
            shares[fewest(shares)]++;
        }
        return shares;
    }

    private static int fewest(int[] shares) {
        int fewest = 0;
        for (int i = 1; i < shares.length; i++) {
            if (shares[i] < shares[fewest]) {
                fewest = i;
            }
        }
        return fewest;
    }
}
