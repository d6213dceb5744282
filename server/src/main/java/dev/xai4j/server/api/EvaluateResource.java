package dev.xai4j.server.api;

import dev.xai4j.eval.MetricOptions;
import dev.xai4j.eval.RemovalValue;
import dev.xai4j.server.api.dto.EvaluateRequestBody;
import dev.xai4j.server.api.dto.EvaluateResponse;
import dev.xai4j.server.api.dto.MetricParameters;
import dev.xai4j.server.service.EvaluateService;
import dev.xai4j.server.service.ImageData;
import dev.xai4j.server.service.InvalidRequestException;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Explanation metrics of one image or a batch. */
@Path("/api/v1/evaluate")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Evaluate", description = "How far each explanation method's map can be trusted")
public class EvaluateResource {

    @Inject
    EvaluateService service;

    @Inject
    Inputs inputs;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "evaluate", summary = "Score explanation methods on an image",
            description = "Explains the image (or each of 'images', at most xai.limits.max-batch-size) with every method and "
                    + "scores each map with the requested metrics: perturbation (Chefer et al. 2021: positive and negative "
                    + "AUC × 100, against the prediction and the target), road (Rong et al. 2022: MoRF/LeRF curves of the "
                    + "target probability under noisy linear imputation, and their areas), morf-lerf (LeRF − MoRF area of the "
                    + "target logit), mprt (cascading model-parameter randomisation, Adebayo et al. 2018: Spearman and SSIM "
                    + "per step), random-logit (Sixt et al. 2020), sparseness (Gini), complexity (entropy), max-sensitivity "
                    + "(Yeh et al. 2019), relevance-mass and relevance-rank (Arras et al. 2022; need 'mask' or 'masks'). "
                    + "Curves come with their x (removal fractions). mprt rebuilds the model once per block and is the "
                    + "slowest; an unknown metric is a 400 naming the known ones.")
    @APIResponse(responseCode = "200", description = "Values and curves per image and method",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EvaluateResponse.class)))
    public EvaluateResponse evaluate(@RequestBody(required = true) EvaluateRequestBody body) {
        if (body == null) {
            throw InvalidRequestException.of("body", "a JSON body with the image, methods and metrics is required");
        }
        var metrics = EvaluateService.metrics(body.metrics());
        List<ImageData> images = new ArrayList<>();
        List<ImageData> masks = null;
        boolean one = body.image() != null;
        boolean many = body.images() != null && !body.images().isEmpty();
        if (one == many) {
            throw InvalidRequestException.of("image", "give either image (one base64 image) or images (an array of them)");
        }
        if (one) {
            images.add(inputs.base64("image", body.image()));
            if (body.masks() != null) {
                throw InvalidRequestException.of("masks", "masks go with images; with one image, give mask");
            }
            if (body.mask() != null) {
                masks = new ArrayList<>();
                masks.add(inputs.base64("mask", body.mask()));
            }
        } else {
            for (int i = 0; i < body.images().size(); i++) {
                images.add(inputs.base64("images[" + i + "]", body.images().get(i)));
            }
            if (body.mask() != null) {
                throw InvalidRequestException.of("mask", "mask goes with image; with images, give masks");
            }
            if (body.masks() != null) {
                if (body.masks().size() != images.size()) {
                    throw InvalidRequestException.of("masks", body.masks().size() + " masks for " + images.size() + " images");
                }
                masks = new ArrayList<>();
                for (int i = 0; i < body.masks().size(); i++) {
                    String m = body.masks().get(i);
                    masks.add(m == null ? null : inputs.base64("masks[" + i + "]", m));
                }
            }
        }
        return service.evaluate(body.model(), images, masks, inputs.methods(body.methods()), metrics,
                inputs.target(body.target()), options(body.parameters()));
    }

    /** The metric options of a request, defaults where absent, each problem a 400 naming its field. */
    static MetricOptions options(MetricParameters p) {
        MetricOptions o = MetricOptions.DEFAULTS;
        if (p == null) {
            return o;
        }
        if (p.removal() != null) {
            RemovalValue v;
            try {
                v = RemovalValue.valueOf(p.removal().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw InvalidRequestException.of("removal", "removal must be black, zero or mean, got '" + p.removal() + "'");
            }
            o = o.withRemoval(v);
        }
        if (p.patchSize() != null) {
            o = field("patchSize", o, x -> x.withPatchSize(p.patchSize()));
        }
        if (p.roadNoise() != null) {
            o = field("roadNoise", o, x -> x.withRoadNoise(p.roadNoise()));
        }
        if (p.sensitivitySamples() != null || p.sensitivityRadius() != null) {
            int n = p.sensitivitySamples() == null ? o.sensitivitySamples() : p.sensitivitySamples();
            double r = p.sensitivityRadius() == null ? o.sensitivityRadius() : p.sensitivityRadius();
            o = field(p.sensitivitySamples() != null ? "sensitivitySamples" : "sensitivityRadius", o, x -> x.withSensitivity(n, r));
        }
        if (p.seed() != null) {
            o = o.withSeed(p.seed());
        }
        return o;
    }

    private static MetricOptions field(String name, MetricOptions o, java.util.function.UnaryOperator<MetricOptions> change) {
        try {
            return change.apply(o);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(name, e.getMessage());
        }
    }
}
