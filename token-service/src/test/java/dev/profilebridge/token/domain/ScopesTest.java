package dev.profilebridge.token.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** RFC 6749 §3.3: a scope is space-delimited and its order does not matter. */
class ScopesTest {

    @Test
    void aScopeIsSplitOnRunsOfSpacesWithItsEndsTrimmed() {
        assertEquals(List.of("profiles:write", "dlq:operate"), List.copyOf(Scopes.parse("  profiles:write   dlq:operate ")));
    }

    @Test
    void noScopeIsTheEmptySet() {
        assertEquals(Set.of(), Scopes.parse(null));
        assertEquals(Set.of(), Scopes.parse("   "));
    }

    @Test
    void theCanonicalFormIsSortedSoThatEqualSetsGiveEqualStrings() {
        assertEquals("clients:admin dlq:operate profiles:write",
                Scopes.format(Scopes.parse("profiles:write clients:admin dlq:operate")));
        assertEquals(Scopes.format(Scopes.parse("b a")), Scopes.format(Scopes.parse("a b")));
    }
}
