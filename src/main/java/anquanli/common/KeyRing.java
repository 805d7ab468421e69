package anquanli.common;

import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secret keys under ids, so that they can rotate: the current key makes every new value (a sealed field, a signed
 * code), and each value names the id of its key, which the ring keeps as long as such values are in use. Every key is
 * 32 random bytes, configured in base64 as {@code <property>.<id>}. A bad ring (an unknown current id, a key of the
 * wrong length, an id other than 1-16 of a-z, 0-9 and -) is refused when the ring is built, so at start-up.
 */
public final class KeyRing {

    private static final Pattern KEY_ID = Pattern.compile("[a-z0-9-]{1,16}");
    private static final int KEY_BYTES = 32;

    private final Map<String, byte[]> keys;
    private final String currentId;

    private KeyRing(Map<String, byte[]> keys, String currentId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.currentId = currentId;
    }

    /**
     * @param property    the ring's configuration property, for the messages (e.g. anquanli.crypto.field-keys)
     * @param base64Keys  id → base64 key
     * @param current     the id of the key that makes new values
     * @param currentName the current id's property, for the messages
     */
    public static KeyRing of(String property, Map<String, String> base64Keys, String current, String currentName) {
        Map<String, byte[]> keys = new LinkedHashMap<>();
        base64Keys.forEach((id, key) -> {
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalStateException(property + "." + id + ": a key id is 1-16 characters of a-z, 0-9 and -");
            }
            keys.put(id, decode(key, property + "." + id));
        });
        String id = current.trim();
        if (!keys.containsKey(id)) {
            throw new IllegalStateException(currentName + "=" + id + " names no key of the ring: add " + property + "."
                    + id);
        }
        return new KeyRing(keys, id);
    }

    /** A single key given in base64 under {@code property}; 32 bytes or refused. */
    public static byte[] decode(String base64, String property) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            key = new byte[0];
        }
        if (key.length != KEY_BYTES) {
            throw new IllegalStateException(property + " must be " + KEY_BYTES + " bytes, base64-encoded");
        }
        return key;
    }

    public static boolean validId(String id) {
        return id != null && KEY_ID.matcher(id).matches();
    }

    public String currentId() {
        return currentId;
    }

    public byte[] current() {
        return keys.get(currentId);
    }

    /** The key of {@code id}, or null when the ring has none (retired and removed, or never issued). */
    public byte[] get(String id) {
        return keys.get(id);
    }

    /** Every key by id, the current one among them. */
    public Map<String, byte[]> all() {
        return keys;
    }
}
