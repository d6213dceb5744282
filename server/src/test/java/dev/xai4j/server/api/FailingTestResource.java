package dev.xai4j.server.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** Test-only endpoint that fails unexpectedly, to check the catch-all error answer. */
@Path("/test/fail")
public class FailingTestResource {

    @GET
    public String fail() {
        throw new IllegalStateException("secret internal state at /srv/db?password=hunter2");
    }
}
