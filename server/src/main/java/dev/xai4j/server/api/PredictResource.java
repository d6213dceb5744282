package dev.xai4j.server.api;

import dev.xai4j.server.api.dto.PredictRequestBody;
import dev.xai4j.server.api.dto.PredictResponse;
import dev.xai4j.server.service.ExplainService;
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

/** Classification of one image. */
@Path("/api/v1/predict")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Predict", description = "Classify images")
public class PredictResource {

    /** The two body forms share one OpenAPI operation, so they share its text. */
    static final String PREDICT_DESCRIPTION = "The top-k classes of one image with their softmax probabilities. JSON: the "
            + "image as base64; multipart form: the 'image' file with 'model' and 'topK' fields.";

    @Inject
    ExplainService service;

    @Inject
    Inputs inputs;

    /** The top classes of an image sent as base64 JSON. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "predict", summary = "Classify an image",
            description = PREDICT_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The best classes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictResponse.class)))
    public PredictResponse predict(@RequestBody(required = true) PredictRequestBody body) {
        if (body == null) {
            throw InvalidRequestException.of("body", "a JSON body with the image is required");
        }
        return service.predict(body.model(), inputs.base64("image", body.image()), inputs.topK(body.topK()),
                inputs.inputSize(body.inputSize()));
    }

    /** The top classes of an uploaded image. */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(operationId = "predictUpload", summary = "Classify an image", description = PREDICT_DESCRIPTION)
    @APIResponse(responseCode = "200", description = "The best classes",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = PredictResponse.class)))
    public PredictResponse predictUpload(
            @RestForm("image") @Schema(type = SchemaType.STRING, format = "binary", required = true,
                    description = "The image file (PNG, JPEG, BMP or GIF; judged by content)") FileUpload image,
            @RestForm("model") @Schema(description = "Model name; the default model when absent") String model,
            @RestForm("topK") @Schema(description = "How many classes to return (default 5)") String topK,
            @RestForm("inputSize") @Schema(description = ExplainResource.INPUT_SIZE) String inputSize) {
        return service.predict(model, inputs.upload("image", image), inputs.topK(Forms.integer("topK", topK)),
                inputs.inputSize(Forms.integer("inputSize", inputSize)));
    }
}
