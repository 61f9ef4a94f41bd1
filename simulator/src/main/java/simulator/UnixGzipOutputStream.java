package simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** gzip writer with a chosen level and a "from Unix" header, as PHP/zlib writes it. */
final class UnixGzipOutputStream extends DeflaterOutputStream {
    private static final int BUFFER = 64 * 1024;

    private final CRC32 crc = new CRC32();
    private long size;
    private boolean finished;

    UnixGzipOutputStream(OutputStream out, int level, long mtime) throws IOException {
        super(out, new Deflater(level, true), BUFFER);
        byte[] header = {0x1f, (byte) 0x8b, 8, 0,
            (byte) mtime, (byte) (mtime >>> 8), (byte) (mtime >>> 16), (byte) (mtime >>> 24), 0, 3};
        out.write(header);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        super.write(b, off, len);
        crc.update(b, off, len);
        size += len;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void finish() throws IOException {
        if (finished) {
            return;
        }
        finished = true;
        super.finish();
        long c = crc.getValue();
        byte[] trailer = {(byte) c, (byte) (c >>> 8), (byte) (c >>> 16), (byte) (c >>> 24),
            (byte) size, (byte) (size >>> 8), (byte) (size >>> 16), (byte) (size >>> 24)};
        out.write(trailer);
    }

    @Override
    public void close() throws IOException {
        try {
            finish();
        } finally {
            def.end();
            out.close();
        }
    }
}
