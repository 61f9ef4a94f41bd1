package jouvence.cli;

import org.apache.camel.main.Main;
import org.apache.camel.main.SimpleMainShutdownStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * How the service stops on Ctrl-C (SIGINT) and SIGTERM: the JVM's shutdown, with the usual exit codes (130, 143), and
 * one line that names the signal — Camel's own hook says "triggered by SIGTERM" whatever the signal was, so it is
 * replaced by ours, which stops Camel the same graceful way.
 */
public final class StopSignals {

    private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

    private StopSignals() {
    }

    public static void install(Main main) {
        AtomicReference<String> why = new AtomicReference<>("the JVM is exiting");
        for (String name : List.of("INT", "TERM")) {
            Signal.handle(new Signal(name), signal -> {
                why.set("SIG" + signal.getName());
                System.exit(128 + signal.getNumber());
            });
        }
        main.setShutdownStrategy(new SimpleMainShutdownStrategy());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (main.getCamelContext() != null && main.getCamelContext().isStarted()) {
                LOG.info("Stopping Jouvence ({})", why.get());
                main.stop();
            }
        }, "jouvence-stop"));
    }
}
