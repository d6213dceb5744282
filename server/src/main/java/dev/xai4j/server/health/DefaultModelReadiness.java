package dev.xai4j.server.health;

import dev.xai4j.server.models.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the default model is loaded (it loads in the background at start). */
@Readiness
@ApplicationScoped
public class DefaultModelReadiness implements HealthCheck {

    @Inject
    ModelRegistry models;

    @Override
    public HealthCheckResponse call() {
        ModelRegistry.DefaultState state = models.defaultState();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("default-model")
                .withData("model", models.defaultModel())
                .withData("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .status(state == ModelRegistry.DefaultState.READY);
        models.defaultError().ifPresent(e -> b.withData("error", e));
        return b.build();
    }
}
