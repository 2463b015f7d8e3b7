package dev.profilebridge.ingest.api;

import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.Operation;

import dev.profilebridge.commons.api.Problem;
import dev.profilebridge.ingest.cdc.DataflowGenerator;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The IdentitySync dataflow for this deployment, ready to import into CDC. */
@Path("/v1/cdc/dataflow")
public class DataflowResource {

    private final DataflowGenerator generator;

    DataflowResource(DataflowGenerator generator) {
        this.generator = generator;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed("clients:admin")
    @Operation(summary = "Generate the CDC IdentitySync dataflow that feeds this deployment")
    public Response dataflow(@QueryParam("select") @DefaultValue(DataflowGenerator.DEFAULT_SELECT) String select,
            @QueryParam("batchSize") @DefaultValue("50") int batchSize,
            @QueryParam("maxConnections") @DefaultValue("10") int maxConnections,
            @QueryParam("clientId") @DefaultValue("client_id") String clientId) {
        if (batchSize < 1 || batchSize > 1000 || maxConnections < 1 || maxConnections > 100) {
            return new Problem(400, "Bad Request", "batchSize must be 1 to 1000 and maxConnections 1 to 100")
                    .toResponse();
        }
        Map<String, Object> dataflow = generator.dataflow(select, batchSize, maxConnections, clientId);
        return Response.ok(dataflow).build();
    }
}
