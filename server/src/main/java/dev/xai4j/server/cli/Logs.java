package dev.xai4j.server.cli;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps library chatter (ND4J's backend banner, terminal detection) off a command's output. */
final class Logs {

    private Logs() {
    }

    /** Only warnings and errors from libraries, unless {@code XAI_DEBUG} is set. */
    static void quiet() {
        if (System.getenv("XAI_DEBUG") != null) {
            return;
        }
        Level level = Level.SEVERE;
        Logger.getLogger("").setLevel(level);
        for (String name : new String[]{"org.nd4j", "org.bytedeco", "org.jline", "dev.xai4j"}) {
            Logger.getLogger(name).setLevel(level);
        }
        try {
            // SLF4J (ND4J) goes to JBoss LogManager's own context, whatever JUL's manager is.
            org.jboss.logmanager.LogContext.getSystemLogContext().getLogger("").setLevel(level);
        } catch (LinkageError e) {
            // JBoss LogManager absent: JUL settings above suffice
        }
    }
}
