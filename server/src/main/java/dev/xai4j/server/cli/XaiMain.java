package dev.xai4j.server.cli;

import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point of {@code java -jar quarkus-run.jar} (and of the native binary): the {@code xai}
 * command line. {@code serve}, or no arguments, starts the Quarkus server; every other command
 * ({@code predict}, {@code explain}, {@code models}, ...) runs as a plain Java program, without
 * booting Quarkus or opening a port.
 */
@QuarkusMain
public final class XaiMain {

    private XaiMain() {
    }

    public static void main(String... args) {
        String[] command = args.length == 0 ? new String[]{"serve"} : args;
        if (!command[0].equals("serve")) {
            Logs.quiet(); // a command's output is its result; the server keeps its own logging
        }
        int code = XaiCommand.run(command);
        // `serve` returns only when the server stops; Quarkus has then exited the JVM itself.
        System.exit(code);
    }
}
