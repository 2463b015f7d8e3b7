package dev.profilebridge.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The published schema and the field constants say the same. */
class ProfileEventSchemaTest {

    @Test
    void theSchemaRequiresExactlyTheFieldsTheConstantsName() throws Exception {
        JsonNode schema;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ProfileEventFields.SCHEMA_RESOURCE)) {
            assertNotNull(in, ProfileEventFields.SCHEMA_RESOURCE);
            schema = new ObjectMapper().readTree(in);
        }
        List<String> required = new ArrayList<>();
        schema.path("required").forEach(field -> required.add(field.asText()));
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);

        assertEquals(ProfileEventFields.ALL, required);
        assertEquals(ProfileEventFields.ALL, properties);
        ProfileEventFields.SECTIONS.forEach(section -> assertEquals("object",
                schema.path("properties").path(section).path("type").asText(), section));
    }
}
