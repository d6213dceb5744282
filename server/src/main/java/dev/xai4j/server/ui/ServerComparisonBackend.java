package dev.xai4j.server.ui;

import dev.xai4j.explain.ExplainResult;
import dev.xai4j.explain.ExplainerRegistry;
import dev.xai4j.explain.MethodRequest;
import dev.xai4j.explain.ParameterException;
import dev.xai4j.explain.Target;
import dev.xai4j.image.InvalidImageException;
import dev.xai4j.image.RgbImage;
import dev.xai4j.model.ModelInfo;
import dev.xai4j.model.Prediction;
import dev.xai4j.server.XaiConfig;
import dev.xai4j.server.inference.InferencePool;
import dev.xai4j.server.inference.InferenceTimeoutException;
import dev.xai4j.server.inference.OverloadedException;
import dev.xai4j.server.models.ModelRegistry;
import dev.xai4j.server.models.ModelUnavailableException;
import dev.xai4j.server.models.UnknownModelException;
import dev.xai4j.server.service.AnatomyService;
import dev.xai4j.server.service.ExplainService;
import dev.xai4j.server.service.ImageData;
import dev.xai4j.server.service.InvalidRequestException;
import dev.xai4j.server.service.PayloadTooLargeException;
import dev.xai4j.ui.AnatomyBackend;
import dev.xai4j.ui.BackendException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The web UI's backend: the comparison and anatomy pages' calls answered by the server's own
 * services, so that the pages share the REST API's model cache, bounded inference pool, limits,
 * validation and metrics. Server exceptions become {@link BackendException}s of the matching kind
 * (what the API answers with 400, 413, 415/422, 503, 504, 500). One bean serves both pages'
 * interfaces ({@link AnatomyBackend} extends {@link dev.xai4j.ui.ComparisonBackend}).
 */
@ApplicationScoped
public class ServerComparisonBackend implements AnatomyBackend {

    private static final Logger LOG = Logger.getLogger(ServerComparisonBackend.class);

    @Inject
    XaiConfig config;

    @Inject
    ModelRegistry models;

    @Inject
    InferencePool pool;

    @Inject
    ExplainService service;

    @Inject
    AnatomyService anatomies;

    @Override
    public List<ModelChoice> models() {
        String def = models.defaultModel();
        List<ModelChoice> out = new ArrayList<>();
        out.add(new ModelChoice(def, true));
        for (String n : models.names()) {
            if (!n.equals(def)) {
                out.add(new ModelChoice(n, false));
            }
        }
        return out;
    }

    @Override
    public java.util.Optional<ModelInfo> knownInfo(String model) {
        return models.knownInfo(model);
    }

    @Override
    public ModelDetails describe(String model) {
        return guard(() -> {
            String name = service.modelName(model);
            ModelInfo info = models.knownInfo(name).orElseGet(() -> pool.call(() -> models.info(name)).value());
            ExplainerRegistry registry = service.engine().registry();
            List<MethodInfo> methods = registry.applicable(info).stream()
                    .map(e -> new MethodInfo(e.id(), e.displayName(), e.description(), e.classSpecific(), e.group(),
                            e.parameters())).toList();
            return new ModelDetails(name, info, methods, registry.defaults(info).stream().map(dev.xai4j.explain.Explainer::id).toList());
        });
    }

    @Override
    public long maxImageBytes() {
        return config.limits().maxImageSize().asLongValue();
    }

    @Override
    public RgbImage decode(String name, byte[] bytes) {
        return guard(() -> service.decodeImage(new ImageData(name, bytes)));
    }

    @Override
    public Prediction predict(String model, RgbImage image, int topK) {
        return guard(() -> service.predictImage(model, image, topK));
    }

    @Override
    public ExplainResult explain(String model, RgbImage image, List<MethodRequest> methods, Target target, int topK) {
        return guard(() -> service.explainImages(model, List.of(image), methods, target, topK));
    }

    @Override
    public Anatomy anatomy(String model, RgbImage image) {
        return guard(() -> {
            AnatomyService.Drawn d = anatomies.anatomyImage(model, image);
            return new Anatomy(d.model(), d.pass().anatomy(), d.pass().prediction(), d.figures());
        });
    }

    /** Runs a call, turning the server's exceptions into the UI's. */
    private static <T> T guard(Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidImageException e) {
            BackendException.Kind kind = e.reason() == InvalidImageException.Reason.TOO_LARGE
                    ? BackendException.Kind.TOO_LARGE : BackendException.Kind.BAD_IMAGE;
            throw new BackendException(kind, e.getMessage(), e);
        } catch (PayloadTooLargeException e) {
            throw new BackendException(BackendException.Kind.TOO_LARGE, e.getMessage(), e);
        } catch (InvalidRequestException | ParameterException e) {
            throw new BackendException(BackendException.Kind.INVALID_REQUEST, e.getMessage(), e);
        } catch (OverloadedException e) {
            throw new BackendException(BackendException.Kind.BUSY, e.getMessage(), e);
        } catch (InferenceTimeoutException e) {
            throw new BackendException(BackendException.Kind.TIMEOUT, e.getMessage(), e);
        } catch (UnknownModelException e) {
            throw new BackendException(BackendException.Kind.MODEL_UNAVAILABLE, e.getMessage(), e);
        } catch (ModelUnavailableException e) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(e.getCause() != null ? e.getCause() : e, "web UI: %s (error %s)", e.getMessage(), id);
            throw new BackendException(BackendException.Kind.MODEL_UNAVAILABLE, e.getMessage() + " (see the server log, error "
                    + id + ")", e);
        } catch (BackendException e) {
            throw e;
        } catch (RuntimeException e) {
            String id = UUID.randomUUID().toString();
            LOG.errorf(e, "web UI: unexpected failure (error %s)", id);
            throw new BackendException(BackendException.Kind.INTERNAL, "unexpected server error " + id
                    + " (details in the server log)", e);
        }
    }
}
