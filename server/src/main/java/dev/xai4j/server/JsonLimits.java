package dev.xai4j.server;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Lets JSON requests carry base64 images up to the upload limit: Jackson refuses strings over 20 M
 * characters by default, less than a 20 MB image takes in base64. The HTTP body limit
 * ({@code quarkus.http.limits.max-body-size}) still bounds what is read.
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE).build());
    }
}
