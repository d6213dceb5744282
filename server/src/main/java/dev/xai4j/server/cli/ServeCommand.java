package dev.xai4j.server.cli;

import io.quarkus.runtime.Quarkus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code xai serve}: the REST API, OpenAPI, health, metrics and the web UI. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Start the server: REST API under /api/v1, Swagger UI at /q/swagger-ui, health at /q/health, "
                + "Prometheus metrics at /q/metrics, and the web UI at /.",
                "Any setting of application.properties can be given as a system property (java -Dxai.inference.threads=4 -jar ...)."})
final class ServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "<port>", description = "HTTP port (default 8080)")
    Integer port;

    @Option(names = "--models-dir", paramLabel = "<dir>", description = "A folder of checkpoint folders, served by name")
    Path modelsDir;

    @Option(names = "--default-model", paramLabel = "<name>", description = "The model used when a request names none")
    String defaultModel;

    @Override
    public Integer call() {
        if (port != null) {
            System.setProperty("quarkus.http.port", port.toString());
        }
        if (modelsDir != null) {
            System.setProperty("xai.models-dir", modelsDir.toString());
        }
        if (defaultModel != null) {
            System.setProperty("xai.default-model", defaultModel);
        }
        Quarkus.run();
        return 0;
    }
}
