package dev.xai4j.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of {@link ModelFamily}s: the built-in families (one line each below), then every family
 * registered with {@link ServiceLoader} by the SDK's class loader or the calling thread's.
 */
final class ModelFamilies {

    private ModelFamilies() {
    }

    static List<ModelFamily> all() {
        Map<String, ModelFamily> byClass = new LinkedHashMap<>();
        for (ModelFamily f : List.of(
                new ViTFamily(),
                new ResNetFamily(),
                new ConvNeXtFamily(),
                new EfficientNetFamily())) {
            byClass.put(f.getClass().getName(), f);
        }
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(ModelFamily.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            for (ModelFamily f : ServiceLoader.load(ModelFamily.class, loader)) {
                byClass.putIfAbsent(f.getClass().getName(), f);
            }
        }
        return List.copyOf(byClass.values());
    }
}
