package dev.profilebridge.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.profilebridge.wire.ProfileEventFields;

/** The test kit's events are canonical events: every field the schema requires, in its order, and nothing else. */
class ProfileEventsTest {

    @Test
    void anEventHasExactlyTheCanonicalFields() throws Exception {
        JsonNode event = new ObjectMapper().readTree(ProfileEvents.event("uid-7", 3, "v3"));
        List<String> fields = new ArrayList<>();
        event.fieldNames().forEachRemaining(fields::add);

        assertEquals(ProfileEventFields.ALL, fields);
        assertEquals("uid-7", event.path(ProfileEventFields.UID).asText());
        assertEquals(ProfileEvents.BASE.plusSeconds(3).toString(), event.path(ProfileEventFields.CHANGED_AT).asText());
        assertEquals("v3", event.path(ProfileEventFields.PROFILE).path("firstName").asText());
    }
}
