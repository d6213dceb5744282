package dev.xai4j.server.api;

import dev.xai4j.server.api.dto.AnatomyRequestBody;
import dev.xai4j.server.api.dto.AnatomyResponse;
import dev.xai4j.server.service.AnatomyService;
import dev.xai4j.server.service.InvalidRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** The inside views of a Vision Transformer on one image. */
@Path("/api/v1/anatomy")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Anatomy", description = "Inside a Vision Transformer: attention per layer and head, attention distance, "
        + "position embeddings, the CLS token")
public class AnatomyResource {

    /** The two body forms share one OpenAPI operation, so they share its text. */
    static final String ANATOMY_DESCRIPTION = "From one forward pass of a ViT: CLS attention of every layer (heads fused) "
            + "and every head, the attention matrix of one layer (one head or fused; sent whole up to 400 tokens) and one "
            + "query row of it as a map, mean attention distance per layer and head in pixels with per-layer mean/min/max "
            + "and shallow/deep thirds, position-embedding cosine similarity of one patch and the position embeddings' PCA, "
            + "the CLS token's norm and PCA path across the blocks; with figures=true (default) also the standard figures "
            + "as base64 PNGs. A ResNet is refused with 400. JSON: the image as base64; multipart form: the 'image' file "
            + "and the other fields as form fields.";

    @Inject
    AnatomyService service;

    @Inject
    Inputs inputs;

    /** One image, base64 JSON. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "anatomy", summary = "Look inside a ViT", description = ANATOMY_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The views and figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AnatomyResponse.class)))
    public AnatomyResponse anatomy(@RequestBody(required = true) AnatomyRequestBody body) {
        if (body == null) {
            throw InvalidRequestException.of("body", "a JSON body with the image is required");
        }
        return service.anatomy(new AnatomyService.Job(body.model(), inputs.base64("image", body.image()), body.layer(),
                body.head(), body.query(), body.patch(), body.figures()));
    }

    /** One uploaded image. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "anatomyUpload", summary = "Look inside a ViT", description = ANATOMY_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The views and figures",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AnatomyResponse.class)))
    public AnatomyResponse anatomyUpload(
            @RestForm("image") @Schema(type = SchemaType.STRING, format = "binary", required = true,
                    description = "The image file (PNG, JPEG, BMP or GIF; judged by content)") FileUpload image,
            @RestForm("model") @Schema(description = "Model name (a ViT); the default model when absent") String model,
            @RestForm("layer") @Schema(description = "Block of the attention views, negative from the end (default -1, "
                    + "the last)") String layer,
            @RestForm("head") @Schema(description = "mean (default), max, min or a head index") String head,
            @RestForm("query") @Schema(description = "Query token of the attention row (default 0, CLS)") String query,
            @RestForm("patch") @Schema(description = "Patch of the position-similarity map, row-major (default the "
                    + "centre patch)") String patch,
            @RestForm("figures") @Schema(description = "Draw the PNG figures (default true)") String figures) {
        return service.anatomy(new AnatomyService.Job(model, inputs.upload("image", image), Forms.integer("layer", layer),
                blank(head), Forms.integer("query", query), Forms.integer("patch", patch), Forms.bool("figures", figures)));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
