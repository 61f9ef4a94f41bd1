package jouvence.courses.staging;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The archive's source (the file, or the download) as the inspector reads it: its own failures are marked, so that
 * they are not mistaken for a damaged archive when they reach the inspector through a decompressor.
 */
final class SourceStream extends FilterInputStream {

    SourceStream(InputStream in) {
        super(in);
    }

    /** The original I/O failure of the source when {@code e} comes from reading the source itself, else null. */
    static IOException failureOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SourceReadException s) {
                return (IOException) s.getCause();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw new SourceReadException(e);
        }
    }

    /** Marks a failure of the source itself. */
    private static final class SourceReadException extends IOException {
        private static final long serialVersionUID = 1L;

        SourceReadException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
