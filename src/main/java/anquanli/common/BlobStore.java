package anquanli.common;

/** Photos and other binary objects, addressed by key. Blocking: call from worker threads. */
public interface BlobStore {
    /** Stores the file under key, atomically (readers see the whole object or none). An existing key is left as it
     *  is (keys are content addresses, so the same key means the same bytes) — return false then, true if written. */
    boolean put(String key, java.nio.file.Path source, String contentType);
    /** The object, or empty. The caller closes the stream. */
    java.util.Optional<Blob> open(String key);
    boolean exists(String key);
    void delete(String key);
    /** For readiness: throws if the store cannot be written/read right now. */
    void check();
    record Blob(java.io.InputStream content, long length, String contentType) {}
}
