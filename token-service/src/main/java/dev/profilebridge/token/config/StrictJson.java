package dev.profilebridge.token.config;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Refuses a JSON body that repeats a member name (a 400 problem through the malformed-JSON mapper). Jackson otherwise
 * keeps the last value, and another reader of the same body may keep the first: an admin request must mean one
 * thing. (With a record such as the registration body, a repeated name even fails Jackson's binding with a 500.)
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }
}
