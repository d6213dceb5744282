package dev.xai4j.server.api;

import dev.xai4j.model.ModelInfo;
import dev.xai4j.server.api.dto.ModelDescription;
import dev.xai4j.server.api.dto.ModelList;
import dev.xai4j.server.inference.InferencePool;
import dev.xai4j.server.models.ModelRegistry;
import dev.xai4j.server.models.ModelUnavailableException;
import dev.xai4j.server.service.ExplainService;
import dev.xai4j.server.service.Results;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The models the server can use. */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Models", description = "The classifiers the server can explain")
public class ModelsResource {

    private static final Logger LOG = Logger.getLogger(ModelsResource.class);

    @Inject
    ModelRegistry models;

    @Inject
    InferencePool pool;

    @Inject
    ExplainService service;

    /** Every model with its architecture, input size, labels, capture points and applicable explainers. */
    @GET
    @Operation(summary = "List the models",
            description = "Name, architecture, input size, labels, capture points and applicable explainers of every model. "
                    + "A model that was never loaded is loaded once (on the inference pool) to describe it.")
    @APIResponse(responseCode = "200", description = "The models",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelList.class)))
    public ModelList list() {
        List<ModelDescription> out = new ArrayList<>();
        for (String name : models.names()) {
            out.add(describe(name));
        }
        return new ModelList(models.defaultModel(), out);
    }

    /** One model. */
    @GET
    @Path("/{name}")
    @Operation(summary = "Describe one model")
    @APIResponse(responseCode = "200", description = "The model",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ModelDescription.class)))
    @APIResponse(responseCode = "404", description = "No model of this name",
            content = @Content(mediaType = Problems.PROBLEM_JSON, schema = @Schema(implementation = dev.xai4j.server.api.dto.Problem.class)))
    public ModelDescription get(@PathParam("name") String name) {
        if (!models.names().contains(name)) {
            throw new NotFoundException("no model named '" + name + "'; known: " + models.names());
        }
        return describe(name);
    }

    private ModelDescription describe(String name) {
        boolean isDefault = name.equals(models.defaultModel());
        try {
            Optional<ModelInfo> known = models.knownInfo(name);
            ModelInfo info = known.isPresent() ? known.get() : pool.call(() -> models.info(name)).value();
            return Results.model(name, info, isDefault, models.isLoaded(name), service.engine().registry());
        } catch (ModelUnavailableException e) {
            LOG.warnf(e.getCause(), "model '%s' cannot be loaded", name);
            return ModelDescription.unavailable(name, isDefault, e.getMessage());
        }
    }
}
