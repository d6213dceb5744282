package dev.xai4j.server;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Describes the running service: {@code GET /api/v1/info}. */
@Path("/api/v1/info")
public class ApiInfoResource {

    /** Body of the info answer. */
    public record Info(String name, String version) {
    }

    @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown")
    String version;

    /** @return the service name ({@code xai4j}) and version */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Info info() {
        return new Info("xai4j", version);
    }
}
