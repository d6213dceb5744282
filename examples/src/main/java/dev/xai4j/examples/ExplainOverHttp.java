package dev.xai4j.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * A client of the xai4j server using only the JDK's HTTP client (and Jackson for JSON): lists the
 * models, asks {@code POST /api/v1/explain} for the four comparison methods with PNG overlays, prints
 * the prediction, each method's cost and the Spearman agreement of the maps, and saves the overlays.
 *
 * <pre>java -cp examples/target/xai4j-examples.jar dev.xai4j.examples.ExplainOverHttp http://localhost:8080 IMAGE OUT-DIR</pre>
 */
public final class ExplainOverHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ExplainOverHttp() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the example; returns the process exit code. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3) {
            err.println("usage: ExplainOverHttp <server-url> <image> <out-dir>");
            return 2;
        }
        URI api = URI.create(args[0].replaceAll("/+$", "") + "/api/v1/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            JsonNode models = send(http, HttpRequest.newBuilder(api.resolve("models")).GET());
            out.print("models:");
            models.get("models").forEach(m -> out.print(" " + m.get("name").asText() + " (" + m.get("architecture").asText() + ")"));
            out.println("; default " + models.get("defaultModel").asText());

            ObjectNode body = JSON.createObjectNode();
            body.put("image", Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(args[1]))));
            ComparePanel.METHODS.forEach(body.putArray("methods")::add);
            body.put("topK", 3);
            body.putObject("output").put("overlay", true).put("raw", false);
            JsonNode r = send(http, HttpRequest.newBuilder(api.resolve("explain"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));

            out.println("model " + r.get("model").asText() + ", passes " + r.get("passes"));
            r.get("prediction").forEach(c -> out.printf("  %-12s %6.2f%%%n", c.get("label").asText(), 100 * c.get("probability").asDouble()));
            Path dir = Files.createDirectories(Path.of(args[2]));
            for (JsonNode e : r.get("explanations")) {
                Path png = dir.resolve(e.get("method").asText() + ".png");
                Files.write(png, Base64.getDecoder().decode(e.get("overlay").asText()));
                out.printf("  %-18s for %-8s range [%.4g, %.4g] -> %s%n", e.get("method").asText(),
                        e.get("targetLabel").asText(), e.get("min").asDouble(), e.get("max").asDouble(), png);
            }
            JsonNode agreement = r.get("agreement").get(0);
            out.println("Spearman agreement " + agreement.get("methods") + ": " + agreement.get("spearman"));
            return 0;
        } catch (ServerError e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("error: " + e);
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Sends a request and parses its JSON answer; a non-2xx answer (RFC 9457 problem details) becomes a {@link ServerError}. */
    private static JsonNode send(HttpClient http, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(120)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ServerError(response.statusCode() + " " + json.path("title").asText() + ": " + json.path("detail").asText());
        }
        return json;
    }

    /** The server answered with an error status. */
    private static final class ServerError extends IOException {
        ServerError(String message) {
            super(message);
        }
    }
}
