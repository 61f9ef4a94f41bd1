package jouvence;

/** Runs the whole pipeline against the Moodle simulator (written next). */
final class Demo {
    private Demo() {
    }

    static void main(String[] args) {
        throw new UnsupportedOperationException("demo not written yet");
    }
}
