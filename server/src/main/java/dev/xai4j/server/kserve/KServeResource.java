package dev.xai4j.server.kserve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.xai4j.server.api.Inputs;
import dev.xai4j.server.api.dto.ExplainResponse;
import dev.xai4j.server.api.dto.MethodSpec;
import dev.xai4j.server.api.dto.OutputOptions;
import dev.xai4j.server.api.dto.PredictResponse;
import dev.xai4j.server.models.ModelRegistry;
import dev.xai4j.server.service.ExplainService;
import dev.xai4j.server.service.ImageData;
import dev.xai4j.server.service.InvalidRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The KServe V1 data plane ({@code /v1/models/…}), so that KServe and TorchServe clients can point at
 * xai4j: model readiness, {@code :predict} and {@code :explain} with {@code {"instances": [...]}}. An
 * instance is an image in base64: a string, {@code {"b64": …}}, {@code {"image_bytes": {"b64": …}}} or
 * {@code {"data": …}}. Explanation methods, target and output options come in the body's
 * {@code parameters} object, as in {@code POST /api/v1/explain}.
 */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "KServe V1", description = "KServe / TorchServe V1 inference protocol")
public class KServeResource {

    @Inject
    ExplainService service;

    @Inject
    Inputs inputs;

    @Inject
    ModelRegistry models;

    /** The models, as KServe lists them. */
    @GET
    @Operation(operationId = "kserveModels", summary = "The models served (KServe V1)")
    public KServeModels list() {
        return new KServeModels(models.names());
    }

    /** Whether a model is ready (loaded, or loadable on first use). */
    @GET
    @Path("/{name}")
    @Operation(operationId = "kserveModel", summary = "A model's readiness (KServe V1)")
    public KServeModelStatus model(@PathParam("name") String name) {
        String model = service.modelName(name);
        boolean ready = !model.equals(models.defaultModel()) || models.defaultState() == ModelRegistry.DefaultState.READY;
        return new KServeModelStatus(model, ready);
    }

    /**
     * {@code POST /v1/models/{name}:predict} and {@code :explain}. The verb shares the path segment with the
     * model's name (KServe's form), so one method takes the segment and splits it at its last colon.
     */
    @POST
    @Path("/{call}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "kserveCall", summary = "Classify (name:predict) or explain (name:explain) images (KServe V1)")
    public Object call(@PathParam("call") String call, KServeRequest body) {
        int colon = call.lastIndexOf(':');
        String verb = colon < 0 ? "" : call.substring(colon + 1);
        String name = colon < 0 ? call : call.substring(0, colon);
        return switch (verb) {
            case "predict" -> predict(name, body);
            case "explain" -> explain(name, body);
            default -> throw InvalidRequestException.of("path", "no KServe verb in '"
                    + (call.length() > 80 ? call.substring(0, 80) + "…" : call) + "': POST /v1/models/{name}:predict or :explain");
        };
    }

    /** Classifies each instance: its top classes. */
    KServePredictions predict(String name, KServeRequest body) {
        List<ImageData> images = images(body);
        int topK = inputs.topK(body.parameters() == null || !body.parameters().path("topK").isNumber() ? null
                : checkedInt(body.parameters().get("topK")));
        List<PredictResponse> out = new ArrayList<>();
        for (ImageData image : images) {
            out.add(service.predict(name, image, topK));
        }
        return new KServePredictions(out);
    }

    /** Explains each instance with the methods of {@code parameters.methods} (the model's defaults if absent). */
    KServeExplanations explain(String name, KServeRequest body) {
        List<ImageData> images = images(body);
        KServeParameters p = KServeParameters.of(body.parameters());
        List<MethodSpec> methods = p.methods();
        if (methods == null || methods.isEmpty()) {
            String model = service.modelName(name);
            methods = service.engine().registry().defaults(models.info(model)).stream()
                    .map(e -> new MethodSpec(e.id(), Map.of())).toList();
        }
        List<ExplainResponse> out = new ArrayList<>();
        for (ImageData image : images) {
            out.add(service.explain(inputs.job(name, List.of(image), inputs.methods(methods), p.target(), p.topK(),
                    p.output() == null ? OutputOptions.DEFAULT : p.output())));
        }
        return new KServeExplanations(out);
    }

    private List<ImageData> images(KServeRequest body) {
        if (body == null || body.instances() == null || body.instances().isEmpty()) {
            throw InvalidRequestException.of("instances", "a JSON body {\"instances\": [...]} with at least one image is required");
        }
        List<ImageData> out = new ArrayList<>();
        for (int i = 0; i < body.instances().size(); i++) {
            out.add(inputs.base64("instances[" + i + "]", base64(body.instances().get(i), i)));
        }
        return out;
    }

    /** The base64 text of an instance in any of the accepted shapes. */
    static String base64(JsonNode instance, int i) {
        if (instance != null && instance.isTextual()) {
            return instance.asText();
        }
        if (instance != null && instance.isObject()) {
            for (JsonNode n : List.of(instance.path("b64"), instance.path("image_bytes").path("b64"), instance.path("data"),
                    instance.path("image").path("b64"))) {
                if (n.isTextual()) {
                    return n.asText();
                }
            }
        }
        throw InvalidRequestException.of("instances[" + i + "]", "instance " + i + " is not an image in base64: give a string,"
                + " {\"b64\": …}, {\"image_bytes\": {\"b64\": …}} or {\"data\": …}");
    }

    private static Integer checkedInt(JsonNode n) {
        if (!n.canConvertToInt() || n.asDouble() != Math.rint(n.asDouble())) {
            throw InvalidRequestException.of("topK", "topK must be an integer, got " + n);
        }
        return n.asInt();
    }
}
