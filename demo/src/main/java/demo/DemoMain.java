package demo;

import java.util.Arrays;

/**
 * {@code java -jar demo/target/jouvence-demo.jar [demo [--keep-running] | try [--config=FILE]]}: the tools around the
 * product, never part of its jar or image. {@code demo} (the default) runs the whole pipeline against simulated
 * Moodles; {@code try} runs the real service on an embedded PostgreSQL, for trying it out.
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 || args[0].startsWith("--") ? "demo" : args[0];
        String[] rest = args.length > 0 && args[0].equals(command) ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (command) {
            case "demo" -> Demo.main(rest);
            case "try" -> TryOut.main(rest);
            default -> {
                System.err.println("unknown command " + command
                        + "; usage: jouvence-demo [demo [--keep-running] | try [--config=FILE]]");
                System.exit(2);
            }
        }
    }
}
