package dev.xai4j.server.api;

import dev.xai4j.explain.Explainer;
import dev.xai4j.explain.ExplainerRegistry;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.server.api.dto.ExplainerList;
import dev.xai4j.server.inference.InferencePool;
import dev.xai4j.server.models.ModelRegistry;
import dev.xai4j.server.service.ExplainService;
import dev.xai4j.server.service.Results;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;

/** The explanation methods and their parameters. */
@Path("/api/v1/explainers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Explainers", description = "The explanation methods and their parameters")
public class ExplainersResource {

    @Inject
    ExplainService service;

    @Inject
    ModelRegistry models;

    @Inject
    InferencePool pool;

    /** Every explainer, or those that apply to one model. */
    @GET
    @Operation(summary = "List the explanation methods",
            description = "Ids, descriptions and parameters (type, default, allowed range or choices) of every method.")
    @APIResponse(responseCode = "200", description = "The explainers",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExplainerList.class)))
    public ExplainerList list(@Parameter(description = "Only the methods that apply to this model")
                              @QueryParam("model") String model) {
        ExplainerRegistry registry = service.engine().registry();
        List<Explainer> explainers;
        if (model == null || model.isBlank()) {
            explainers = registry.all();
        } else {
            String name = service.modelName(model);
            ModelInfo info = models.knownInfo(name).orElseGet(() -> pool.call(() -> models.info(name)).value());
            explainers = registry.applicable(info);
        }
        return new ExplainerList(explainers.stream().map(Results::explainer).toList());
    }
}
