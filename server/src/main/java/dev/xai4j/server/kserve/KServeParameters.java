package dev.xai4j.server.kserve;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.xai4j.server.api.dto.MethodSpec;
import dev.xai4j.server.api.dto.OutputOptions;
import dev.xai4j.server.service.InvalidRequestException;

import java.util.List;

/**
 * The {@code parameters} object of an {@code :explain} request: the fields of {@code POST /api/v1/explain}
 * other than the image.
 *
 * @param methods methods with their parameters (strings or {@code {"method", "parameters"}} objects)
 * @param target  which class to explain
 * @param topK    classes in each prediction
 * @param output  output options
 */
record KServeParameters(List<MethodSpec> methods, String target, Integer topK, OutputOptions output) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);

    static KServeParameters of(JsonNode parameters) {
        if (parameters == null || parameters.isNull()) {
            return new KServeParameters(null, null, null, null);
        }
        if (!parameters.isObject()) {
            throw InvalidRequestException.of("parameters", "parameters must be a JSON object");
        }
        try {
            return JSON.treeToValue(parameters, KServeParameters.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw InvalidRequestException.of("parameters", "invalid parameters: " + e.getOriginalMessage());
        }
    }
}
