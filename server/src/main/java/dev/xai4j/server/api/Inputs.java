package dev.xai4j.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.explain.Target;
import dev.xai4j.render.RenderOptions;
import dev.xai4j.server.XaiConfig;
import dev.xai4j.server.api.dto.MethodSpec;
import dev.xai4j.server.api.dto.OutputOptions;
import dev.xai4j.server.service.ExplainJob;
import dev.xai4j.server.service.ImageData;
import dev.xai4j.server.service.InvalidRequestException;
import dev.xai4j.server.service.PayloadTooLargeException;
import dev.xai4j.server.service.RenderSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the fields of JSON and multipart requests into service calls: images (base64 or uploaded
 * file, both held to {@code xai.limits.max-image-size}), methods, target and output options, with
 * 400/413 errors naming the field.
 */
@ApplicationScoped
public class Inputs {

    /** Default classes listed in predictions. */
    public static final int DEFAULT_TOP_K = 5;
    /** Default longest side of overlays. */
    public static final int DEFAULT_OVERLAY_SIZE = 512;
    /** Range of {@code inputSize}, the side a model is asked to run at. */
    static final int MIN_INPUT_SIZE = 16;
    static final int MAX_INPUT_SIZE = 1024;

    @Inject
    XaiConfig config;

    @Inject
    ObjectMapper json;

    /** An image sent as base64 text (a {@code data:} URL prefix is allowed). */
    public ImageData base64(String field, String text) {
        if (text == null || text.isBlank()) {
            throw InvalidRequestException.of(field, field + " is required: the encoded image in base64");
        }
        String b64 = text.strip();
        if (b64.startsWith("data:")) {
            int comma = b64.indexOf(',');
            if (comma < 0 || !b64.substring(0, comma).endsWith(";base64")) {
                throw InvalidRequestException.of(field, field + " is a data: URL without base64 content");
            }
            b64 = b64.substring(comma + 1);
        }
        long limit = maxImageBytes();
        // Refuse before decoding: 4 base64 characters carry 3 bytes.
        long approx = (long) b64.length() / 4 * 3;
        if (approx > limit + 3) {
            throw new PayloadTooLargeException(field, approx, limit);
        }
        byte[] bytes = decodeBase64(field, b64);
        if (bytes.length > limit) {
            throw new PayloadTooLargeException(field, bytes.length, limit);
        }
        return new ImageData(field, bytes);
    }

    /**
     * Strict base64 (standard or URL-safe alphabet, line breaks allowed): the MIME decoder would
     * silently skip stray characters and turn garbage into a plausible byte string.
     */
    private static byte[] decodeBase64(String field, String text) {
        String b64 = text;
        for (int i = 0; i < b64.length(); i++) {
            if (Character.isWhitespace(b64.charAt(i))) {
                b64 = b64.replaceAll("\\s+", "");
                break;
            }
        }
        try {
            return b64.indexOf('-') >= 0 || b64.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(b64) : Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw InvalidRequestException.of(field, field + " is not valid base64: " + e.getMessage());
        }
    }

    /** An image sent as a multipart file. */
    public ImageData upload(String field, FileUpload upload) {
        if (upload == null) {
            throw InvalidRequestException.of(field, "the multipart field '" + field + "' with the image file is required");
        }
        long limit = maxImageBytes();
        if (upload.size() > limit) {
            throw new PayloadTooLargeException(field, upload.size(), limit);
        }
        try {
            return new ImageData(field, Files.readAllBytes(upload.uploadedFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    private long maxImageBytes() {
        return config.limits().maxImageSize().asLongValue();
    }

    /** The methods of a JSON request. */
    public List<MethodRequest> methods(List<MethodSpec> specs) {
        if (specs == null || specs.isEmpty()) {
            throw InvalidRequestException.of("methods", "methods is required: one or more explainer ids, see GET /api/v1/explainers");
        }
        List<MethodRequest> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            MethodSpec s = specs.get(i);
            if (s == null || s.method() == null || s.method().isBlank()) {
                throw InvalidRequestException.of("methods", "methods[" + i + "] has no method id");
            }
            out.add(new MethodRequest(s.method().trim(), s.parameters()));
        }
        return out;
    }

    /**
     * The methods of a multipart request: comma-separated ids, and optionally a JSON object of
     * parameters per method id, e.g. {@code {"attention-rollout": {"discard_ratio": 0.9}}}.
     */
    public List<MethodRequest> methods(String ids, String parametersJson) {
        if (ids == null || ids.isBlank()) {
            throw InvalidRequestException.of("methods", "methods is required: comma-separated explainer ids, see GET /api/v1/explainers");
        }
        Map<String, Map<String, Object>> params = new LinkedHashMap<>();
        if (parametersJson != null && !parametersJson.isBlank()) {
            try {
                params = json.readValue(parametersJson, new TypeReference<LinkedHashMap<String, Map<String, Object>>>() { });
            } catch (JsonProcessingException e) {
                throw InvalidRequestException.of("parameters", "parameters must be a JSON object of method id → "
                        + "{parameter: value}: " + e.getOriginalMessage());
            }
        }
        List<String> list = Arrays.stream(ids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String id : params.keySet()) {
            if (!list.contains(id)) {
                throw InvalidRequestException.of("parameters", "parameters are given for '" + id
                        + "', which is not among the methods " + list);
            }
        }
        List<MethodRequest> out = new ArrayList<>();
        for (String id : list) {
            Map<String, Object> p = params.get(id);
            out.add(new MethodRequest(id, p == null ? Map.of() : p));
        }
        return out;
    }

    /** The target rule; {@code top} when absent. */
    public Target target(String text) {
        try {
            return text == null ? Target.top() : Target.parse(text);
        } catch (ParameterException e) {
            throw InvalidRequestException.of("target", e.getMessage());
        }
    }

    /** topK, 5 when absent. */
    public int topK(Integer topK) {
        int k = topK == null ? DEFAULT_TOP_K : topK;
        if (k < 1) {
            throw InvalidRequestException.of("topK", "topK must be at least 1, got " + k);
        }
        return k;
    }

    /**
     * The side the model is to run at, 0 (its own) when absent. Bounded because a ViT's attention grows
     * with the fourth power of the side.
     */
    public int inputSize(Integer inputSize) {
        if (inputSize == null) {
            return 0;
        }
        if (inputSize < MIN_INPUT_SIZE || inputSize > MAX_INPUT_SIZE) {
            throw InvalidRequestException.of("inputSize", "inputSize = " + inputSize + " is out of range ["
                    + MIN_INPUT_SIZE + ", " + MAX_INPUT_SIZE + "]");
        }
        return inputSize;
    }

    /** A job from the request's parts. */
    public ExplainJob job(String model, List<ImageData> images, List<MethodRequest> methods, String target, Integer topK,
                          OutputOptions output) {
        OutputOptions o = output == null ? OutputOptions.DEFAULT : output;
        RenderOptions render;
        try {
            render = RenderSettings.parse(o.colormap(), o.alpha(), o.normalization(), o.upsampling());
        } catch (ParameterException e) {
            throw InvalidRequestException.of(e.parameter(), e.getMessage());
        }
        int size = o.overlaySize() == null ? DEFAULT_OVERLAY_SIZE : o.overlaySize();
        if (size < 16 || size > 4096) {
            throw InvalidRequestException.of("overlaySize", "overlaySize = " + size + " is out of range [16, 4096]");
        }
        return new ExplainJob(model, images, methods, target(target), topK(topK), o.raw() == null || o.raw(),
                o.overlay() != null && o.overlay(), render, size, o.agreement() == null || o.agreement());
    }
}
