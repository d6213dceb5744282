package dev.xai4j.server.inference;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/** One inference thread, one queue slot and a 0.5 s timeout: easy to overload, quick to time out. */
public class ConstrainedProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("xai.inference.threads", "1",
                "xai.inference.queue-size", "1",
                "xai.inference.timeout", "500ms",
                "xai.inference.retry-after", "3s");
    }
}
