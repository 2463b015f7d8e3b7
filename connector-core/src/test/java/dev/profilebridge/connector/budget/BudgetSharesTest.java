package dev.profilebridge.connector.budget;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BudgetSharesTest {

    @Test
    void replicasThatAllWantMoreThanTheBudgetSplitItEvenlyTheFirstInOrderTakingTheRemainder() {
        assertArrayEquals(new int[] { 3, 3, 2 }, BudgetShares.split(new int[] { 8, 8, 8 }, 8));
        assertArrayEquals(new int[] { 2, 1, 1 }, BudgetShares.split(new int[] { 4, 4, 4 }, 4));
    }

    @Test
    void aDrainedReplicasSlotsGoToTheOnesWithABacklog() {
        assertArrayEquals(new int[] { 0, 0, 8 }, BudgetShares.split(new int[] { 0, 0, 8 }, 8));
        assertArrayEquals(new int[] { 1, 4, 3 }, BudgetShares.split(new int[] { 1, 8, 8 }, 8),
                "max-min fair: the small demand met, the rest split between the two");
    }

    @Test
    void whatNobodyWantsGoesToWhoeverHoldsFewest() {
        assertArrayEquals(new int[] { 3, 3, 2 }, BudgetShares.split(new int[] { 0, 0, 0 }, 8), "no demand: even");
        assertArrayEquals(new int[] { 5, 2, 1 }, BudgetShares.split(new int[] { 5, 0, 0 }, 8));
        assertArrayEquals(new int[] { 3, 3, 2 }, BudgetShares.split(new int[] { 2, 0, 0 }, 8),
                "a demand below an even share: the split is the even one");
        assertArrayEquals(new int[] {}, BudgetShares.split(new int[] {}, 8));
    }

    @Test
    void theSharesAlwaysAddUpToTheBudgetAndNoDemandBelowAnEvenShareGoesUnmet() {
        Random random = new Random(42);
        for (int round = 0; round < 10_000; round++) {
            int total = 1 + random.nextInt(12);
            int[] demands = random.ints(1 + random.nextInt(5), 0, total + 1).toArray();
            int[] shares = BudgetShares.split(demands, total);
            assertEquals(total, Arrays.stream(shares).sum(), Arrays.toString(demands));
            for (int i = 0; i < demands.length; i++) {
                int fair = Math.min(demands[i], total / demands.length);
                assertTrue(shares[i] >= fair, "replica " + i + " of " + Arrays.toString(demands) + " got "
                        + Arrays.toString(shares));
            }
        }
    }
}
