package anquanli.hazard.photo;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads an upload front to back through a small window, so checking a photo's structure never holds the file in
 * memory. Reads past the end return -1 or false rather than throwing: running out of bytes is the finding
 * (a truncated photo), not an error.
 */
final class UploadCursor implements AutoCloseable {

    private final FileChannel channel;
    private final long size;
    private final ByteBuffer window = ByteBuffer.allocate(64 * 1024);
    /** File position of the window's first byte. */
    private long windowStart;

    UploadCursor(Path file) throws IOException {
        channel = FileChannel.open(file, StandardOpenOption.READ);
        size = channel.size();
        window.limit(0);
    }

    long size() {
        return size;
    }

    long position() {
        return windowStart + window.position();
    }

    /** The next byte (0–255), or -1 at the end of the file. */
    int read() throws IOException {
        if (!window.hasRemaining() && !fill(position())) {
            return -1;
        }
        return window.get() & 0xFF;
    }

    /** Fills {@code into} as far as the file allows; returns how many bytes were read. */
    int read(byte[] into) throws IOException {
        int n = 0;
        while (n < into.length) {
            if (!window.hasRemaining() && !fill(position())) {
                break;
            }
            int chunk = Math.min(into.length - n, window.remaining());
            window.get(into, n, chunk);
            n += chunk;
        }
        return n;
    }

    /** Big-endian unsigned 16 bits, or -1 if the file ends first. */
    int readU16() throws IOException {
        int a = read();
        int b = read();
        return b < 0 ? -1 : a << 8 | b;
    }

    /** Big-endian unsigned 32 bits, or -1 if the file ends first. */
    long readU32() throws IOException {
        int a = readU16();
        int b = readU16();
        return b < 0 ? -1 : (long) a << 16 | b;
    }

    /** Little-endian unsigned 32 bits, or -1 if the file ends first. */
    long readU32LittleEndian() throws IOException {
        byte[] b = new byte[4];
        if (read(b) < 4) {
            return -1;
        }
        return (b[0] & 0xFFL) | (b[1] & 0xFFL) << 8 | (b[2] & 0xFFL) << 16 | (b[3] & 0xFFL) << 24;
    }

    /** Moves {@code n} bytes on; false (and at the end) if the file is shorter than that. */
    boolean skip(long n) throws IOException {
        long target = position() + n;
        if (target > size) {
            seek(size);
            return false;
        }
        seek(target);
        return true;
    }

    void seek(long target) throws IOException {
        if (target >= windowStart && target <= windowStart + window.limit()) {
            window.position((int) (target - windowStart));
        } else {
            windowStart = target;
            window.limit(0);
        }
    }

    /** Whether every byte from here to the end is zero (padding some cameras and tools add). */
    boolean restIsZero() throws IOException {
        for (int b = read(); b >= 0; b = read()) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean fill(long from) throws IOException {
        windowStart = from;
        window.clear();
        int n = channel.read(window, from);
        window.flip();
        return n > 0;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
