package anquanli.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Blobs as files under one root directory, the key being the relative path. For a single instance and for dev; several
 * instances share an S3 bucket instead ({@link S3BlobStore}). No content type is stored: every key ends in its
 * extension, and the type follows from that.
 */
public final class FileBlobStore implements BlobStore {

    /** Temporary files start with a dot and end so, and are never a valid object name the service builds. */
    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;
    /** Puts under way in this process, by key: a second put of the same key waits for the first instead of racing it. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> writing = new ConcurrentHashMap<>();

    public FileBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the blob directory " + this.root, e);
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public boolean put(String key, Path source, String contentType) {
        Path target = resolve(key);
        CompletableFuture<Void> mine = new CompletableFuture<>();
        for (CompletableFuture<Void> other; (other = writing.putIfAbsent(key, mine)) != null; ) {
            // the other put's outcome is read from the disk below: if it failed, this one writes the object itself
            other.join();
        }
        try {
            if (Files.isRegularFile(target)) {
                return false;
            }
            write(source, target);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store blob " + key, e);
        } finally {
            writing.remove(key, mine);
            mine.complete(null);
        }
    }

    /**
     * The bytes reach the disk (fsync) under a temporary name in the target's own directory, then are renamed onto the
     * key in one step: a crash leaves the whole object or none under the key, at worst a stray temporary file beside it.
     * Another instance sharing the directory may rename the same bytes over it; the rename is atomic, so readers still
     * see a whole object.
     */
    private static void write(Path source, Path target) throws IOException {
        Path dir = target.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long done = 0; done < size; ) {
                    long copied = out.transferFrom(in, done, size - done);
                    if (copied <= 0) {
                        throw new IOException("The source shrank while it was copied: " + source);
                    }
                    done += copied;
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("The blob directory's file system cannot rename atomically: " + dir, e);
        } finally {
            Files.deleteIfExists(temp);
        }
        syncDirectory(dir);
    }

    /** Makes the rename itself durable, so a photo whose key the database already holds survives a power cut. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // some platforms (Windows) cannot open a directory for syncing; the data itself is already on disk
        }
    }

    @Override
    public Optional<Blob> open(String key) {
        Path path = resolve(key);
        try {
            FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
            try {
                return Optional.of(new Blob(Channels.newInputStream(channel), channel.size(), BlobKeys.contentType(key)));
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read blob " + key, e);
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public void delete(String key) {
        try {
            Files.deleteIfExists(resolve(key));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete blob " + key, e);
        }
    }

    /** Writes, reads back and removes a small file in the root: a full disk or a read-only mount fails here. */
    @Override
    public void check() {
        Path probe = root.resolve(".health-" + UUID.randomUUID() + TEMP_SUFFIX);
        byte[] bytes = {'o', 'k'};
        try {
            Files.write(probe, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            if (!java.util.Arrays.equals(Files.readAllBytes(probe), bytes)) {
                throw new IllegalStateException("The blob directory " + root + " does not read back what was written");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The blob directory " + root + " cannot be written or read", e);
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                // the write or read already failed, or a stray probe file is harmless
            }
        }
    }

    private Path resolve(String key) {
        Path path = root.resolve(BlobKeys.require(key)).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("Invalid blob key: \"" + key + '"');
        }
        return path;
    }
}
