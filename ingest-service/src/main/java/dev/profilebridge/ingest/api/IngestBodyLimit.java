package dev.profilebridge.ingest.api;

import dev.profilebridge.commons.api.ContentLengthLimit;
import dev.profilebridge.commons.api.Problem;
import dev.profilebridge.ingest.config.IngestConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Refuses a profile request over {@code ingest.max-body-size} with a 413 problem that names the limit. */
@ApplicationScoped
public class IngestBodyLimit {

    void register(@Observes Router router, IngestConfig config) {
        ContentLengthLimit.install(router, "/v1/profiles", config.maxBodySize().asLongValue(), Problem.MEDIA_TYPE,
                limit -> new JsonObject().put("type", "about:blank").put("title", "Payload Too Large")
                        .put("status", 413).put("detail", "The request body exceeds " + limit + " bytes")
                        .put("limit", limit).encode());
    }
}
