package anquanli.common;

import anquanli.Concurrently;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link BlobStore} promises; each implementation's test runs it against a real store. */
abstract class BlobStoreContract {

    @TempDir
    Path work;

    /** The store under test; every test uses keys of its own, so one store may serve them all. */
    abstract BlobStore store();

    @Test
    void anObjectPutIsOpenedWithTheSameBytesLengthAndContentType() throws Exception {
        byte[] bytes = randomBytes(1_200_000);
        String key = keyFor(bytes, "jpg");

        boolean written = store().put(key, file(bytes), "image/jpeg");

        assertThat(written).isTrue();
        try (InputStream in = store().open(key).orElseThrow().content()) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        BlobStore.Blob blob = store().open(key).orElseThrow();
        blob.content().close();
        assertThat(blob.length()).isEqualTo(bytes.length);
        assertThat(blob.contentType()).isEqualTo("image/jpeg");
    }

    @Test
    void aPngKeepsItsContentType() throws Exception {
        byte[] bytes = randomBytes(20_000);
        String key = keyFor(bytes, "png");

        store().put(key, file(bytes), "image/png");

        BlobStore.Blob blob = store().open(key).orElseThrow();
        blob.content().close();
        assertThat(blob.contentType()).isEqualTo("image/png");
    }

    @Test
    void puttingAnExistingKeyReturnsFalseAndKeepsTheFirstBytes() throws Exception {
        byte[] first = randomBytes(50_000);
        String key = keyFor(first, "jpg");
        store().put(key, file(first), "image/jpeg");

        boolean written = store().put(key, file(randomBytes(60_000)), "image/jpeg");

        assertThat(written).isFalse();
        assertThat(read(key)).isEqualTo(first);
    }

    @Test
    void openingAMissingKeyIsEmpty() {
        assertThat(store().open(keyFor(randomBytes(16), "jpg"))).isEmpty();
    }

    @Test
    void existsTellsStoredKeysFromMissingOnes() throws Exception {
        byte[] bytes = randomBytes(1_000);
        String key = keyFor(bytes, "jpg");
        assertThat(store().exists(key)).isFalse();

        store().put(key, file(bytes), "image/jpeg");

        assertThat(store().exists(key)).isTrue();
    }

    @Test
    void aDeletedObjectIsGoneAndDeletingItAgainIsHarmless() throws Exception {
        byte[] bytes = randomBytes(1_000);
        String key = keyFor(bytes, "jpg");
        store().put(key, file(bytes), "image/jpeg");

        store().delete(key);
        store().delete(key);

        assertThat(store().exists(key)).isFalse();
        assertThat(store().open(key)).isEmpty();
    }

    @Test
    void aDeletedKeyCanBeStoredAgain() throws Exception {
        byte[] bytes = randomBytes(1_000);
        String key = keyFor(bytes, "jpg");
        store().put(key, file(bytes), "image/jpeg");
        store().delete(key);

        assertThat(store().put(key, file(bytes), "image/jpeg")).isTrue();
        assertThat(read(key)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"photos/../../etc/passwd", "photos/ab/../cd/x.jpg", "../x.jpg", "/photos/ab/x.jpg",
            "Photos/ab/x.jpg", "photos/ab/X.JPG", "photos/ab/a b.jpg", " photos/x.jpg", "photos//x.jpg",
            "photos/./x.jpg", "photos/ab/", "photos\\ab\\x.jpg", "photos/照片.jpg", ""})
    void keysThatCouldEscapeOrAreNotCanonicalAreRefused(String key) throws Exception {
        Path source = file(randomBytes(10));

        assertThatThrownBy(() -> store().put(key, source, "image/jpeg")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().open(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().exists(key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().delete(key)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keysLongerThan200CharactersAreRefusedAnd200AreAccepted() throws Exception {
        String longest = "photos/" + "a".repeat(189) + ".jpg";
        assertThat(longest).hasSize(200);
        Path source = file(randomBytes(10));

        assertThat(store().put(longest, source, "image/jpeg")).isTrue();
        assertThatThrownBy(() -> store().put("photos/" + "a".repeat(190) + ".jpg", source, "image/jpeg"))
                .isInstanceOf(IllegalArgumentException.class);
        store().delete(longest);
    }

    @Test
    void twentyPutsOfOneKeyAtOnceAllSucceedAndLeaveTheBytesIntact() throws Exception {
        byte[] bytes = randomBytes(400_000);
        String key = keyFor(bytes, "jpg");
        Path source = file(bytes);

        List<Boolean> written = Concurrently.run(20, () -> store().put(key, source, "image/jpeg"));

        assertThat(written).hasSize(20).contains(true);
        assertThat(read(key)).isEqualTo(bytes);
        BlobStore.Blob blob = store().open(key).orElseThrow();
        blob.content().close();
        assertThat(blob.length()).isEqualTo(bytes.length);
    }

    @Test
    void checkPassesOnAWorkingStore() {
        store().check();
    }

    byte[] read(String key) throws IOException {
        Optional<BlobStore.Blob> blob = store().open(key);
        assertThat(blob).as("blob %s", key).isPresent();
        try (InputStream in = blob.get().content()) {
            return in.readAllBytes();
        }
    }

    Path file(byte[] bytes) throws IOException {
        return Files.write(Files.createTempFile(work, "photo", ".jpg"), bytes);
    }

    static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    /** A content address as the photo service builds them: photos/ab/cd/{sha-256}.{extension}. */
    static String keyFor(byte[] bytes, String extension) {
        try {
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            return "photos/" + hash.substring(0, 2) + "/" + hash.substring(2, 4) + "/" + hash + "." + extension;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
