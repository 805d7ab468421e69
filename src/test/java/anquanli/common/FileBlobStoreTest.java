package anquanli.common;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FileBlobStoreTest extends BlobStoreContract {

    @TempDir
    Path temp;
    private Path root;
    private FileBlobStore store;

    @BeforeEach
    void createStore() {
        root = temp.resolve("not/yet/there");
        store = new FileBlobStore(root);
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Test
    void theRootDirectoryIsCreatedAtStart() {
        assertThat(root).isDirectory();
    }

    @Test
    void theObjectIsAFileUnderItsKeyWithNoTemporaryFileBesideIt() throws Exception {
        byte[] bytes = randomBytes(300_000);
        String key = keyFor(bytes, "jpg");

        store.put(key, file(bytes), "image/jpeg");

        Path object = root.resolve(key);
        assertThat(object).hasBinaryContent(bytes);
        assertThat(list(object.getParent())).containsExactly(object.getFileName().toString());
    }

    @Test
    void racingPutsLeaveOneFileAndNoTemporaryFiles() throws Exception {
        byte[] bytes = randomBytes(300_000);
        String key = keyFor(bytes, "jpg");
        Path source = file(bytes);

        List<Boolean> written = anquanli.Concurrently.run(20, () -> store.put(key, source, "image/jpeg"));

        assertThat(written).containsOnlyOnce(true);
        Path object = root.resolve(key);
        assertThat(list(object.getParent())).containsExactly(object.getFileName().toString());
    }

    @Test
    void aFailedPutLeavesNeitherTheKeyNorATemporaryFile() throws Exception {
        String key = keyFor(randomBytes(16), "jpg");

        assertThatThrownBy(() -> store.put(key, work.resolve("missing.jpg"), "image/jpeg"))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(store.exists(key)).isFalse();
        assertThat(filesUnder(root)).isEmpty();
    }

    @Test
    void theContentTypeFollowsTheKeysExtension() throws Exception {
        byte[] bytes = randomBytes(100);
        String jpg = keyFor(bytes, "jpg");
        String png = keyFor(bytes, "png");
        String other = keyFor(bytes, "bin");
        for (String key : List.of(jpg, png, other)) {
            store.put(key, file(bytes), "text/plain");
        }

        assertThat(contentType(jpg)).isEqualTo("image/jpeg");
        assertThat(contentType(png)).isEqualTo("image/png");
        assertThat(contentType(other)).isEqualTo("application/octet-stream");
    }

    @Test
    void checkFailsWhenTheRootCannotBeWritten() throws Exception {
        Files.delete(root);
        Files.writeString(root, "a file where the directory was");

        assertThatThrownBy(store::check).isInstanceOf(UncheckedIOException.class).hasMessageContaining(root.toString());
    }

    @Test
    void checkLeavesNothingBehind() throws Exception {
        store.check();

        assertThat(list(root)).isEmpty();
    }

    private String contentType(String key) throws IOException {
        BlobStore.Blob blob = store.open(key).orElseThrow();
        blob.content().close();
        return blob.contentType();
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).toList();
        }
    }
}
