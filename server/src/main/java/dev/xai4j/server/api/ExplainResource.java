package dev.xai4j.server.api;

import dev.xai4j.server.api.dto.BatchExplainRequestBody;
import dev.xai4j.server.api.dto.BatchExplainResponse;
import dev.xai4j.server.api.dto.ExplainRequestBody;
import dev.xai4j.server.api.dto.ExplainResponse;
import dev.xai4j.server.api.dto.OutputOptions;
import dev.xai4j.server.service.ExplainService;
import dev.xai4j.server.service.ImageData;
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

import java.util.ArrayList;
import java.util.List;

/** Explanations of one image or a batch. */
@Path("/api/v1/explain")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Explain", description = "Explain a classifier's decision with one or more methods")
public class ExplainResource {

    /** The two body forms share one OpenAPI operation, so they share its text. */
    static final String EXPLAIN_DESCRIPTION = "Runs the requested methods from one shared forward pass and at most one "
            + "backward pass, and returns per method the map (raw grid and/or PNG overlay), the prediction, timings and "
            + "the pairwise Spearman agreement of the maps. JSON: the image as base64, methods as ids or objects with "
            + "parameters. Multipart form: the 'image' file, 'methods' as comma-separated ids and 'parameters' as a JSON "
            + "object of method id → {parameter: value}; the output options as fields of their own.";
    static final String BATCH_DESCRIPTION = "Like /explain for up to xai.limits.max-batch-size images, which share one "
            + "forward pass and at most one backward pass. JSON: 'images' as an array of base64 strings. Multipart form: "
            + "repeat the 'images' file field; the other fields are as for /explain.";
    /** The form field's text; the JSON bodies describe the same field. */
    static final String INPUT_SIZE = "Run the model at inputSize × inputSize pixels instead of its checkpoint's size "
            + "(16 to 1024; a ViT's position embeddings are resampled as timm does)";

    @Inject
    ExplainService service;

    @Inject
    Inputs inputs;

    /** One image, base64 JSON. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "explain", summary = "Explain an image",
            description = EXPLAIN_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The explanations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExplainResponse.class)))
    public ExplainResponse explain(@RequestBody(required = true) ExplainRequestBody body) {
        if (body == null) {
            throw InvalidRequestException.of("body", "a JSON body with the image and methods is required");
        }
        return service.explain(inputs.job(body.model(), List.of(inputs.base64("image", body.image())),
                inputs.methods(body.methods()), body.target(), body.topK(), body.output())
                .withInputSize(inputs.inputSize(body.inputSize())));
    }

    /** One uploaded image. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "explainUpload", summary = "Explain an image", description = EXPLAIN_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The explanations",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ExplainResponse.class)))
    public ExplainResponse explainUpload(
            @RestForm("image") @Schema(type = SchemaType.STRING, format = "binary", required = true,
                    description = "The image file (PNG, JPEG, BMP or GIF; judged by content)") FileUpload image,
            @RestForm("model") @Schema(description = "Model name; the default model when absent") String model,
            @RestForm("methods") @Schema(required = true, description = "Comma-separated explainer ids",
                    examples = "cls-attention,attention-rollout,grad-cam") String methods,
            @RestForm("parameters") @Schema(description = "JSON object: method id → {parameter: value}",
                    examples = "{\"attention-rollout\": {\"discard_ratio\": 0.9}}") String parameters,
            @RestForm("target") @Schema(description = "top (default), top-k, a class index or a label, or a contrast 'A vs B' (why A rather than B)") String target,
            @RestForm("topK") @Schema(description = "Classes in the prediction (default 5)") String topK,
            @RestForm("raw") @Schema(description = "Include raw maps (default true)") String raw,
            @RestForm("overlay") @Schema(description = "Include PNG overlays (default false)") String overlay,
            @RestForm("colormap") @Schema(description = "Colour scale of overlays (default jet)") String colormap,
            @RestForm("alpha") @Schema(description = "Opacity of the colour layer (default 0.5)") String alpha,
            @RestForm("normalization") @Schema(description = "auto, max, min_max, symmetric or percentile") String normalization,
            @RestForm("upsampling") @Schema(description = "nearest, bilinear or bicubic") String upsampling,
            @RestForm("overlaySize") @Schema(description = "Longest side of overlays in pixels (default 512)") String overlaySize,
            @RestForm("agreement") @Schema(description = "Include the agreement matrix (default true)") String agreement,
            @RestForm("inputSize") @Schema(description = INPUT_SIZE) String inputSize) {
        OutputOptions output = output(raw, overlay, colormap, alpha, normalization, upsampling, overlaySize, agreement);
        return service.explain(inputs.job(model, List.of(inputs.upload("image", image)), inputs.methods(methods, parameters),
                target, Forms.integer("topK", topK), output).withInputSize(inputs.inputSize(Forms.integer("inputSize", inputSize))));
    }

    /** Several images, base64 JSON, one shared pass. */
    @POST
    @Path("/batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "explainBatch", summary = "Explain several images in one pass", description = BATCH_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The explanations per image",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchExplainResponse.class)))
    public BatchExplainResponse explainBatch(@RequestBody(required = true) BatchExplainRequestBody body) {
        if (body == null) {
            throw InvalidRequestException.of("body", "a JSON body with the images and methods is required");
        }
        if (body.images() == null || body.images().isEmpty()) {
            throw InvalidRequestException.of("images", "images is required: one or more base64 images");
        }
        List<ImageData> images = new ArrayList<>();
        for (int i = 0; i < body.images().size(); i++) {
            images.add(inputs.base64("images[" + i + "]", body.images().get(i)));
        }
        return service.explainBatch(inputs.job(body.model(), images, inputs.methods(body.methods()), body.target(),
                body.topK(), body.output()).withInputSize(inputs.inputSize(body.inputSize())));
    }

    /** Several uploaded images, one shared pass. */
    @POST
    @Path("/batch")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "explainBatchUpload", summary = "Explain several images in one pass",
            description = BATCH_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The explanations per image",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = BatchExplainResponse.class)))
    public BatchExplainResponse explainBatchUpload(
            @RestForm("images") @Schema(type = SchemaType.ARRAY, implementation = String.class, format = "binary",
                    required = true, description = "The image files (repeat the field), in order") List<FileUpload> images,
            @RestForm("model") @Schema(description = "Model name; the default model when absent") String model,
            @RestForm("methods") @Schema(required = true, description = "Comma-separated explainer ids") String methods,
            @RestForm("parameters") @Schema(description = "JSON object: method id → {parameter: value}") String parameters,
            @RestForm("target") @Schema(description = "top (default), top-k, a class index or a label, or a contrast 'A vs B' (why A rather than B)") String target,
            @RestForm("topK") @Schema(description = "Classes in each prediction (default 5)") String topK,
            @RestForm("raw") @Schema(description = "Include raw maps (default true)") String raw,
            @RestForm("overlay") @Schema(description = "Include PNG overlays (default false)") String overlay,
            @RestForm("colormap") @Schema(description = "Colour scale of overlays (default jet)") String colormap,
            @RestForm("alpha") @Schema(description = "Opacity of the colour layer (default 0.5)") String alpha,
            @RestForm("normalization") @Schema(description = "auto, max, min_max, symmetric or percentile") String normalization,
            @RestForm("upsampling") @Schema(description = "nearest, bilinear or bicubic") String upsampling,
            @RestForm("overlaySize") @Schema(description = "Longest side of overlays in pixels (default 512)") String overlaySize,
            @RestForm("agreement") @Schema(description = "Include the agreement matrices (default true)") String agreement,
            @RestForm("inputSize") @Schema(description = INPUT_SIZE) String inputSize) {
        if (images == null || images.isEmpty()) {
            throw InvalidRequestException.of("images", "one or more image files are required");
        }
        List<ImageData> data = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            data.add(inputs.upload("images[" + i + "]", images.get(i)));
        }
        OutputOptions output = output(raw, overlay, colormap, alpha, normalization, upsampling, overlaySize, agreement);
        return service.explainBatch(inputs.job(model, data, inputs.methods(methods, parameters), target,
                Forms.integer("topK", topK), output).withInputSize(inputs.inputSize(Forms.integer("inputSize", inputSize))));
    }

    private static OutputOptions output(String raw, String overlay, String colormap, String alpha, String normalization,
                                        String upsampling, String overlaySize, String agreement) {
        return new OutputOptions(Forms.bool("raw", raw), Forms.bool("overlay", overlay), blank(colormap),
                Forms.number("alpha", alpha), blank(normalization), blank(upsampling),
                Forms.integer("overlaySize", overlaySize), Forms.bool("agreement", agreement));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
